// Decides whether one item bears on the agenda, where, whether it reports progress, and why.
// Rule order:
// 1. Words inside a negative phrase ("intelligence service", "запрещенной в России") count for nothing;
//    words inside an exclusive name ("Russian Direct Investment Fund") count only for that name.
// 2. The item must be about AI: its AI-context terms weigh at least `thresholds.ai`.
// 3. It must bear on this agenda's policy. Named evidence: explicit anchors (the country, its leaders,
//    bodies, companies, partners' blocs, programmes, its official web sites) plus generic state words
//    ("government") when the item names the country or is domestic. Domestic: an item in a language
//    with an implicit weight (Russian) that names no foreign actor. Policy evidence: the areas' terms,
//    where a term that is also a name (GigaChat, AI Journey, Oreshkin) counts half, since it says who
//    or what, not which policy. The policy evidence must reach `thresholds.area` and, added to the
//    agenda evidence, `relevance`. Strong agenda evidence (`strongAgenda`: the President, the Kremlin)
//    lowers that to half an area's worth of policy, a reported step, or policy talk (intent, modality,
//    talks; not a mere "said"); it never carries an item alone, so "Peskov said he does not use
//    ChatGPT" is not a match.
// 4. Trivia: an item whose off-topic terms (sport, games, the arts) outweigh its policy evidence, that
//    reports no step and names no anchor strong on its own (the President, an official site), is not
//    a match however famous the company or product in it.
// 5. Areas are those whose policy evidence reaches `thresholds.area`; when none does, the agenda's default area. Milestones are those whose own terms reach
//    `thresholds.milestone`, else the area's fallback milestone.
// 6. Progress: a sentence whose progress cues outweigh its discussion cues (modality, future, talk)
//    by `thresholds.progress`, in the title or next to the agenda's terms. A present-tense "in use" cue
//    ("ГигаЧат анализирует обращения") is a progress cue when an AI term ends shortly before it in a
//    sentence of the title or summary.
// 7. Scores. The item's `score` is how strongly it bears on the agenda (AI, agenda and policy evidence,
//    each capped). A milestone's score, what the status engine reads, is that score weighed by how
//    specific the evidence is to the milestone (its own terms, names at half) and by the step reported
//    (a strong cue such as signed/approved/allocated counts fully, a weaker one half): only an item
//    with strong agenda and policy evidence, the milestone's own terms and a strong step reaches 0.8,
//    the automatic threshold; a fallback milestone (no terms of its own) never does.
// 8. Negative patterns learned from analysts' rejections (see negative.ts) remove a milestone (or the
//    whole match) when the item comes from the pattern's source and its words contain most of the
//    pattern's stems.
import type { CompiledAgenda, Usage } from "./compile.js";
import type { Hit } from "./pattern-index.js";
import { isSpaceCode, type TokenizedText, tokenizeSegments } from "./tokenize.js";

export interface MatchInput {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  language?: string | null;
  /** The stored source's id; negative patterns are per source. */
  source?: number | string | null;
  publishedAt?: Date | string | null;
  /** Its host can tie the item to the agenda (an official site); its slug stands in for a missing title. */
  url?: string | null;
}

export interface NegativePattern {
  sourceId?: number | null;
  milestoneSlug?: string | null;
  /**
   * Stems (as the matcher computes them) of what made a rejected item a false match; the pattern
   * applies to an item whose words contain most of them (see `negativeApplies`).
   */
  terms: string[];
}

export interface MilestoneMatch {
  slug: string;
  area: string;
  score: number;
  progress: boolean;
  terms: string[];
  quote: string | null;
}

export interface MatchResult {
  matched: boolean;
  /** Areas, milestones and `score` (0–1, how strongly the item bears on the agenda) are empty/0 when not matched. */
  areas: string[];
  milestones: MilestoneMatch[];
  progress: boolean;
  score: number;
  terms: string[];
  quote: string | null;
  explanation: string;
}

export interface MatchOptions {
  negatives?: readonly NegativePattern[];
  /**
   * false: leave out what only a reader of one result needs, the explanation (an empty string) and
   * the item's own terms (empty); the decision, the milestones and their terms and quotes are the
   * same. Matching on intake stores only the milestones: a first poll of 1,000 new sources
   * matches 20,000 items, and writing their explanations was a tenth of what matching allocated.
   */
  explain?: boolean;
}

const QUOTE_LIMIT = 300;
/** An "in use" cue counts when an AI term ends at most this many words before it. */
const IN_USE_REACH = 5;
const CONTENT_LIMIT = 4000;
const SEGMENT_TITLE = 0;
const SEGMENT_SUMMARY = 1;
const SEGMENT_URL = 3;

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
}

export interface Evidence extends Finds {
  /** target → term → weight (each distinct term counts once per item). */
  byTarget: Map<string, Map<string, number>>;
}

function urlHost(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return null;
  }
}

/** The readable words of a URL's path ("…/putin-orders-bank-to-cooperate-on-ai-2025-01-02/"). */
function urlWords(url: string | null | undefined): string | null {
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

/**
 * The lead of a long text: news puts its point first, and a whole transcript names every area in
 * passing, so only the first few thousand characters of full text count.
 */
function lead(content: string | null | undefined): string | null {
  if (!content || content.length <= CONTENT_LIMIT) return content ?? null;
  const cut = content.slice(0, CONTENT_LIMIT);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf(".\n"), cut.lastIndexOf("\n"));
  return end > CONTENT_LIMIT / 2 ? cut.slice(0, end + 1) : cut;
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

/** Every term occurrence in the item, after exclusive phrases have claimed their words. */
export function collectEvidence(compiled: CompiledAgenda, item: MatchInput): Evidence {
  const finds = findTerms(compiled, item);
  return { ...finds, byTarget: weighByTarget(finds.found) };
}

/** `collectEvidence` without the weights per target, which most items are decided without. */
function findTerms(compiled: CompiledAgenda, item: MatchInput): Finds {
  const title = item.title?.trim() || null;
  const tok = tokenizeSegments([title, item.summary, lead(item.content), title ? null : urlWords(item.url)]);
  const kept = claimWords(compiled, compiled.index.scan(tok.tokens), tok.tokens.length);

  // Longest phrases first; within one target a word counts once ("AI" inside "generative AI").
  const ordered = sortInPlace(kept, byLength);
  const found: Found[] = [];
  for (const h of ordered) {
    for (const u of compiled.patterns[h.pattern]!.usages as Usage[]) {
      if (u.target === "negative") continue;
      if (overlapsFind(found, u.target, h)) continue;
      found.push({ target: u.target, term: u.term, weight: u.weight, hit: h });
    }
  }
  sortInPlace(found, byFirst);
  return { tok, hits: kept, found };
}

/** target → term → its strongest weight, targets and terms in the order first found. */
function weighByTarget(found: readonly Found[]): Map<string, Map<string, number>> {
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
function targetSum(found: readonly Found[], target: string): number {
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
  const started = hits.filter((h) => h.last > h.first && !patterns[h.pattern]!.exclusive);
  const exclusive = hits
    .filter(
      (h) => patterns[h.pattern]!.exclusive && !started.some((o) => o.first < h.first && o.last >= h.first),
    )
    .sort(byLength);
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
function itemStems(compiled: CompiledAgenda, ev: Finds): Set<string> {
  const stems = new Set<string>();
  for (const t of ev.tok.tokens) stems.add(t.stem);
  for (const f of ev.found) for (const s of compiled.patterns[f.hit.pattern]!.stems) stems.add(s);
  return stems;
}

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

const sum = (m: Map<string, number> | undefined) => {
  let s = 0;
  if (m) for (const v of m.values()) s += v;
  return s;
};

/** The hit's words as the item wrote them. */
function surface(tok: TokenizedText, h: Hit): string {
  if (h.text === undefined) {
    const s = tok.text.slice(tok.tokens[h.first]!.start, tok.tokens[h.last]!.end);
    h.text = /\s\s|[\n\t\u00a0]/.test(s) ? s.replace(/\s+/g, " ") : s;
  }
  return h.text;
}

/** The hit's words lower-cased: lists of terms name each once, whatever its capitals. */
function surfaceKey(tok: TokenizedText, h: Hit): string {
  if (h.key === undefined) h.key = surface(tok, h).toLowerCase();
  return h.key;
}

/** Appends the find's words unless `keys` (the lower-cased words listed so far) has them. */
function addTerm(tok: TokenizedText, h: Hit, out: string[], keys: string[]): void {
  const key = surfaceKey(tok, h);
  if (keys.includes(key)) return;
  keys.push(key);
  out.push(surface(tok, h));
}

const NO_TERMS: readonly string[] = Object.freeze([]);

/** The words as the item wrote them for one target, once each, in text order (for explanations). */
function termsOf(ev: Finds, target: string): readonly string[] {
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

function isRelevantTarget(target: string): boolean {
  return (
    target === "ai" ||
    target === "agenda" ||
    target === "state" ||
    target.startsWith("area:") ||
    target.startsWith("milestone:")
  );
}

/**
 * Whether folding white space into single spaces would change the text: a white-space character other
 * than a space, or two in a row. Most sentences have neither, and then the fold is skipped.
 */
function needsSpaceFold(text: string): boolean {
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
    } else if (isSpaceCode(c)) return true;
    else prevSpace = false;
  }
  return false;
}

/** Cuts a sentence to the quote limit around its first matched word, on word boundaries. */
function trimQuote(text: string, focus: number): string {
  const clean = (needsSpaceFold(text) ? text.replace(/\s+/g, " ") : text).trim();
  if (clean.length <= QUOTE_LIMIT) return clean;
  const budget = QUOTE_LIMIT - 2;
  let start = Math.max(0, Math.min(focus - 60, clean.length - budget));
  let end = Math.min(clean.length, start + budget);
  if (start > 0) {
    const sp = clean.indexOf(" ", start);
    if (sp > 0 && sp < start + 30) start = sp + 1;
  }
  if (end < clean.length) {
    const sp = clean.lastIndexOf(" ", end);
    if (sp > start + 100) end = sp;
  }
  return `${start > 0 ? "…" : ""}${clean.slice(start, end).trim()}${end < clean.length ? "…" : ""}`;
}

interface SentenceInfo {
  relevance: number;
  /** Progress cues minus discussion cues. */
  progressNet: number;
  /** The strongest single progress cue: a signed order outweighs "began". */
  progressTop: number;
  progressTerms: readonly string[];
  firstHitOffset: number;
}

function analyseSentences(ev: Finds): SentenceInfo[] {
  const info: SentenceInfo[] = [];
  for (let i = 0; i < ev.tok.sentences.length; i++) {
    info.push({ relevance: 0, progressNet: 0, progressTop: 0, progressTerms: NO_TERMS, firstHitOffset: -1 });
  }
  // Progress and discussion cues per sentence; the net is taken at the end.
  const plus = new Float64Array(info.length);
  const minus = new Float64Array(info.length);
  const found = ev.found;
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    const s = f.hit.sentence;
    const si = info[s];
    if (!si) continue;
    // Each distinct term counts once per sentence and target.
    if (seenInSentence(found, k)) continue;
    if (isRelevantTarget(f.target)) {
      si.relevance += f.weight;
      if (si.firstHitOffset < 0)
        si.firstHitOffset = ev.tok.tokens[f.hit.first]!.start - ev.tok.sentences[s]!.start;
    } else if (f.target === "progress" || f.target === "discussion" || f.target === "inUse") {
      if (f.target === "inUse" && !aiSubject(ev, f.hit)) continue;
      if (f.target === "discussion") minus[s]! += f.weight;
      else {
        plus[s]! += f.weight;
        si.progressTop = Math.max(si.progressTop, f.weight);
        if (si.progressTerms === NO_TERMS) si.progressTerms = [];
        (si.progressTerms as string[]).push(surface(ev.tok, f.hit));
      }
    }
  }
  for (let s = 0; s < info.length; s++) info[s]!.progressNet = plus[s]! - minus[s]!;
  return info;
}

/**
 * Whether an earlier find of the same sentence has the same target and term. Finds are in text
 * order, so those of one sentence are next to each other.
 */
function seenInSentence(found: readonly Found[], k: number): boolean {
  const f = found[k]!;
  for (let j = k - 1; j >= 0; j--) {
    const o = found[j]!;
    if (o.hit.sentence !== f.hit.sentence) return false;
    if (o.target === f.target && o.term === f.term) return true;
  }
  return false;
}

/**
 * Whether an "in use" cue has the AI system as its subject: an AI term ends shortly before it in the
 * same sentence ("GigaChat за минуту анализирует…"); before it, or far after it, AI is somebody
 * else's means or the topic of another clause ("fraudsters use AI"). Only in the news itself (title,
 * summary): in a speech's full text the present tense is commentary ("AI helps doctors…"), not a
 * report of a system in use.
 */
function aiSubject(ev: Finds, h: Hit): boolean {
  if (ev.tok.sentences[h.sentence]!.segment > SEGMENT_SUMMARY) return false;
  for (const f of ev.found) {
    if (f.target !== "ai" || f.hit.sentence !== h.sentence) continue;
    const last = f.hit.last;
    if (last < h.first && h.first - last <= IN_USE_REACH) return true;
  }
  return false;
}

/** The sentences (ascending) in which some find is credited to `target`. */
function sentencesWith(ev: Finds, target: string): number[] {
  const out: number[] = [];
  for (const f of ev.found) {
    if (f.target !== target) continue;
    const s = f.hit.sentence;
    if (out.length === 0 || out[out.length - 1] !== s) out.push(s);
  }
  return out;
}

/** A non-match; `detail` null when no explanation is wanted (MatchOptions.explain), the usual case on intake. */
function notMatched(why: string[], detail: string | null): MatchResult {
  return {
    matched: false,
    areas: [],
    milestones: [],
    progress: false,
    score: 0,
    terms: [],
    quote: null,
    explanation: detail === null ? "" : `Not matched: ${why.join("; ")}${detail ? `. ${detail}` : ""}.`,
  };
}

const NON_MATCH_LISTS = [
  ["AI", "ai"],
  ["agenda", "agenda"],
  ["foreign", "foreign"],
] as const;

/** What was found, for the explanation of a non-match. */
function score0Explanation(ev: Finds): string {
  let out = "";
  for (const [label, target] of NON_MATCH_LISTS) {
    const l = termsOf(ev, target);
    if (l.length) out += `${out ? "; " : ""}${label}: ${l.join(", ")}`;
  }
  return out;
}

/** Russian when most words are Cyrillic, else English: for items that arrive without a language. */
function guessLanguage(tok: TokenizedText): string {
  let cyr = 0;
  let lat = 0;
  for (const t of tok.tokens) {
    const c = t.word.charCodeAt(0);
    if (c >= 0x400 && c <= 0x4ff) cyr++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) lat++;
  }
  return cyr > lat ? "ru" : "en";
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Weight of each distinct term per target, names counted at `nameFactor` of their weight. */
function policyWeights(compiled: CompiledAgenda, ev: Evidence, nameFactor: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const target of ev.byTarget.keys()) {
    if (target.startsWith("area:") || target.startsWith("milestone:")) out.set(target, 0);
  }
  const found = ev.found;
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    if (!out.has(f.target) || termSeenBefore(found, k)) continue;
    // byTarget keeps a term's strongest weight; take the same one.
    const w = ev.byTarget.get(f.target)!.get(f.term)!;
    out.set(f.target, out.get(f.target)! + (compiled.patterns[f.hit.pattern]!.name ? w * nameFactor : w));
  }
  return out;
}

/** Whether an earlier find has the same target and term (each distinct term counts once). */
function termSeenBefore(found: readonly Found[], k: number): boolean {
  const f = found[k]!;
  for (let j = 0; j < k; j++) if (found[j]!.target === f.target && found[j]!.term === f.term) return true;
  return false;
}

/** `matching.hosts` as a list, made once per agenda rather than once per item. */
const hostLists = new WeakMap<CompiledAgenda["matching"]["hosts"], [string, number][]>();
function hostList(hosts: CompiledAgenda["matching"]["hosts"]): [string, number][] {
  let list = hostLists.get(hosts);
  if (!list) {
    list = Object.entries(hosts);
    hostLists.set(hosts, list);
  }
  return list;
}

/**
 * Whether the URL's host may be one of `hosts` or under one, decided on the text where that is safe:
 * parsing a URL costs more than the rest of an item's first gate, and most items come from hosts that
 * are not official. For a URL of printable ASCII without `%`, the parser's host is a piece of the URL
 * lower-cased, so it can end with a host name only if the lower-cased URL contains that name. Anything
 * else (percent-escapes, non-ASCII letters the parser maps, tabs and line breaks it drops) is parsed,
 * as is every URL when a configured host has no letter (the parser rewrites numeric IPv4 hosts).
 */
function mayBeOnHost(url: string, hosts: readonly [string, number][]): boolean {
  let upper = false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 32 || c > 126 || c === 37) return true;
    if (c >= 65 && c <= 90) upper = true;
  }
  // Most URLs are lower case already; lower-casing would copy them.
  const lower = upper ? url.toLowerCase() : url;
  for (const [suffix] of hosts) {
    if (!/[a-z]/.test(suffix) || lower.includes(suffix)) return true;
  }
  return false;
}

/** Share of a milestone's score that depends on the evidence being its own, and on a reported step. */
const SPECIFIC_SHARE = 0.25;
const STEP_SHARE = 0.25;
/** Own (name-discounted) milestone terms weighing this much make the evidence fully specific. */
const FULL_SPECIFICITY = 3;
/** A progress cue this strong (signed, approved, allocated…) is a full step; a weaker one half. */
const STRONG_STEP = 2;
const NAME_FACTOR = 0.5;
const AI_CAP = 2;
const AGENDA_CAP = 6;
const POLICY_CAP = 4;

/** Matches one item against a compiled agenda. Pure. */
export function matchItem(compiled: CompiledAgenda, item: MatchInput, opts: MatchOptions = {}): MatchResult {
  const m = compiled.matching;
  const th = m.thresholds;
  const explain = opts.explain ?? true;
  const finds = findTerms(compiled, item);
  const found = finds.found;

  const ai = targetSum(found, "ai");
  const foreign = targetSum(found, "foreign");
  let explicit = targetSum(found, "agenda");
  const hosts = hostList(m.hosts);
  const host = item.url && mayBeOnHost(item.url, hosts) ? urlHost(item.url) : null;
  const hostTerms: string[] = [];
  if (host) {
    for (const [suffix, weight] of hosts) {
      if (host === suffix || host.endsWith(`.${suffix}`)) {
        explicit += weight;
        hostTerms.push(suffix);
      }
    }
  }
  const lang = (item.language || guessLanguage(finds.tok)).toLowerCase().slice(0, 2);
  // A Russian-language item that names no foreign actor is domestic news.
  const domestic = foreign === 0 && (m.implicitAgenda[lang] ?? 0) > 0;
  const implicit = domestic ? m.implicitAgenda[lang]! : 0;
  // "The government" is this agenda's government only when the item names the country or is domestic.
  const state = explicit > 0 || domestic ? targetSum(found, "state") : 0;
  const agenda = explicit + state + implicit;

  const why: string[] = [];
  if (ai < th.ai) why.push("no AI context");
  if (agenda < th.agenda) why.push("nothing ties it to the agenda's state, bodies or partners");
  if (why.length > 0) {
    // Most items in a feed are not about AI: answer them without quotes or milestones.
    return notMatched(why, explain ? score0Explanation(finds) : null);
  }

  const t = weighByTarget(found);
  const ev: Evidence = { tok: finds.tok, hits: finds.hits, found, byTarget: t };
  const weights = policyWeights(compiled, ev, NAME_FACTOR);
  const areaScores = compiled.areas.map((a) => ({ slug: a.slug, score: weights.get(a.target) ?? 0 }));
  // Policy evidence across areas: a ban (risk) on foreign models in ministries (economy) is policy
  // even when neither area alone is strong.
  const policy = areaScores.reduce((acc, a) => acc + a.score, 0);

  const sentences = analyseSentences(ev);
  const isProgressSentence = (i: number) => {
    const s = sentences[i]!;
    const seg = ev.tok.sentences[i]!.segment;
    return seg !== SEGMENT_URL && s.progressNet >= th.progress && (s.relevance > 0 || seg === SEGMENT_TITLE);
  };
  const all = sentences.map((_, i) => i);
  const progressSentences = all.filter(isProgressSentence);
  const stepped = progressSentences.length > 0;

  if (policy < th.area || agenda + policy < th.relevance) {
    // Not a policy item by its terms. Strong agenda evidence (the President, the Kremlin) carries it
    // only with some policy evidence, a reported step, or policy talk next to the agenda's terms
    // (intent, modality, talks: "must", "will", "discussed"; not a mere "said"): a leader next to
    // "AI" is not policy ("Peskov said he does not use ChatGPT").
    let talk = 0;
    const counted = new Set<string>();
    for (const f of ev.found) {
      if (f.target !== "discussion" || f.weight < 1 || counted.has(f.term)) continue;
      if (sentences[f.hit.sentence]!.relevance === 0) continue;
      counted.add(f.term);
      talk += f.weight;
    }
    const carried = agenda >= th.strongAgenda && (policy >= th.area / 2 || stepped || talk >= 1);
    if (!carried) why.push("a passing mention of the agenda without a policy area");
  }
  // An anchor that alone is strong agenda evidence (the President, the Kremlin, an official site) makes
  // the item the state's, whatever its examples ("AI will help make films", said at AI Journey).
  let topAnchor = hostTerms.length ? Math.max(...hostTerms.map((h) => m.hosts[h]!)) : 0;
  for (const w of t.get("agenda")?.values() ?? []) topAnchor = Math.max(topAnchor, w);
  const offTopic = sum(t.get("offTopic"));
  if (
    why.length === 0 &&
    offTopic >= th.area &&
    offTopic >= policy &&
    !stepped &&
    topAnchor < th.strongAgenda
  ) {
    why.push("about sport, games or the arts, not policy");
  }
  if (why.length > 0) return notMatched(why, explain ? score0Explanation(ev) : null);

  let areas = areaScores.filter((a) => a.score >= th.area).map((a) => a.slug);
  if (areas.length === 0 && m.defaultArea && compiled.areas.some((a) => a.slug === m.defaultArea)) {
    areas = [m.defaultArea];
  }
  if (areas.length === 0)
    return notMatched(["no area's terms are strong enough"], explain ? score0Explanation(ev) : null);
  let matched = true;
  const progress = stepped;

  const quotes: (string | undefined)[] = [];
  const quoteFrom = (candidates: number[], prefer: (i: number) => boolean): string | null => {
    let best = -1;
    let bestScore = -1;
    for (const i of candidates) {
      if (ev.tok.sentences[i]!.segment === SEGMENT_URL) continue;
      const score = sentences[i]!.relevance + (prefer(i) ? 1000 : 0);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) return null;
    // The item's quote and its milestones' are often the same sentence: cut it once.
    let q = quotes[best];
    if (q === undefined) {
      const s = ev.tok.sentences[best]!;
      q = trimQuote(ev.tok.text.slice(s.start, s.end), Math.max(0, sentences[best]!.firstHitOffset));
      quotes[best] = q;
    }
    return q;
  };
  const relevantSentences = all.filter((i) => sentences[i]!.relevance > 0);
  const quote = quoteFrom(
    relevantSentences.length ? relevantSentences : all,
    (i) => progress && isProgressSentence(i),
  );
  /** How strong the step reported in these sentences is: 1 for a strong cue, ½ for a weaker one. */
  const stepIn = (list: number[]) => {
    let top = 0;
    for (const i of list) top = Math.max(top, sentences[i]!.progressTop);
    return top === 0 ? 0 : top >= STRONG_STEP ? 1 : 0.5;
  };

  // Milestones of the matched areas.
  let milestones: (MilestoneMatch & { step: number; specificity: number; own: number; inTitle: boolean })[] =
    [];
  const milestoneScores: { slug: string; score: number; target: string }[] = [];
  for (const [target, terms] of t) {
    if (target.startsWith("milestone:"))
      milestoneScores.push({ slug: target.slice(10), score: sum(terms), target });
  }
  // One AI term says the item is about AI; the agenda and policy evidence say how firmly it is this
  // agenda's policy. Each is capped, so piling up names cannot make up for missing policy.
  const relevance = Math.min(ai, AI_CAP) + Math.min(agenda, AGENDA_CAP) + Math.min(policy, POLICY_CAP);
  const score = round(relevance / (AI_CAP + AGENDA_CAP + POLICY_CAP));
  for (const areaSlug of areas) {
    const area = compiled.areas.find((a) => a.slug === areaSlug)!;
    // Only milestones whose terms were found are candidates: the cost does not grow with the agenda.
    let chosen = milestoneScores
      .filter((x) => x.score >= th.milestone && compiled.milestoneArea.get(x.slug) === areaSlug)
      .sort((a, b) => b.score - a.score);
    if (chosen.length === 0) {
      const fallback =
        m.fallbackMilestones[areaSlug] ?? (area.milestones.length === 1 ? area.milestones[0] : undefined);
      if (fallback && area.milestones.includes(fallback))
        chosen = [{ slug: fallback, score: 0, target: `milestone:${fallback}` }];
    }
    for (const c of chosen) {
      const target = c.target;
      // A fallback milestone has no terms of its own: its area's sentences stand for it.
      const ownTarget = c.score > 0 ? target : area.target;
      const own = sentencesWith(ev, ownTarget);
      const ownProgress = own.filter(isProgressSentence);
      milestones.push({
        slug: c.slug,
        area: areaSlug,
        score: 0,
        progress: progress && ownProgress.length > 0,
        terms: outermost(ev, (f) => f.target === target || f.target === area.target),
        quote: own.length ? quoteFrom(own, (i) => progress && isProgressSentence(i)) : quote,
        step: stepIn(ownProgress),
        own: c.score > 0 ? (weights.get(target) ?? 0) : 0,
        inTitle: c.score > 0 && own.some((i) => ev.tok.sentences[i]!.segment === SEGMENT_TITLE),
        specificity: c.score > 0 ? Math.min(1, (weights.get(target) ?? 0) / FULL_SPECIFICITY) : 0,
      });
    }
  }
  // Progress goes to the milestones named in a progress sentence, else to the strongest one.
  if (progress && milestones.length && !milestones.some((x) => x.progress)) {
    const top = milestones.reduce((a, b) => (b.specificity > a.specificity ? b : a));
    top.progress = true;
    top.step = stepIn(progressSentences) / 2;
  }
  // Evidence spread over several milestones ("a plan for industry, logistics and energy") is less
  // specific to each of them: specificity is scaled by the milestone's share of it. The milestones
  // the title names are what the item is about: their share is counted among themselves, and the
  // others, when the title names some, are context, credited half the step.
  const total = (list: typeof milestones) => list.reduce((acc, x) => acc + x.own, 0);
  const totalOwn = total(milestones);
  const titled = total(milestones.filter((x) => x.inTitle));
  for (const x of milestones) {
    const among = x.inTitle ? titled : totalOwn;
    if (among > 0) x.specificity *= Math.sqrt(x.own / among);
    if (titled > 0 && !x.inTitle) x.step /= 2;
    x.score = round(
      score *
        (1 -
          SPECIFIC_SHARE -
          STEP_SHARE +
          SPECIFIC_SHARE * x.specificity +
          STEP_SHARE * (x.progress ? x.step : 0)),
    );
  }
  milestones = dedupeMilestones(milestones);

  // Negative patterns from analysts' rejections.
  const suppressed: string[] = [];
  if (opts.negatives?.length) {
    const stems = itemStems(compiled, ev);
    for (const p of opts.negatives) {
      if (!negativeApplies(p, stems, item.source)) continue;
      if (p.milestoneSlug == null) {
        milestones = [];
        suppressed.push(`all (rejected pattern: ${p.terms.join(" + ")})`);
      } else if (milestones.some((x) => x.slug === p.milestoneSlug)) {
        milestones = milestones.filter((x) => x.slug !== p.milestoneSlug);
        suppressed.push(`${p.milestoneSlug} (rejected pattern: ${p.terms.join(" + ")})`);
      }
    }
    if (suppressed.length) {
      areas = areas.filter((a) => milestones.some((x) => x.area === a));
      if (areas.length === 0) {
        matched = false;
        why.push("analysts rejected this pattern from this source before");
      }
    }
  }

  const terms = matched && explain ? outermost(ev, (f) => isRelevantTarget(f.target) || f.target === "progress") : [];
  // What a reader is told: the terms found per target, and the decision.
  const explainMatch = (): string => {
    const parts: string[] = [];
    const describe = (label: string, target: string) => {
      const l = termsOf(ev, target);
      if (l.length) parts.push(`${label}: ${l.join(", ")}`);
    };
    describe("AI", "ai");
    if (hostTerms.length) parts.push(`published on ${hostTerms.join(", ")}`);
    describe("agenda", "agenda");
    if (state > 0) describe("state", "state");
    if (implicit > 0) parts.push(`domestic (${lang}, no foreign actor named)`);
    describe("foreign", "foreign");
    for (const a of compiled.areas) describe(a.slug, a.target);
    if (progress)
      parts.push(
        `progress: ${unique(progressSentences.flatMap((i) => sentences[i]!.progressTerms)).join(", ")}`,
      );
    if (suppressed.length) parts.push(`suppressed ${suppressed.join("; ")}`);
    const head = matched
      ? `Matched ${areas.join(", ")}${milestones.length ? ` (${milestones.map((x) => x.slug).join(", ")})` : ""} as ${progress ? "progress" : "discussion"}`
      : `Not matched: ${why.join("; ")}`;
    return parts.length ? `${head}. ${parts.join("; ")}.` : `${head}.`;
  };
  const explanation = explain ? explainMatch() : "";

  return {
    matched,
    areas: matched ? areas : [],
    milestones: matched
      ? milestones.map(({ slug, area, score, progress, terms, quote }) => ({
          slug,
          area,
          score,
          progress,
          terms,
          quote,
        }))
      : [],
    progress: matched && progress,
    score: matched ? score : 0,
    terms,
    quote: matched ? quote : null,
    explanation,
  };
}

/** The words of the selected finds, in text order, leaving out a find inside a longer one. */
function outermost(ev: Finds, keep: (f: Found) => boolean): string[] {
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

function unique(list: string[]): string[] {
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

function dedupeMilestones<T extends MilestoneMatch>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    if (seen.has(m.slug)) return false;
    seen.add(m.slug);
    return true;
  });
}

/** The stems negative patterns are compared with for an item. */
export function matchedStems(compiled: CompiledAgenda, item: MatchInput): Set<string> {
  return itemStems(compiled, collectEvidence(compiled, item));
}
