// What an item's words find: every term occurrence after exclusive phrases have claimed their
// words, credited to its targets, and the sums the matcher's gates read.
import type { CompiledAgenda, Usage } from "./compile.js";
import type { MatchInput } from "./model.js";
import type { Hit } from "./pattern-index.js";
import { itemLanguage } from "./language.js";
import { isDateline, withoutScenery } from "./scenery.js";
import { SEGMENT_CONTENT, SEGMENT_TITLE } from "./segments.js";
import { type TokenizedText, tokenizeSegments } from "./tokenize.js";
import { BODY, BODY_AFTER, OF } from "./grammar.js";

/**
 * Full text past its first this many characters counts in its AI passages only (`inAiPassages`):
 * news puts its point first, and a whole transcript names every area in passing.
 */
const LEAD_CHARS = 4000;
/** An AI passage: a sentence of the full text naming AI, and this many sentences either side. */
const PASSAGE_REACH = 1;

/** One term found in the item, credited to one target. */
export interface Found {
  target: string;
  term: string;
  weight: number;
  hit: Hit;
}

/** What an item's words found, before their weights are gathered per target. */
export interface Finds {
  tok: TokenizedText;
  /** Every pattern occurrence that kept its words (exclusive phrases first). */
  hits: Hit[];
  found: Found[];
  /** The item's language: its source's, else guessed from its letters. */
  lang: string;
}

export interface WeighedTerms extends Finds {
  /** target → term → weight (each distinct term counts once per item). */
  byTarget: Map<string, Map<string, number>>;
}

/** The readable words of a URL's path ("…/putin-orders-bank-to-cooperate-on-ai-2025-01-02/"). */
export function urlWords(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const words = path
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => /\p{L}/u.test(w) && !/^(html?|php|aspx?|www|news|article|articles|story|en|ru)$/i.test(w));
  return words.length >= 3 ? words.join(" ") : null;
}

/** Longest first, then in text order. */
const byLength = (a: Hit, b: Hit) => b.last - b.first - (a.last - a.first) || a.first - b.first;
const byFirst = (a: Found, b: Found) => a.hit.first - b.hit.first;

/**
 * `list.sort(cmp)` without the scratch copies the built-in sort makes: the lists are a handful of hits,
 * so an insertion sort, stable like the built-in one (so the order is the same); long lists (full
 * texts) use the built-in sort.
 */
function sortInPlace<T>(list: T[], cmp: (a: T, b: T) => number): T[] {
  if (list.length > SMALL_SORT) return list.sort(cmp);
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    for (; j >= 0 && cmp(list[j]!, x) > 0; j--) list[j + 1] = list[j]!;
    list[j + 1] = x;
  }
  return list;
}
const SMALL_SORT = 32;
/** Past this many hits or finds, the helpers below use maps instead of scanning the list again. */
const SMALL_LIST = 64;

/** Every term occurrence in the item, after exclusive phrases have claimed their words. */
export function weighTerms(compiled: CompiledAgenda, item: MatchInput): WeighedTerms {
  const finds = findTerms(compiled, item);
  return { ...finds, byTarget: weighByTarget(finds.found) };
}

/** `weighTerms` without the weights per target, which most items are decided without. */
export function findTerms(compiled: CompiledAgenda, item: MatchInput): Finds {
  const title = item.title?.trim() || null;
  const tok = tokenizeSegments([title, item.summary, item.content, title ? null : urlWords(item.url)]);
  const hits = compiled.index.scan(tok.tokens);
  const kept = claimWords(
    compiled,
    inAiPassages(compiled, tok, hits).filter((h) => !isDateline(tok, h)),
    tok.tokens.length,
  );
  const lang = itemLanguage(item.language, tok);

  // Longest phrases first; within one target a word counts once ("AI" inside "generative AI").
  const ordered = sortInPlace(kept, byLength);
  const found: Found[] = [];
  // A long text's finds are too many to scan for each new one: its words are marked per target.
  const used = ordered.length > SMALL_LIST ? new Map<string, Uint8Array>() : null;
  for (const h of ordered) {
    for (const u of compiled.patterns[h.pattern]!.usages as Usage[]) {
      if (u.target === "negative" || (u.langs && !u.langs.includes(lang)) || u.notIn?.includes(lang))
        continue;
      if (used ? markWords(used, u.target, h, tok.tokens.length) : overlapsFind(found, u.target, h)) continue;
      found.push({ target: u.target, term: u.term, weight: u.weight, hit: h });
    }
  }
  sortInPlace(found, byFirst);
  // A bare headline (title alone) has room for one actor: see `withoutScenery`.
  const bare = tok.sentences.every((x) => x.segment === SEGMENT_TITLE);
  return {
    tok,
    hits: kept,
    found: withoutScenery(tok, found, bare, compiled.cooperationArea?.target ?? null),
    lang,
  };
}

/**
 * The hits that count in a long full text: all of those in the title, the summary and the text's
 * first `LEAD_CHARS` characters; past them, those in its AI passages (a sentence with an AI term and
 * its neighbours), so that a transcript's section on AI is matched and quoted wherever it is, and its
 * other sections do not give it their areas. Linear in the hits and sentences.
 */
function inAiPassages(compiled: CompiledAgenda, tok: TokenizedText, hits: Hit[]): Hit[] {
  const sentences = tok.sentences;
  let tail = -1;
  let contentStart = -1;
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    if (s.segment !== SEGMENT_CONTENT) continue;
    if (contentStart < 0) contentStart = s.start;
    if (s.start - contentStart >= LEAD_CHARS) {
      tail = i;
      break;
    }
  }
  if (tail < 0) return hits;
  const near = new Uint8Array(sentences.length);
  for (const h of hits) {
    if (h.sentence < tail - PASSAGE_REACH || !isAiPattern(compiled, h.pattern)) continue;
    const last = Math.min(sentences.length - 1, h.sentence + PASSAGE_REACH);
    for (let i = Math.max(tail, h.sentence - PASSAGE_REACH); i <= last; i++) near[i] = 1;
  }
  return hits.filter(
    (h) => h.sentence < tail || near[h.sentence] === 1 || sentences[h.sentence]!.segment !== SEGMENT_CONTENT,
  );
}

const isAiPattern = (compiled: CompiledAgenda, pattern: number) =>
  compiled.patterns[pattern]!.usages.some((u) => u.target === "ai");

/** target → term → its strongest weight, targets and terms in the order first found. */
export function weighByTarget(found: readonly Found[]): Map<string, Map<string, number>> {
  const byTarget = new Map<string, Map<string, number>>();
  for (const f of found) {
    let m = byTarget.get(f.target);
    if (!m) {
      m = new Map();
      byTarget.set(f.target, m);
    }
    m.set(f.term, Math.max(m.get(f.term) ?? 0, f.weight));
  }
  return byTarget;
}

/**
 * `sum(weighByTarget(found).get(target))` without building the maps: each distinct term of the target
 * once, at its strongest weight (and at least 0, as the map's default), added in the order the terms
 * were first found, so the result is the same number to the last bit. Items that fail the first gate
 * (most items of a feed: no AI, or no tie to the agenda) are decided by four such sums alone.
 */
export function targetSum(found: readonly Found[], target: string): number {
  if (found.length > SMALL_LIST) {
    // Insertion order is the order terms were first found: the same sum as below.
    const best = new Map<string, number>();
    for (const f of found)
      if (f.target === target) best.set(f.term, Math.max(best.get(f.term) ?? 0, f.weight));
    let sum = 0;
    for (const w of best.values()) sum += w;
    return sum;
  }
  let s = 0;
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    if (f.target !== target || termSeenBefore(found, k)) continue;
    let w = 0;
    for (let j = k; j < found.length; j++) {
      const o = found[j]!;
      if (o.target === target && o.term === f.term) w = Math.max(w, o.weight);
    }
    s += w;
  }
  return s;
}

/**
 * `overlapsFind` for long texts: whether `target` has used one of `h`'s words, and if not, marks them
 * as used by it.
 */
function markWords(used: Map<string, Uint8Array>, target: string, h: Hit, tokenCount: number): boolean {
  let words = used.get(target);
  if (!words) {
    words = new Uint8Array(tokenCount);
    used.set(target, words);
  }
  for (let i = h.first; i <= h.last; i++) if (words[i]) return true;
  for (let i = h.first; i <= h.last; i++) words[i] = 1;
  return false;
}

/**
 * Whether a find already credited to `target` shares a word with `h`. The finds credited so far are
 * exactly the words the target has used, so scanning them needs no set of words per target.
 */
function overlapsFind(found: readonly Found[], target: string, h: Hit): boolean {
  for (const f of found) {
    if (f.target === target && f.hit.first <= h.last && f.hit.last >= h.first) return true;
  }
  return false;
}

/**
 * The hits that keep their words. Exclusive phrases (names, negative phrases) own their words, longest
 * first; nothing else may use them.
 */
function claimWords(compiled: CompiledAgenda, hits: Hit[], tokenCount: number): Hit[] {
  const patterns = compiled.patterns;
  // Most items contain no exclusive phrase: then every hit keeps its words, in the order found.
  if (!hits.some((h) => patterns[h.pattern]!.exclusive)) return hits;
  const owner = new Int32Array(tokenCount).fill(-1);
  const free = (h: Hit) => {
    for (let i = h.first; i <= h.last; i++) if (owner[i] !== -1) return false;
    return true;
  };
  // …except the words of a term that started earlier: in "artificial intelligence services" the AI
  // term came first, and "intelligence services" is not a phrase of this text.
  const started = new Uint8Array(tokenCount);
  for (const o of hits) {
    if (o.last > o.first && !patterns[o.pattern]!.exclusive)
      for (let i = o.first + 1; i <= o.last; i++) started[i] = 1;
  }
  const exclusive = hits.filter((h) => patterns[h.pattern]!.exclusive && !started[h.first]).sort(byLength);
  const kept: Hit[] = [];
  exclusive.forEach((h, k) => {
    if (!free(h)) return;
    for (let i = h.first; i <= h.last; i++) owner[i] = k;
    kept.push(h);
  });
  for (const h of hits) if (!patterns[h.pattern]!.exclusive && free(h)) kept.push(h);
  return kept;
}

/**
 * What negative patterns are compared with: the stem of every word of the item, plus the stems of the
 * terms it matched (a prefix term's stem, as patterns learned by earlier versions stored them).
 */
export function itemStems(compiled: CompiledAgenda, ev: Finds): Set<string> {
  const stems = new Set<string>();
  for (const t of ev.tok.tokens) stems.add(t.stem);
  for (const f of ev.found) for (const s of compiled.patterns[f.hit.pattern]!.stems) stems.add(s);
  return stems;
}

/** Weight of each distinct term per target, names counted at `nameFactor` of their weight. */
export function policyWeights(
  compiled: CompiledAgenda,
  ev: WeighedTerms,
  nameFactor: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const target of ev.byTarget.keys()) {
    if (target.startsWith("area:") || target.startsWith("milestone:")) out.set(target, 0);
  }
  const found = ev.found;
  const seen = found.length > SMALL_LIST ? new Set<string>() : null;
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    if (!out.has(f.target)) continue;
    if (f.target.startsWith("area:") && inBodyName(ev.tok, f.hit)) continue;
    if (seen) {
      const key = `${f.target}\u0000${f.term}`;
      if (seen.has(key)) continue;
      seen.add(key);
    } else if (termSeenBefore(found, k)) continue;
    // byTarget keeps a term's strongest weight; take the same one.
    const w = ev.byTarget.get(f.target)!.get(f.term)!;
    out.set(f.target, out.get(f.target)! + (compiled.patterns[f.hit.pattern]!.name ? w * nameFactor : w));
  }
  return out;
}

/** How far back from a word its body's "on"/"по" may stand: a name lists a few topics. */
const BODY_NAME_REACH = 7;

/**
 * Whether the words stand in a council's or a committee's name: they say what the body is for, not
 * what the item is about (a speech at the Council for Science and Education is not about education).
 */
function inBodyName(tok: TokenizedText, h: Hit): boolean {
  const t = tok.tokens;
  const before = t[h.first - 1];
  if (before && before.sentence === t[h.first]!.sentence && BODY.test(before.word)) return true;
  const after = t[h.last + 1];
  if (after && after.sentence === t[h.last]!.sentence && BODY_AFTER.test(after.word)) return true;
  for (let i = h.first - 1; i >= Math.max(1, h.first - BODY_NAME_REACH); i--) {
    if (t[i]!.sentence !== t[h.first]!.sentence) return false;
    if (OF.test(t[i]!.word) && BODY.test(t[i - 1]!.word)) return true;
  }
  return false;
}

/** Whether an earlier find has the same target and term (each distinct term counts once). */
export function termSeenBefore(found: readonly Found[], k: number): boolean {
  const f = found[k]!;
  for (let j = 0; j < k; j++) if (found[j]!.target === f.target && found[j]!.term === f.term) return true;
  return false;
}
