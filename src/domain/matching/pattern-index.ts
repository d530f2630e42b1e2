// One index over every term of an agenda: a trie keyed by word steps (stem, exact form, capitals,
// prefix), walked once from each word of an item. The cost per word depends on how many terms share
// its first words, not on how many milestones the agenda has, so a tenfold agenda costs about the same.
// Proximity: a phrase may skip up to its `window` words between two of its words, never across a
// sentence.
import type { Token } from "./tokenize.js";

export type StepKind = "stem" | "word" | "upper" | "prefix";

export interface Step {
  kind: StepKind;
  value: string;
}

interface Node {
  stem?: Map<string, Node>;
  word?: Map<string, Node>;
  upper?: Map<string, Node>;
  prefix?: Map<string, Node>;
  /** Largest window of any phrase continuing from here. */
  maxGap: number;
  /** Patterns ending here, each with its own window. */
  ends?: { pattern: number; window: number }[];
}

export interface Hit {
  pattern: number;
  /** Token indexes of the first and last word. */
  first: number;
  last: number;
  sentence: number;
  /** The words as written, filled in when first asked for. */
  text?: string;
  /** The same lower-cased (what lists of terms are de-duplicated by), filled in when first asked for. */
  key?: string;
}

const PREFIX_HEAD = 3;

/**
 * A number for a word's head (its first PREFIX_HEAD code units, or the whole word when shorter): the
 * same head always gives the same number. Kept within small integers, which V8 keys a Map by without
 * allocating.
 */
function headKey(word: string): number {
  const len = Math.min(word.length, PREFIX_HEAD);
  let h = len;
  for (let i = 0; i < len; i++) h = (h * 65599 + word.charCodeAt(i)) & 0x3fffffff;
  return h;
}

export class PatternIndex {
  private readonly root: Node = { maxGap: 0 };
  /**
   * Prefix steps are found through their first letters (their head), so a word costs one lookup for
   * them all. The list is keyed by a number made from the head's character codes (`headKey`) rather
   * than by the head itself: slicing the head out of each word visited allocated a string per node
   * and word. Different heads may share a key; `children` checks each candidate's head.
   */
  private readonly prefixHeads = new Map<number, string[]>();
  private count = 0;
  /**
   * Scratch lists of child nodes, one per depth of the walk, reused from item to item rather than
   * allocated per word (a scan runs to completion before the next, so they are never shared).
   */
  private readonly scratch: Node[][] = [];

  get size(): number {
    return this.count;
  }

  /** Adds a pattern; returns its id. */
  add(steps: Step[], window: number): number {
    const id = this.count++;
    let node = this.root;
    steps.forEach((step, i) => {
      if (step.kind === "prefix") this.notePrefix(step.value);
      let map = node[step.kind];
      if (!map) {
        map = new Map<string, Node>();
        node[step.kind] = map;
      }
      let next = map.get(step.value);
      if (!next) {
        next = { maxGap: 0 };
        map.set(step.value, next);
      }
      if (i < steps.length - 1) next.maxGap = Math.max(next.maxGap, window);
      node = next;
    });
    if (!node.ends) node.ends = [];
    node.ends.push({ pattern: id, window });
    return id;
  }

  private notePrefix(prefix: string): void {
    const key = headKey(prefix);
    const list = this.prefixHeads.get(key) ?? [];
    if (!list.includes(prefix)) list.push(prefix);
    this.prefixHeads.set(key, list);
  }

  /**
   * Every child of `node` the token leads to, written to `out` from index 0; returns how many. (A count
   * rather than `out.length = 0` and `push`: resetting an array's length is a call into the runtime,
   * made for every word and node.)
   */
  private children(node: Node, t: Token, out: Node[]): number {
    let n = 0;
    const s = node.stem?.get(t.stem);
    if (s) out[n++] = s;
    if (t.alt !== undefined) {
      const a = node.stem?.get(t.alt);
      if (a && a !== s) out[n++] = a;
    }
    const w = node.word?.get(t.word);
    if (w) out[n++] = w;
    if (t.upper) {
      const u = node.upper?.get(t.word);
      if (u) out[n++] = u;
    }
    if (node.prefix) {
      const heads = this.prefixHeads.get(headKey(t.word));
      if (heads) {
        for (const p of heads) {
          // A prefix is tried on words with the same head: its first PREFIX_HEAD letters, or, when it
          // is shorter than that, the whole word (so a shorter prefix only ever matches itself).
          if (p.length >= PREFIX_HEAD ? t.word.startsWith(p) : t.word === p) {
            const c = node.prefix.get(p);
            if (c) out[n++] = c;
          }
        }
      }
    }
    return n;
  }

  /** All pattern occurrences in the tokens; `blocked[i]` tokens take part in none. */
  scan(tokens: readonly Token[], blocked?: readonly boolean[]): Hit[] {
    const hits: Hit[] = [];
    const buf = this.scratchAt(0);
    for (let i = 0; i < tokens.length; i++) {
      if (blocked?.[i]) continue;
      const t = tokens[i]!;
      const count = this.children(this.root, t, buf);
      for (let c = 0; c < count; c++) this.walk(tokens, blocked, buf[c]!, i, i, 0, hits, 1);
    }
    return hits;
  }

  private scratchAt(depth: number): Node[] {
    let list = this.scratch[depth];
    if (!list) {
      list = [];
      this.scratch[depth] = list;
    }
    return list;
  }

  private walk(
    tokens: readonly Token[],
    blocked: readonly boolean[] | undefined,
    node: Node,
    first: number,
    at: number,
    gapUsed: number,
    hits: Hit[],
    depth: number,
  ): void {
    const sentence = tokens[first]!.sentence;
    if (node.ends) {
      for (const e of node.ends)
        if (e.window >= gapUsed)
          hits.push({ pattern: e.pattern, first, last: at, sentence, text: undefined, key: undefined });
    }
    if (!node.stem && !node.word && !node.upper && !node.prefix) return;
    const local = this.scratchAt(depth);
    for (let q = at + 1; q <= at + 1 + node.maxGap && q < tokens.length; q++) {
      const t = tokens[q]!;
      if (t.sentence !== sentence) break;
      if (blocked?.[q]) continue;
      const count = this.children(node, t, local);
      const gap = q - at - 1;
      for (let c = 0; c < count; c++)
        this.walk(tokens, blocked, local[c]!, first, q, Math.max(gapUsed, gap), hits, depth + 1);
    }
  }
}
