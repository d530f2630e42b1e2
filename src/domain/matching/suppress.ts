// Negative patterns learned from analysts' rejections (see negative.ts): a pattern removes a
// milestone, or the whole match, when the item comes from its source and has most of its stems.
import type { CompiledAgenda } from "./compile.js";
import { type Finds, itemStems } from "./finds.js";
import type { MatchInput, MilestoneMatch, NegativePattern } from "./model.js";

/** How many of a negative pattern's stems an item must contain: all of one or two, else two in three. */
export function negativeNeed(terms: number): number {
  return terms <= 2 ? terms : Math.ceil((2 * terms) / 3);
}

function negativeApplies(p: NegativePattern, stems: Set<string>, source: MatchInput["source"]): boolean {
  if (p.sourceId != null && String(p.sourceId) !== String(source ?? "")) return false;
  if (p.terms.length === 0) return false;
  let have = 0;
  for (const s of p.terms) if (stems.has(s)) have++;
  return have >= negativeNeed(p.terms.length);
}

/** The milestones left once the patterns that apply have removed theirs, and what was removed. */
export function applyNegatives<T extends MilestoneMatch>(
  compiled: CompiledAgenda,
  finds: Finds,
  source: MatchInput["source"],
  negatives: readonly NegativePattern[],
  milestones: T[],
): { milestones: T[]; suppressed: string[] } {
  const suppressed: string[] = [];
  const stems = itemStems(compiled, finds);
  let left = milestones;
  for (const p of negatives) {
    if (!negativeApplies(p, stems, source)) continue;
    if (p.milestoneSlug == null) {
      left = [];
      suppressed.push(`all (rejected pattern: ${p.terms.join(" + ")})`);
    } else if (left.some((x) => x.slug === p.milestoneSlug)) {
      left = left.filter((x) => x.slug !== p.milestoneSlug);
      suppressed.push(`${p.milestoneSlug} (rejected pattern: ${p.terms.join(" + ")})`);
    }
  }
  return { milestones: left, suppressed };
}
