// Fits the learned layer's weights: one L2-regularised logistic regression per output, over sparse
// features, by full-batch Adam (the loss is convex, so a fixed number of steps lands near the same
// weights every time, and the fit needs no library). Pure and deterministic: same rows, same weights.

export interface FitOptions {
  /** L2 penalty per weight (the loss is summed over items, not averaged). */
  l2: number;
  steps: number;
  learningRate: number;
  /** Weights smaller than this are left out of the model (they change no probability that matters). */
  prune: number;
}

export const DEFAULT_FIT: FitOptions = { l2: 2, steps: 400, learningRate: 0.05, prune: 0.02 };

interface Sparse {
  /** Row i's features are cols[rowStart[i]..rowStart[i+1]), with vals alike. */
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
  names: string[];
}

function toSparse(rows: readonly ReadonlyMap<string, number>[]): Sparse {
  const index = new Map<string, number>();
  const names: string[] = [];
  let nnz = 0;
  for (const r of rows) nnz += r.size;
  const rowStart = new Int32Array(rows.length + 1);
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let k = 0;
  rows.forEach((r, i) => {
    rowStart[i] = k;
    for (const [name, v] of r) {
      let c = index.get(name);
      if (c === undefined) {
        c = names.length;
        index.set(name, c);
        names.push(name);
      }
      cols[k] = c;
      vals[k++] = v;
    }
  });
  rowStart[rows.length] = k;
  return { rowStart, cols, vals, names };
}

/** One output's weights (by column) for labels y (0 or 1 per row). */
function fitOne(x: Sparse, y: readonly number[], o: FitOptions): Float64Array {
  const d = x.names.length;
  const w = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const g = new Float64Array(d);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= o.steps; t++) {
    for (let j = 0; j < d; j++) g[j] = o.l2 * w[j]!;
    for (let i = 0; i < y.length; i++) {
      let z = 0;
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) z += w[x.cols[k]!]! * x.vals[k]!;
      const err = 1 / (1 + Math.exp(-z)) - y[i]!;
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) g[x.cols[k]!]! += err * x.vals[k]!;
    }
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let j = 0; j < d; j++) {
      m[j] = b1 * m[j]! + (1 - b1) * g[j]!;
      v[j] = b2 * v[j]! + (1 - b2) * g[j]! * g[j]!;
      w[j]! -= (o.learningRate * (m[j]! / c1)) / (Math.sqrt(v[j]! / c2) + 1e-8);
    }
  }
  return w;
}

/**
 * Weights for each output (labels[output][row]), as the learned model stores them: feature → one
 * weight per output, rounded, features whose every weight is below `prune` left out.
 */
export function fitLogistic(
  rows: readonly ReadonlyMap<string, number>[],
  labels: readonly (readonly number[])[],
  options: FitOptions = DEFAULT_FIT,
): Record<string, number[]> {
  const x = toSparse(rows);
  const perOutput = labels.map((y) => fitOne(x, y, options));
  const weights: Record<string, number[]> = {};
  x.names.forEach((name, j) => {
    const w = perOutput.map((out) => Math.round(out[j]! * 1000) / 1000);
    if (w.some((value) => Math.abs(value) >= options.prune)) weights[name] = w;
  });
  return weights;
}
