// Fitting the learned layer (src/domain/matching/learned.ts) and judging it fairly:
// - the sets it is fitted on are listed in eval/fit.json; every other eval set is a judge it never sees;
// - cross-validation by set: each fitted set (own.jsonl in k folds) is scored by a model fitted on
//   all the others, so no figure printed for a fitted set comes from a model that saw it.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type CompiledAgenda,
  compileModel,
  DEFAULT_FIT,
  type FitOptions,
  featuresOf,
  fitLogistic,
  type LearnedModel,
  learnedInput,
  packWeights,
} from "../src/domain/matching/index.js";
import { type CvItem, type CvScores, cvScore, foldOf, predict } from "./eval-cv.js";
import { findDevFile, readLabelled } from "./eval-lib.js";
import { matchInputOf } from "../src/services/classify.js";
import type { Prediction } from "../src/domain/matching/evaluation.js";

/**
 * Probabilities at which the layer takes an item the rules refused, gives an area, and keeps an item
 * the rules matched (set by hand, not fitted).
 */
export const THRESHOLDS = { related: 0.85, area: 0.5, keep: 0.5 };

export const evalDir = () => path.dirname(findDevFile());

/** The eval sets the layer is fitted on (eval/fit.json): a set not listed there is a judge. */
export function fitSets(): string[] {
  const list = JSON.parse(readFileSync(path.join(evalDir(), "fit.json"), "utf8")) as { sets: string[] };
  return list.sets;
}

export interface SetItems {
  set: string;
  items: CvItem[];
}

export function readSets(names: readonly string[]): SetItems[] {
  return names.map((set) => ({ set, items: readLabelled(path.join(evalDir(), set)) as CvItem[] }));
}

/**
 * The model fitted on these items, for the agenda's rules (`rules` must have no learned layer).
 * Items not about AI never reach the layer, so they are not fitted on.
 */
export function fitModel(
  rules: CompiledAgenda,
  items: readonly CvItem[],
  options: FitOptions = DEFAULT_FIT,
): LearnedModel {
  const outputs = ["related", ...rules.areas.map((a) => a.slug), "progress", "instruction"];
  const labelOf = (it: CvItem, output: string): number => {
    if (output === "related") return it.areas.length > 0 ? 1 : 0;
    if (output === "progress") return it.progress ? 1 : 0;
    if (output === "instruction") return it.nature === "instruction" ? 1 : 0;
    return it.areas.includes(output) ? 1 : 0;
  };
  const rows: Map<string, number>[] = [];
  const labels: number[][] = outputs.map(() => []);
  for (const it of items) {
    const reading = learnedInput(rules, matchInputOf(it));
    if (reading === null) continue;
    rows.push(featuresOf(reading));
    outputs.forEach((output, i) => {
      labels[i]!.push(labelOf(it, output));
    });
  }
  return {
    outputs,
    thresholds: THRESHOLDS,
    weights: packWeights(fitLogistic(rows, labels, options)),
    fitted: { items: rows.length, ...options },
  };
}

/** The rules with this learned layer. */
export const withModel = (rules: CompiledAgenda, model: LearnedModel | null): CompiledAgenda => ({
  ...rules,
  learned: model && compileModel(model),
});

/** The folds of cross-validation by set: each set its own fold, own.jsonl cut into k by id. */
export function foldsBySet(sets: readonly SetItems[], k: number): { name: string; items: CvItem[] }[] {
  const folds: { name: string; items: CvItem[] }[] = [];
  for (const s of sets) {
    if (s.set !== "own.jsonl") {
      folds.push({ name: s.set, items: s.items });
      continue;
    }
    for (let f = 0; f < k; f++)
      folds.push({
        name: `own.jsonl fold ${f + 1}/${k}`,
        items: s.items.filter((it) => foldOf(it.id, k) === f),
      });
  }
  return folds;
}

export interface LearnedCvRow {
  set: string;
  rules: CvScores;
  learned: CvScores;
}

/**
 * Cross-validation by set: each fold's items predicted by the rules alone and by the rules with a
 * layer fitted on every other fold; a row per fitted set, then the sets searched by topic together
 * and the runs of ordinary traffic together (as the judges are pooled).
 */
export function crossValidateLearned(rules: CompiledAgenda, k: number): LearnedCvRow[] {
  const sets = readSets(fitSets());
  const folds = foldsBySet(sets, k);
  const byItem = new Map<CvItem, { rules: Prediction; learned: Prediction }>();
  for (const fold of folds) {
    const model = fitModel(
      rules,
      folds.filter((f) => f !== fold).flatMap((f) => f.items),
    );
    const alone = predict(rules, fold.items);
    const learned = predict(withModel(rules, model), fold.items);
    fold.items.forEach((it, i) => {
      byItem.set(it, { rules: alone[i]!, learned: learned[i]! });
    });
  }
  const rowOf = (set: string, items: CvItem[]): LearnedCvRow => ({
    set,
    rules: cvScore(
      items,
      items.map((it) => byItem.get(it)!.rules),
    ),
    learned: cvScore(
      items,
      items.map((it) => byItem.get(it)!.learned),
    ),
  });
  const rows = sets.map((s) => rowOf(s.set.replace(/\.jsonl$/, ""), s.items));
  const traffic = (s: SetItems) => s.items.some((it) => "run" in it);
  const topic = sets.filter((s) => s.set.startsWith("heldout-") && !traffic(s));
  rows.push(
    rowOf(
      "held-out sets by topic",
      topic.flatMap((s) => s.items),
    ),
  );
  rows.push(
    rowOf(
      "ordinary traffic",
      sets.filter(traffic).flatMap((s) => s.items),
    ),
  );
  return rows;
}
