// The matcher: pure functions from an agenda and an item to areas, milestones, progress and evidence.
export { type CompiledAgenda, compileAgenda } from "./compile.js";
export {
  type MatchInput,
  type MatchOptions,
  type MatchResult,
  type MilestoneMatch,
  type NegativePattern,
  matchedStems,
  matchItem,
} from "./match.js";
export { learnNegativePattern, type RejectedEvidence } from "./negative.js";

/** Bump whenever matching behaviour changes, so stored evidence can be told apart and re-matched. */
export const MATCHER_VERSION = "1.0.0";
