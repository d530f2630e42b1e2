// k-fold cross-validation of the matcher's fitted parameters: the hand-written rules (the agenda's
// terms and patterns) stay fixed; what is fitted is named in FITTED below. For each fold the
// parameters are chosen on the other k−1 folds (the grid point with the best OBJECTIVE) and the fold
// left out is scored with them; the figures are those of the left-out folds put together. The fit
// on all items (chosen and scored on the same items) is printed beside them: a matcher change is
// accepted on the cross-validated figures, never on the fit.
import { createHash } from "node:crypto";
import type { MatchingSpec } from "../src/domain/agenda.js";
import type { LabelledItem, Prediction } from "../src/domain/matching/evaluation.js";
import type { CompiledAgenda } from "../src/domain/matching/index.js";
import { classifyItem } from "../src/services/classify.js";

type Thresholds = MatchingSpec["thresholds"];

/** What is fitted: these thresholds of `matching.thresholds`, over these candidate values. */
export const FITTED: Partial<Record<keyof Thresholds, number[]>> = {
  area: [1.5, 2, 2.5],
  relevance: [3, 4],
  strongAgenda: [3, 4, 5],
  progress: [0.5, 1, 1.5],
  defaultAreaShare: [0, 0.75, 1.25],
};

/** A labelled item as the own set writes it: `kind` says related, near miss or unrelated. */
export interface CvItem extends LabelledItem {
  kind?: string | null;
  nature?: string | null;
}

export interface CvScores {
  items: number;
  areaF1: number;
  areaPrecision: number;
  areaRecall: number;
  progressF1: number;
  /** Near misses (kind near…) given any area. */
  nearMisses: number;
  nearMissMatched: number;
  /** Other items without areas given any area. */
  unrelated: number;
  unrelatedMatched: number;
  /** Items without areas (near misses and unrelated) marked progress. */
  unrelatedProgress: number;
  /** Items with areas given at least one area. */
  related: number;
  relatedCaught: number;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export const isNearMiss = (it: CvItem) => /near/i.test(it.kind ?? "");

/** The figures the issue asks for, on predictions in the items' order. */
export function cvScore(items: readonly CvItem[], predicted: readonly Prediction[]): CvScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let ptp = 0;
  let pfp = 0;
  let pfn = 0;
  const s: CvScores = {
    items: items.length,
    areaF1: 0,
    areaPrecision: 0,
    areaRecall: 0,
    progressF1: 0,
    nearMisses: 0,
    nearMissMatched: 0,
    unrelated: 0,
    unrelatedMatched: 0,
    unrelatedProgress: 0,
    related: 0,
    relatedCaught: 0,
  };
  items.forEach((g, i) => {
    const p = predicted[i]!;
    const got = new Set(p.areas ?? []);
    const want = new Set(g.areas);
    for (const a of got) want.has(a) ? tp++ : fp++;
    for (const a of want) if (!got.has(a)) fn++;
    if (want.size > 0) {
      s.related++;
      if (got.size > 0) s.relatedCaught++;
    } else if (isNearMiss(g)) {
      s.nearMisses++;
      if (got.size > 0) s.nearMissMatched++;
    } else {
      s.unrelated++;
      if (got.size > 0) s.unrelatedMatched++;
    }
    if (want.size === 0 && p.progress) s.unrelatedProgress++;
    if (p.progress && g.progress) ptp++;
    else if (p.progress) pfp++;
    else if (g.progress) pfn++;
  });
  s.areaPrecision = ratio(tp, tp + fp);
  s.areaRecall = ratio(tp, tp + fn);
  s.areaF1 = f1(s.areaPrecision, s.areaRecall);
  s.progressF1 = f1(ratio(ptp, ptp + pfp), ratio(ptp, ptp + pfn));
  return s;
}

/** What the fit maximises: area F1, half of progress F1, less the share of near misses matched. */
export function objective(s: CvScores): number {
  const falseRate = ratio(s.nearMissMatched + s.unrelatedMatched, s.nearMisses + s.unrelated) || 0;
  return s.areaF1 + 0.5 * s.progressF1 - 2 * falseRate;
}

/** Every combination of the FITTED values. */
export function grid(): Partial<Thresholds>[] {
  let out: Partial<Thresholds>[] = [{}];
  for (const [key, values] of Object.entries(FITTED) as [keyof Thresholds, number[]][]) {
    out = out.flatMap((g) => values.map((v) => ({ ...g, [key]: v })));
  }
  return out;
}

/** The compiled agenda with these thresholds (the pattern index is shared, not rebuilt). */
export function withThresholds(compiled: CompiledAgenda, t: Partial<Thresholds>): CompiledAgenda {
  return {
    ...compiled,
    matching: { ...compiled.matching, thresholds: { ...compiled.matching.thresholds, ...t } },
  };
}

export function predict(compiled: CompiledAgenda, items: readonly CvItem[]): Prediction[] {
  return items.map((it) =>
    classifyItem(compiled, {
      id: it.id,
      title: it.title,
      excerpt: it.excerpt,
      url: it.url ?? null,
      published: it.published ?? null,
      language: it.language ?? null,
    }),
  );
}

/** The grid point with the best objective on these items (the first of equals: the grid's order). */
export function fitThresholds(compiled: CompiledAgenda, items: readonly CvItem[]): Partial<Thresholds> {
  let best: Partial<Thresholds> = {};
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const t of grid()) {
    const value = objective(cvScore(items, predict(withThresholds(compiled, t), items)));
    if (value > bestValue + 1e-9) {
      best = t;
      bestValue = value;
    }
  }
  return best;
}

/** The fold an item falls in: by a hash of its id, so folds stay the same between runs. */
export function foldOf(id: string, k: number): number {
  return createHash("sha256").update(String(id)).digest().readUInt32BE(0) % k;
}

export interface CvReport {
  shipped: CvScores;
  fitOnAll: { thresholds: Partial<Thresholds>; scores: CvScores };
  crossValidated: { k: number; scores: CvScores; thresholds: Partial<Thresholds>[] };
}

/** Shipped thresholds, the fit on all items, and k-fold cross-validation, on one labelled set. */
export function crossValidate(compiled: CompiledAgenda, items: readonly CvItem[], k = 5): CvReport {
  const shipped = cvScore(items, predict(compiled, items));
  const all = fitThresholds(compiled, items);
  const fitOnAll = { thresholds: all, scores: cvScore(items, predict(withThresholds(compiled, all), items)) };
  const predicted: Prediction[] = new Array(items.length);
  const chosen: Partial<Thresholds>[] = [];
  for (let f = 0; f < k; f++) {
    const train = items.filter((it) => foldOf(it.id, k) !== f);
    const testIdx = items.map((_, i) => i).filter((i) => foldOf(items[i]!.id, k) === f);
    const t = fitThresholds(compiled, train);
    chosen.push(t);
    const preds = predict(
      withThresholds(compiled, t),
      testIdx.map((i) => items[i]!),
    );
    testIdx.forEach((i, j) => {
      predicted[i] = preds[j]!;
    });
  }
  return { shipped, fitOnAll, crossValidated: { k, scores: cvScore(items, predicted), thresholds: chosen } };
}
