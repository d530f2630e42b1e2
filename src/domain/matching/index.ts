// The matcher: pure functions from an agenda and an item to areas, milestones, progress and evidence.
//
// Everything it knows lives in the agenda file (prisma/agenda/*.json), so a new agenda needs no code:
// - `matching.ai`: the item is about AI. `matching.agenda`: it names the agenda's country, leaders,
//   bodies, companies, partner blocs, programmes. `matching.state`: generic state words that count
//   only when the country is named or the item is domestic. `matching.foreign`: other countries and
//   their companies (an item naming them is not domestic). `matching.hosts`: official web sites.
//   `matching.implicitAgenda`: languages whose items are domestic unless a foreign actor is named.
// - area and milestone `terms`: where the item belongs; `defaultArea` / `fallbackMilestones` when a
//   match names no area or milestone of its own.
// - `matching.progress` / `matching.discussion`: cues weighed per sentence; `matching.inUse`:
//   present-tense cues of an AI system at work (progress when the AI term is their subject);
//   `matching.offTopic`: sport, games, the arts (trivia, not policy); `matching.negative`: phrases
//   whose words count for nothing; `matching.place`: the country as a place ("in Russia"), whose
//   anchors count for nothing when it opens a sentence; `aliases`: spellings that are the same name.
// - Terms: plain text is compared by Snowball stem (so "искусственного интеллекта" matches
//   "искусственный интеллект"); `=word` requires that exact form, `word*` a prefix; acronyms of up to
//   three capitals must be written in capitals; `window` allows words in between; `exclusive` makes a
//   name's words count for nothing else. Weights add up per distinct term; `thresholds` decide.
// A learned layer (learned.ts, fitted by `npm run fit`) then has the last word on whether an item about AI
// is the agenda's, on its areas, and on progress the rules did not read (see its header).
// Tune with `npm run eval` (and `-- --errors`), never for single items.
export { type CompiledAgenda, compileAgenda } from "./compile.js";
export {
  type MatchInput,
  type MatchOptions,
  type MatchResult,
  type MilestoneMatch,
  type Nature,
  NATURES,
  type NegativePattern,
  type Voice,
  learnedInput,
  matchedStems,
  matchItem,
  negativeNeed,
} from "./match.js";
export {
  type CompiledModel,
  compileModel,
  featuresOf,
  type LearnedModel,
  learnedModelSchema,
  packWeights,
  probabilities,
  type RuleReading,
  unpackWeights,
} from "./learned.js";
export { DEFAULT_FIT, type FitOptions, fitLogistic } from "./logistic.js";
export { type ArticleCandidacy, articleCandidacy } from "./candidate.js";
export { learnNegativePattern, type RejectedEvidence } from "./negative.js";

/**
 * Bump whenever matching behaviour changes, so stored evidence can be told apart and re-matched
 * (`match --all`); what each version changed is in the git log of this directory.
 */
export const MATCHER_VERSION = "4.4.0";
