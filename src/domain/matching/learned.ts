// The learned layer: logistic weights, fitted on the labelled sets (`npm run fit`), over what the
// rules read in an item (their verdict, why they refused, how many terms of each kind they found)
// and the item's own words. It has the last word on these things only, for an item about AI:
// - whether it is this agenda's: it can take an item the rules refused for too little evidence, never
//   one they refused on evidence against it (trivia, another state's AI, a misuse anecdote); it drops
//   an item they matched only when it reads it as likelier not the agenda's (`thresholds.keep`);
// - which areas it carries (each area's own probability, so no area rides along with another);
// - progress the rules did not read (a step, or an instruction), which it can add, never remove, and
//   never where the rules read a progress cue as a plan; it adds no step to a milestone's score, so
//   only the rules' reading of a step achieves a milestone.
// Milestones, quotes and scores stay the rules'. Pure: no I/O.
import { z } from "zod";

/** What `npm run fit` writes (prisma/agenda/<agenda>.learned.json) and the agenda refers to. */
export const learnedModelSchema = z
  .object({
    /**
     * The outputs, in the order of each weight vector: "related", the agenda's area slugs, and
     * optionally "progress" (a step or an instruction) and "instruction".
     */
    outputs: z.array(z.string()).min(2),
    thresholds: z.object({
      /** Probability at which an item the rules refused is taken as related. */
      related: z.number().min(0).max(1),
      /** Probability at which an area is given; when none reaches it, the likeliest area is. */
      area: z.number().min(0).max(1),
      /** Probability under which an item the rules matched is dropped (0, as models before it: never). */
      keep: z.number().min(0).max(1).default(0),
    }),
    /**
     * One line per feature: its name, a tab, one weight per output separated by commas (packWeights);
     * a feature not listed weighs nothing. Text, not a JSON object of arrays: the agenda is stored in
     * the database, and ten thousand small arrays cost a new embedded database 26 MB more to write.
     */
    weights: z.string(),
    /** How and on what it was fitted, for the reader. */
    fitted: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((model, ctx) => {
    const line = model.weights.split("\n").findIndex((l) => !weightLine(l, model.outputs.length));
    if (line >= 0)
      ctx.addIssue({
        code: "custom",
        path: ["weights"],
        message: `line ${line + 1} is not a feature's name, a tab and ${model.outputs.length} numbers separated by commas`,
      });
  });
export type LearnedModel = z.infer<typeof learnedModelSchema>;

/** A feature's weights, one per output, as the model file writes them. */
export function packWeights(weights: Record<string, readonly number[]>): string {
  return Object.entries(weights)
    .map(([name, w]) => `${name}\t${w.join(",")}`)
    .join("\n");
}

/** The line's feature and weights, or null when it is not `name<TAB>w,w,…` with `outputs` numbers. */
function weightLine(line: string, outputs: number): [string, number[]] | null {
  const tab = line.lastIndexOf("\t");
  if (tab <= 0) return null;
  const w = line
    .slice(tab + 1)
    .split(",")
    .map(Number);
  return w.length === outputs && w.every(Number.isFinite) ? [line.slice(0, tab), w] : null;
}

/** feature → weights, from the model's text (which the agenda's parsing checked). */
export function unpackWeights(model: LearnedModel): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of model.weights.split("\n")) {
    const entry = weightLine(line, model.outputs.length);
    if (entry) out.set(entry[0], entry[1]);
  }
  return out;
}

/** What the rules read in an item, as the learned layer sees it. */
export interface RuleReading {
  lang: string;
  headline: boolean;
  /** The rules' own verdict: matched and its areas; else the reasons they refused. */
  matched: boolean;
  areas: readonly string[];
  refusals: readonly string[];
  /** A refusal is evidence against the item (trivia, another state's AI, a misuse anecdote): final. */
  final: boolean;
  progress: boolean;
  nature: string;
  crossLanguage: boolean;
  /** target ("ai", "agenda", "area:risk", "instruction"…) → distinct terms found. */
  termCounts: ReadonlyMap<string, number>;
  /** The item's words, lower case. */
  words: readonly string[];
}

/** Words are cut to this many letters: a cheap stem that works alike in every language. */
const PREFIX = 5;
const WORD = "w:";

/** Calls `visit` once for each feature of the item but its words: name and value. */
function visitRuleFeatures(r: RuleReading, visit: (name: string, value: number) => void): void {
  visit("bias", 1);
  visit(`lang:${r.lang}`, 1);
  if (r.headline) visit("headline", 1);
  if (r.matched) {
    visit("rule:matched", 1);
    for (const a of r.areas) visit(`rule:area:${a}`, 1);
  }
  for (const why of r.refusals) visit(`rule:refused:${why}`, 1);
  if (r.progress) visit("rule:progress", 1);
  visit(`rule:nature:${r.nature}`, 1);
  if (r.crossLanguage) visit("rule:crossLanguage", 1);
  for (const [target, n] of r.termCounts) visit(`terms:${target}`, Math.log1p(n));
}

/** The item's distinct word prefixes. */
function wordPrefixes(r: RuleReading): Set<string> {
  const out = new Set<string>();
  for (const word of r.words) out.add(word.slice(0, PREFIX));
  return out;
}

/** The features of one item, name → value, as the model is fitted on them. */
export function featuresOf(r: RuleReading): Map<string, number> {
  const f = new Map<string, number>();
  visitRuleFeatures(r, (name, value) => f.set(name, value));
  for (const w of wordPrefixes(r)) f.set(WORD + w, 1);
  return f;
}

/** Outputs that are not areas. */
export const NON_AREA_OUTPUTS = new Set(["related", "progress", "instruction"]);

/**
 * Why a model cannot serve an agenda with these areas, or null: it must say "related" first and give
 * every area, and no other (a model fitted before an area was renamed or added would never give it).
 */
export function modelMismatch(outputs: readonly string[], areaSlugs: readonly string[]): string | null {
  const areas = outputs.filter((o) => !NON_AREA_OUTPUTS.has(o));
  const same = areas.length === areaSlugs.length && areaSlugs.every((a) => areas.includes(a));
  if (outputs[0] === "related" && same) return null;
  return (
    `the learned model's outputs (${outputs.join(", ")}) are not "related" and this agenda's areas ` +
    `(${areaSlugs.join(", ")}): refit it with \`npm run fit\`, or set matching.learned to null`
  );
}

/** The model as matching reads it: weights by feature, the words' apart by their prefix alone. */
export interface CompiledModel {
  outputs: string[];
  thresholds: LearnedModel["thresholds"];
  features: Map<string, readonly number[]>;
  words: Map<string, readonly number[]>;
  /** Where each output is in a weight vector (progress and instruction: -1 when absent). */
  index: { related: number; progress: number; instruction: number; areas: number[] };
}

export function compileModel(model: LearnedModel): CompiledModel {
  const features = new Map<string, readonly number[]>();
  const words = new Map<string, readonly number[]>();
  for (const [name, w] of unpackWeights(model)) {
    if (name.startsWith(WORD)) words.set(name.slice(WORD.length), w);
    else features.set(name, w);
  }
  const index = {
    related: model.outputs.indexOf("related"),
    progress: model.outputs.indexOf("progress"),
    instruction: model.outputs.indexOf("instruction"),
    areas: model.outputs.flatMap((o, i) => (NON_AREA_OUTPUTS.has(o) ? [] : [i])),
  };
  return { outputs: model.outputs, thresholds: model.thresholds, features, words, index };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Each output's probability for this item: the same sums as `featuresOf` with the stored weights. */
export function probabilities(model: CompiledModel, r: RuleReading): number[] {
  const z = new Array<number>(model.outputs.length).fill(0);
  const add = (w: readonly number[] | undefined, value: number) => {
    if (w === undefined) return;
    for (let i = 0; i < z.length; i++) z[i]! += (w[i] ?? 0) * value;
  };
  visitRuleFeatures(r, (name, value) => add(model.features.get(name), value));
  for (const w of wordPrefixes(r)) add(model.words.get(w), 1);
  return z.map(sigmoid);
}

export interface LearnedVerdict {
  related: boolean;
  /** The areas the item carries, in the model's order (empty when not related). */
  areas: string[];
  probability: number;
  /** Progress the rules did not read; null when the rules read progress or the model has no such output. */
  progress: "step" | "instruction" | null;
}

/** The learned layer's verdict on an item about AI the rules have read. */
export function learnedVerdict(model: CompiledModel, reading: RuleReading): LearnedVerdict {
  const p = probabilities(model, reading);
  const { index } = model;
  const probability = p[index.related]!;
  const related = reading.matched
    ? probability >= model.thresholds.keep
    : !reading.final && probability >= model.thresholds.related;
  if (!related) return { related, areas: [], probability, progress: null };
  const areas = index.areas.filter((i) => p[i]! >= model.thresholds.area).map((i) => model.outputs[i]!);
  if (areas.length === 0) {
    const best = index.areas.reduce((a, b) => (p[b]! > p[a]! ? b : a));
    areas.push(model.outputs[best]!);
  }
  const progress = index.progress < 0 ? null : p[index.progress]!;
  const instruction = index.instruction < 0 ? 0 : p[index.instruction]!;
  // An instruction when, given progress, it is likelier an instruction than a step.
  // Where the rules found a progress cue and read it as future, modal or talk ("will be approved"),
  // their reading of the tense stands: words alone cannot tell a plan from a deed.
  const cancelled = (reading.termCounts.get("progress") ?? 0) > 0;
  const added =
    reading.progress || cancelled || progress === null || progress < 0.5
      ? null
      : instruction >= progress / 2
        ? "instruction"
        : "step";
  return { related, areas, probability, progress: added };
}
