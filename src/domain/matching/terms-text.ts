// The words an item wrote for its finds, as explanations and evidence list them: each once,
// whatever its capitals, in text order.
import type { Found, Finds } from "./finds.js";
import type { Hit } from "./pattern-index.js";
import type { TokenizedText } from "./tokenize.js";

/** The hit's words as the item wrote them. */
export function surface(tok: TokenizedText, h: Hit): string {
  if (h.text === undefined) {
    const s = tok.text.slice(tok.tokens[h.first]!.start, tok.tokens[h.last]!.end);
    h.text = /\s\s|[\n\t\u00a0]/.test(s) ? s.replace(/\s+/g, " ") : s;
  }
  return h.text;
}

/** The hit's words lower-cased: lists of terms name each once, whatever its capitals. */
export function surfaceKey(tok: TokenizedText, h: Hit): string {
  if (h.key === undefined) h.key = surface(tok, h).toLowerCase();
  return h.key;
}

/** Appends the find's words unless `keys` (the lower-cased words listed so far) has them. */
export function addTerm(tok: TokenizedText, h: Hit, out: string[], keys: string[]): void {
  const key = surfaceKey(tok, h);
  if (keys.includes(key)) return;
  keys.push(key);
  out.push(surface(tok, h));
}

export const NO_TERMS: readonly string[] = Object.freeze([]);

/** The words as the item wrote them for one target, once each, in text order (for explanations). */
export function termsOf(ev: Finds, target: string): readonly string[] {
  let out: string[] | undefined;
  let keys: string[] | undefined;
  for (const f of ev.found) {
    if (f.target !== target) continue;
    out ??= [];
    keys ??= [];
    addTerm(ev.tok, f.hit, out, keys);
  }
  return out ?? NO_TERMS;
}

/** The words of the selected finds, in text order, leaving out a find inside a longer one. */
export function outermost(ev: Finds, keep: (f: Found) => boolean): string[] {
  if (ev.found.length > SMALL_LIST) return outermostOfMany(ev, keep);
  const out: string[] = [];
  const keys: string[] = [];
  for (const f of ev.found) {
    if (keep(f) && !insideKept(ev.found, keep, f.hit)) addTerm(ev.tok, f.hit, out, keys);
  }
  return out;
}

/** Whether a longer selected find spans `h`. */
function insideKept(found: readonly Found[], keep: (f: Found) => boolean, h: Hit): boolean {
  for (const o of found) {
    const g = o.hit;
    if (g !== h && g.first <= h.first && g.last >= h.last && g.last - g.first > h.last - h.first && keep(o))
      return true;
  }
  return false;
}

const SMALL_LIST = 64;

/**
 * `outermost` for a long text's many finds, in one sort: a find is inside a longer one when a find
 * starting before it (or at it and longer) reaches at least as far.
 */
function outermostOfMany(ev: Finds, keep: (f: Found) => boolean): string[] {
  const kept = ev.found.filter(keep);
  const len = (h: Hit) => h.last - h.first;
  const spans = kept.map((f) => f.hit).sort((a, b) => a.first - b.first || len(b) - len(a));
  const inside = new Set<Hit>();
  let reachBefore = -1;
  for (let i = 0; i < spans.length; ) {
    const first = spans[i]!.first;
    const groupLast = spans[i]!.last;
    let j = i;
    for (; j < spans.length && spans[j]!.first === first; j++) {
      const h = spans[j]!;
      if (reachBefore >= h.last || groupLast > h.last) inside.add(h);
    }
    for (let k = i; k < j; k++) reachBefore = Math.max(reachBefore, spans[k]!.last);
    i = j;
  }
  const out: string[] = [];
  const keys = new Set<string>();
  for (const f of kept) {
    if (inside.has(f.hit)) continue;
    const key = surfaceKey(ev.tok, f.hit);
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(surface(ev.tok, f.hit));
  }
  return out;
}

export function unique(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of list) {
    const k = s.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(s);
    }
  }
  return out;
}
