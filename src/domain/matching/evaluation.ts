// How the matcher is scored against labelled items (pure): area micro-F1, the share of unrelated
// items that get any area, progress F1, and coverage; plus the naive keyword rule it must beat.

export interface LabelledItem {
  id: string;
  title: string | null;
  excerpt: string | null;
  url?: string | null;
  published?: string | null;
  language?: string | null;
  areas: string[];
  progress: boolean;
}

export interface Prediction {
  id: string | number | null;
  areas?: string[];
  progress?: boolean;
  error?: string;
}

export interface Scores {
  items: number;
  areaPrecision: number;
  areaRecall: number;
  areaF1: number;
  unrelated: number;
  falseMatches: number;
  falseMatchRate: number;
  progressPrecision: number;
  progressRecall: number;
  progressF1: number;
  /** Share of lines that got an answer (not an error) for the right id. */
  coverage: number;
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

const ratio = (a: number, b: number, empty = 1) => (b === 0 ? empty : a / b);

/** Scores predictions given in the same order as the labelled items. */
export function score(gold: readonly LabelledItem[], predicted: readonly Prediction[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let ptp = 0;
  let pfp = 0;
  let pfn = 0;
  let unrelated = 0;
  let falseMatches = 0;
  let answered = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    const ok = p && !p.error && String(p.id) === String(g.id);
    if (ok) answered++;
    const areas = new Set(ok ? (p.areas ?? []) : []);
    const want = new Set(g.areas);
    for (const a of areas) want.has(a) ? tp++ : fp++;
    for (const a of want) if (!areas.has(a)) fn++;
    if (want.size === 0) {
      unrelated++;
      if (areas.size > 0) falseMatches++;
    }
    const prog = Boolean(ok && p.progress);
    if (prog && g.progress) ptp++;
    else if (prog) pfp++;
    else if (g.progress) pfn++;
  });
  const areaPrecision = ratio(tp, tp + fp);
  const areaRecall = ratio(tp, tp + fn);
  const progressPrecision = ratio(ptp, ptp + pfp);
  const progressRecall = ratio(ptp, ptp + pfn);
  return {
    items: gold.length,
    areaPrecision,
    areaRecall,
    areaF1: f1(areaPrecision, areaRecall),
    unrelated,
    falseMatches,
    falseMatchRate: ratio(falseMatches, unrelated, 0),
    progressPrecision,
    progressRecall,
    progressF1: f1(progressPrecision, progressRecall),
    coverage: ratio(answered, gold.length),
  };
}

const AI = /\bAI\b|\bИИ\b|artificial intelligence|искусственн\S* интеллект/iu;
const RUSSIA = /\bRussia|Росси[яи]/iu;
const SIGNED = /\b(signed|approved|launched)\b|подписал|утвердил|запустил/iu;

/** The naive rule: mentions AI and Russia → economy; with "signed/approved/launched" → progress. */
export function baselinePredict(item: LabelledItem): Prediction {
  const text = `${item.title ?? ""}\n${item.excerpt ?? ""}`;
  const hit = AI.test(text) && RUSSIA.test(text);
  return { id: item.id, areas: hit ? ["economy"] : [], progress: hit && SIGNED.test(text) };
}
