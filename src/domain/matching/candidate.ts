// Whether an item's article page is worth fetching for its full text: only for an item that the
// matcher already takes on its title and summary, or nearly does, since the full text can add the
// policy evidence and the quote but is fetched one page per item from the publisher.
import type { CompiledAgenda } from "./compile.js";
import { findTerms } from "./finds.js";
import { matchItem } from "./match.js";
import type { MatchInput } from "./model.js";
import { weighAgendaTies } from "./ties.js";

/**
 * `matched`: the title and summary match already (the article adds the quote and the whole text).
 * `near`: they are about AI and tied to the agenda's state, and only the policy evidence is missing.
 * null: not a candidate (no AI in them, or nothing ties them to the agenda's state).
 */
export type ArticleCandidacy = "matched" | "near" | null;

/** How much an item's article is wanted, from the text the listing gave. Pure. */
export function articleCandidacy(compiled: CompiledAgenda, item: MatchInput): ArticleCandidacy {
  const th = compiled.matching.thresholds;
  const ties = weighAgendaTies(compiled, item, findTerms(compiled, item));
  if (ties.ai < th.ai || ties.agenda < th.agenda) return null;
  return matchItem(compiled, item, { explain: false }).matched ? "matched" : "near";
}
