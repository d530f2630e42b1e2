// What a reader of one result is told: the terms found per target, and the decision.
import type { CompiledAgenda } from "./compile.js";
import type { Finds } from "./finds.js";
import type { MatchResult, Nature } from "./model.js";
import type { SentenceReading } from "./milestones.js";
import { termsOf, unique } from "./terms-text.js";
import type { AgendaTies } from "./ties.js";

/** A non-match; `detail` null when no explanation is wanted (MatchOptions.explain), the usual case on intake. */
export function notMatched(why: string[], detail: string | null): MatchResult {
  return {
    matched: false,
    areas: [],
    milestones: [],
    progress: false,
    nature: "discussion",
    deadline: null,
    crossLanguage: false,
    score: 0,
    terms: [],
    quote: null,
    explanation: detail === null ? "" : `Not matched: ${why.join("; ")}${detail ? `. ${detail}` : ""}.`,
  };
}

const NON_MATCH_LISTS = [
  ["AI", "ai"],
  ["agenda", "agenda"],
  ["foreign", "foreign"],
] as const;

/** What was found, for the explanation of a non-match. */
export function score0Explanation(ev: Finds): string {
  let out = "";
  for (const [label, target] of NON_MATCH_LISTS) {
    const l = termsOf(ev, target);
    if (l.length) out += `${out ? "; " : ""}${label}: ${l.join(", ")}`;
  }
  return out;
}

export interface Decision {
  matched: boolean;
  areas: string[];
  milestones: string[];
  nature: Nature;
  why: string[];
  suppressed: string[];
  crossLanguage: boolean;
  /** What the learned layer decided, when the agenda has one. */
  learned?: string | null;
}

/** The explanation of a decided match (or of a match the negative patterns undid). */
export function explainMatch(
  compiled: CompiledAgenda,
  ev: Finds,
  ties: AgendaTies,
  reading: SentenceReading,
  d: Decision,
): string {
  const parts: string[] = [];
  const describe = (label: string, target: string) => {
    const l = termsOf(ev, target);
    if (l.length) parts.push(`${label}: ${l.join(", ")}`);
  };
  if (d.crossLanguage) parts.push(`in ${ties.lang}: matched on names that cross languages`);
  describe("AI", "ai");
  if (ties.hostTerms.length) parts.push(`published on ${ties.hostTerms.join(", ")}`);
  else if (ties.voice === "official") parts.push("from an official source");
  describe("agenda", "agenda");
  if (ties.state > 0) describe("state", "state");
  if (ties.implicit > 0) parts.push(`domestic (${ties.lang}, no foreign actor named)`);
  describe("foreign", "foreign");
  for (const a of compiled.areas) describe(a.slug, a.target);
  if (d.nature !== "discussion") {
    const cues = unique(reading.progressSentences.flatMap((i) => reading.info[i]!.progressTerms));
    parts.push(`${d.nature}: ${cues.join(", ")}`);
  }
  if (d.learned) parts.push(d.learned);
  if (d.suppressed.length) parts.push(`suppressed ${d.suppressed.join("; ")}`);
  const milestones = d.milestones.length ? ` (${d.milestones.join(", ")})` : "";
  const as = d.nature === "discussion" ? "discussion" : `progress (${d.nature})`;
  const head = d.matched
    ? `Matched ${d.areas.join(", ")}${milestones} as ${as}`
    : `Not matched: ${d.why.join("; ")}`;
  return parts.length ? `${head}. ${parts.join("; ")}.` : `${head}.`;
}
