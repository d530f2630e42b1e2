// Learning from an analyst's rejection: what made THIS item a false match, so that a near-copy of it
// from the same source stops producing that milestone while genuine items keep matching.
//
// Why learned terms and not a trained classifier: rejections are few (a handful per source), an
// analyst must be able to read and undo what was learned, and a stem set is exactly that.
//
// What is learned: the item's distinctive words that are NOT agenda vocabulary ("chess",
// "tournament", "subscribers"). The words that tied the item to the milestone (GigaChat, "large
// language model", Sber, AI) are exactly what every genuine item on that milestone also says; a
// pattern made of them would silence the milestone for the whole source. So every word inside any
// term of the agenda (context, anchors, areas, milestones, progress and discussion cues) is left out,
// as are function words and words of fewer than four letters; the agenda's off-topic terms (sport,
// the arts) are kept, being the very content that is not the agenda's. The rest are ranked by how prominent
// they are in the item (in the title, repeated) and the top MAX_TERMS kept.
//
// How it applies (match.ts): an item of the same source whose words contain most of the stems (all of
// one or two, two in three of more; `negativeNeed`) loses that milestone. A near-copy that rewords a
// little still carries most of them; a genuine item shares none or few.
//
// When the item has no distinctive word (it says nothing but agenda vocabulary) nothing is learned:
// there is nothing that would tell its near-copies from genuine items, and the rejection itself still
// stands on the stored evidence.
import type { CompiledAgenda } from "./compile.js";
import { weighTerms } from "./finds.js";
import type { MatchInput } from "./model.js";
import { SEGMENT_TITLE } from "./segments.js";
import { isStopword } from "./stopwords.js";

export interface RejectedEvidence {
  milestoneSlug: string | null;
  /**
   * The terms stored with the evidence (surface words): what tied the item to the milestone, so
   * never part of what is learned, even when the agenda no longer lists them.
   */
  terms?: readonly string[];
}

const MAX_TERMS = 4;
const MIN_LETTERS = 4;
const TITLE_BONUS = 2;

export function learnNegativePattern(
  compiled: CompiledAgenda,
  item: MatchInput,
  evidence: RejectedEvidence,
): { terms: string[] } {
  const ev = weighTerms(compiled, item);
  const { tokens, sentences } = ev.tok;
  // Words any agenda term used are agenda vocabulary, whatever list the term is in; off-topic terms
  // (chess, concert) are the opposite, the very content that is not the agenda's.
  const covered = new Uint8Array(tokens.length);
  for (const h of ev.hits) {
    if (compiled.patterns[h.pattern]!.usages.every((u) => u.target === "offTopic")) continue;
    for (let i = h.first; i <= h.last; i++) covered[i] = 1;
  }
  const stored = new Set<string>();
  for (const t of evidence.terms ?? [])
    for (const w of t.toLowerCase().split(/[^\p{L}\p{N}]+/u)) stored.add(w);

  const rank = new Map<string, { score: number; first: number }>();
  tokens.forEach((t, i) => {
    if (covered[i] || stored.has(t.word)) return;
    if (!/\p{L}/u.test(t.word) || [...t.word].length < MIN_LETTERS || isStopword(t.word)) return;
    const inTitle = sentences[t.sentence]?.segment === SEGMENT_TITLE;
    const r = rank.get(t.stem) ?? { score: 0, first: i };
    r.score += 1 + (inTitle ? TITLE_BONUS : 0);
    rank.set(t.stem, r);
  });
  const terms = [...rank.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)
    .slice(0, MAX_TERMS)
    .map(([stem]) => stem);
  return { terms };
}
