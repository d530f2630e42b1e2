// Learning from an analyst's rejection: which stems characterise the false match, so that the same
// pattern from the same source stops producing that milestone.
// Why learned terms and not a trained classifier: rejections are few (a handful per source), an
// analyst must be able to read and undo what was learned, and a stem set is exactly that. The pattern
// is the stems of what tied the item to the milestone (the milestone's and its area's terms) plus the
// agenda anchors it leaned on; the generic AI words are left out, since they are in every match and
// would make the pattern too broad. At most four stems, strongest first, so the pattern is specific
// enough to recur and not so long that it never does.
import type { CompiledAgenda } from "./compile.js";
import { collectEvidence, type MatchInput } from "./match.js";
import { stemWord } from "./stem.js";
import { tokenizeSegments } from "./tokenize.js";

export interface RejectedEvidence {
  milestoneSlug: string | null;
  /** The terms stored with the evidence (surface words), used when the item no longer matches. */
  terms?: readonly string[];
}

const MAX_TERMS = 4;

export function learnNegativePattern(
  compiled: CompiledAgenda,
  item: MatchInput,
  evidence: RejectedEvidence,
): { terms: string[] } {
  const ev = collectEvidence(compiled, item);
  const area = evidence.milestoneSlug ? compiled.milestoneArea.get(evidence.milestoneSlug) : undefined;
  const rank = (target: string): number => {
    if (evidence.milestoneSlug && target === `milestone:${evidence.milestoneSlug}`) return 0;
    if (area && target === `area:${area}`) return 1;
    if (!area && (target.startsWith("area:") || target.startsWith("milestone:"))) return 1;
    if (target === "agenda" || target === "state") return 2;
    return -1;
  };
  const candidates = ev.found
    .map((f) => ({ f, r: rank(f.target) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || b.f.weight - a.f.weight);
  const stems: string[] = [];
  for (const { f } of candidates) {
    for (const s of compiled.patterns[f.hit.pattern]!.stems) {
      if (!stems.includes(s) && s.length > 2) stems.push(s);
    }
    if (stems.length >= MAX_TERMS) break;
  }
  if (stems.length === 0 && evidence.terms?.length) {
    for (const t of evidence.terms) {
      for (const tok of tokenizeSegments([t]).tokens) {
        const s = stemWord(tok.word);
        if (!stems.includes(s) && s.length > 2) stems.push(s);
      }
    }
  }
  return { terms: stems.slice(0, MAX_TERMS) };
}
