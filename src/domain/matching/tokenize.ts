// Turns text into word tokens and sentences for the matcher, the same way for agenda terms and for
// items, so that a term matches whatever form the press wrote it in.
// Rules:
// - NFC, lower case, ё→е; words are runs of letters and digits; hyphens, apostrophes and
//   punctuation separate words ("ИИ-ассистент" → "ии", "ассистент"; "Russia's" → "russia", "s").
// - A word mixing Latin and Cyrillic letters stays one word, so "AI" hidden inside a Russian word
//   never reads as "AI".
// - Dotted acronyms ("A.I.") are read as the acronym; a word keeps whether it was written in capitals,
//   so acronyms can demand capitals.
// - Each word gets the Snowball stem of its script (Russian for Cyrillic, English for Latin);
//   words of three letters or fewer are not stemmed (the Russian stemmer turns "ии" into "и").
// - A capitalised Cyrillic word also carries the stem of its stem when that differs: Snowball stems
//   some names differently in their base and inflected forms (Казахстан → "казахста", but
//   Казахстане → "казахстан"), and agenda terms are written in the base form.
// - Chinese and Japanese are written without spaces: each Han or kana character is a word of its own,
//   and a term written in them is a phrase of such characters (compiled with no gap between them).
// - An Arabic-script word also carries, as its second stem, the stem without a leading preposition
//   (ب، ل، ك: "لروسيا" → "روسيا"); see stem.ts for the article and conjunction.
import { stemWord } from "./stem.js";

export type Script = "latin" | "cyrillic" | "mixed" | "other";

export interface Token {
  /** Lower case, ё→е. */
  word: string;
  stem: string;
  /** A second stem to try (see the header), or undefined. */
  alt?: string;
  /** Written in capitals (at least two letters). */
  upper: boolean;
  start: number;
  end: number;
  sentence: number;
}

export interface Sentence {
  start: number;
  end: number;
  /** Index of the text segment (title, summary, …) the sentence belongs to. */
  segment: number;
}

export interface TokenizedText {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
}

const LATIN = /[a-z]/i;
const CYRILLIC = /[\u0400-\u04ff]/;
const COMBINING = /[\u0300-\u036f]/;
const DOTTED_HINT = /\p{Lu}\.\p{Lu}\./u;
// One regex test: `includes("ё") || includes("Ё")` costs several times more on Cyrillic text.
const YO = /[ёЁ]/;
const DOTTED_ACRONYM = /(?<![\p{L}\p{N}.])((?:\p{Lu}\.){2,})(?![\p{L}\p{N}])/gu;

export function scriptOf(word: string): Script {
  const latin = LATIN.test(word);
  const cyrillic = CYRILLIC.test(word);
  if (latin && cyrillic) return "mixed";
  if (latin) return "latin";
  if (cyrillic) return "cyrillic";
  return "other";
}

/** Same length as the input, so offsets found in the result point into the original text. */
export function normalizeText(text: string): string {
  // Decomposed letters (е + diaeresis, и + breve) appear in scraped Russian text; composing them is
  // only needed when a combining mark is present, which keeps the common case cheap.
  let out = COMBINING.test(text) ? text.normalize("NFC") : text;
  if (YO.test(out)) out = out.replace(/ё/g, "е").replace(/Ё/g, "Е");
  if (mayHaveDottedAcronym(out) && DOTTED_HINT.test(out)) {
    out = out.replace(
      DOTTED_ACRONYM,
      (m) => m.replace(/\./g, "") + " ".repeat(m.length - m.replace(/\./g, "").length),
    );
  }
  return out;
}

/**
 * Whether the text has two full stops two or three code units apart (a capital is one or two), which
 * DOTTED_HINT needs: most texts have none, and finding the stops costs far less than the Unicode
 * regex.
 */
function mayHaveDottedAcronym(text: string): boolean {
  for (let i = text.indexOf("."); i >= 0; i = text.indexOf(".", i + 1)) {
    if (text.charCodeAt(i + 2) === 46 || text.charCodeAt(i + 3) === 46) return true;
  }
  return false;
}

export function normalizeWord(word: string): string {
  return word.normalize("NFC").toLowerCase().replace(/ё/g, "е");
}

/** Written in capitals (at least two letters). */
function isUpper(raw: string): boolean {
  return isUpperIn(raw, 0, raw.length);
}

/**
 * `isUpper` of text[start, end), without slicing it out: Latin and Cyrillic letters are decided by
 * their code, any other character by comparing its lower- and upper-case forms.
 */
function isUpperIn(text: string, start: number, end: number): boolean {
  // Fast path: most words start with a lower-case Latin or Cyrillic letter.
  const first = text.charCodeAt(start);
  if ((first >= 97 && first <= 122) || (first >= 0x430 && first <= 0x44f)) return false;
  let letters = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 0x400 && c <= 0x42f)) {
      letters++;
      continue;
    }
    if ((c >= 97 && c <= 122) || (c >= 0x430 && c <= 0x45f)) return false;
    if (c < 128) continue; // digits: no case
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue;
    if (ch !== upper) return false;
    letters++;
  }
  return letters >= 2;
}

// Word characters (\p{L}\p{M}\p{N}) are found by a scanner over character codes rather than a
// global regex: exec allocates a match array and a string per word, and tokenizing is most of the
// matcher's allocation. The classes of the Basic Multilingual Plane are learnt lazily (0 unknown,
// 1 word, 2 not); characters beyond it (a surrogate pair) ask the regex each time, being rare.
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const bmpClass = new Uint8Array(0x10000);

function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  let k = bmpClass[c]!;
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    bmpClass[c] = k;
  }
  return k === 1;
}

/** Length (1 or 2 code units) of the word character at `i`, or 0 when it is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return isWordCode(c) ? 1 : 0;
  // A lone surrogate is no letter; a pair is one character beyond the BMP.
  if (c > 0xdbff || i + 1 >= text.length) return 0;
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return 0;
  return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
}

/** Where the run of word characters starting at `i` ends. */
function wordEnd(text: string, i: number): number {
  // A Han or kana character is a word by itself; a run of other letters stops before one.
  if (isCjkCode(text.charCodeAt(i))) return i + 1;
  let at = i;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c >= CJK_FIRST && isCjkCode(c)) break;
    const len = wordCharAt(text, at);
    if (len === 0) break;
    at += len;
  }
  return at;
}

const CJK_FIRST = 0x3040;

/** Hiragana, katakana, CJK ideographs (with extension A) and compatibility ideographs. */
export function isCjkCode(c: number): boolean {
  return (
    c >= CJK_FIRST &&
    (c <= 0x30ff ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff))
  );
}

/** Whether text[start, end) has a character that is not white space (as the regex \S reads it). */
function hasNonSpace(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpaceCode(text.charCodeAt(i))) return true;
  return false;
}

export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// Words after which a full stop does not end a sentence (initials are handled separately).
const ABBREVIATIONS = new Set(
  "mr mrs ms dr st prof gen no vs inc jr sr u.s etc г гг т е д п ст им ул млн млрд тыс руб др пр см чел".split(
    " ",
  ),
);

// A sentence ends at terminal punctuation (and closing quotes) before a capital, digit, quote or
// dash, or at a line break. Module-level, so that it is compiled once; `lastIndex` is set per use.
// Scripts without capitals (Arabic, Devanagari, Chinese: letters of category Lo) start a sentence with
// any letter; the full stops of Chinese and Devanagari (。 ！ ？ ।) end one without a following space.
const SENTENCE_END = /[.!?…؟]+["»”’)]*(?=\s+["«“(\p{Lu}\p{Lo}\p{N}—–-])|[。！？।]+["»”’)」』]*|\n+/gu;
const LAST_WORD = /([\p{L}.]+)$/u;

/** Splits one segment into sentence spans (offsets relative to the whole text). */
function splitSentences(text: string, from: number, to: number, segment: number, out: Sentence[]): void {
  let start = from;
  const re = SENTENCE_END;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    if (m[0][0] === ".") {
      const before = text.slice(Math.max(from, m.index - 6), m.index);
      const last = LAST_WORD.exec(before)?.[1] ?? "";
      if (last.length === 1 || ABBREVIATIONS.has(last.toLowerCase())) continue;
    }
    const end = m.index + m[0].length;
    if (hasNonSpace(text, start, end)) out.push({ start, end, segment });
    start = end;
  }
  if (start < to && hasNonSpace(text, start, to)) out.push({ start, end: to, segment });
}

/**
 * Tokenizes several segments of one item (title, summary, content) as one text; sentences never
 * cross a segment boundary.
 */
export function tokenizeSegments(segments: readonly (string | null | undefined)[]): TokenizedText {
  const parts: string[] = [];
  const bounds: { from: number; to: number; segment: number }[] = [];
  let offset = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!seg) continue;
    const norm = normalizeText(seg);
    bounds.push({ from: offset, to: offset + norm.length, segment: i });
    parts.push(norm);
    offset += norm.length + 2;
  }
  const text = parts.length === 1 ? parts[0]! : parts.join("\n\n");
  const sentences: Sentence[] = [];
  for (const b of bounds) splitSentences(text, b.from, b.to, b.segment, sentences);

  const tokens: Token[] = [];
  // Lower-casing once is cheaper than per word; a few letters change length when lower-cased, and
  // then offsets would drift, so that case lower-cases word by word.
  const lowered = text.toLowerCase();
  const sameLength = lowered.length === text.length;
  let si = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (wordCharAt(text, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    i = wordEnd(text, i);
    while (si < sentences.length - 1 && start >= sentences[si]!.end) si++;
    tokens.push(makeToken(text, lowered, sameLength, start, i, si));
  }
  return { text, tokens, sentences };
}

function makeToken(
  text: string,
  lowered: string,
  sameLength: boolean,
  start: number,
  end: number,
  sentence: number,
): Token {
  const known = sameLength ? words.find(lowered, start, end) : undefined;
  const entry =
    known ?? wordEntry(sameLength ? lowered.slice(start, end) : text.slice(start, end).toLowerCase());
  if (sameLength && !known) words.add(entry);
  // The second stem is for capitalised Cyrillic words and Arabic-script words only (see the header).
  const c = text.charCodeAt(start);
  const alt = (c >= 0x410 && c <= 0x42f) || (c >= 0x600 && c <= 0x6ff) ? entry.alt : undefined;
  // Every token has the same shape (alt present, maybe undefined), which keeps property access fast.
  return {
    word: entry.word,
    stem: entry.stem,
    alt,
    upper: isUpperIn(text, start, end),
    start,
    end,
    sentence,
  };
}

/** A lower-cased word with its stem, and the stem of its stem when that differs (else undefined). */
interface WordEntry {
  word: string;
  stem: string;
  alt: string | undefined;
  hash: number;
}

function wordEntry(word: string): WordEntry {
  const stem = stemWord(word);
  let alt: string | undefined;
  const c = word.charCodeAt(0);
  if (c >= 0x600 && c <= 0x6ff) {
    alt = arabicPrepositionless(word, stem);
  } else if (stem !== word) {
    const a = stemWord(stem);
    if (a !== stem) alt = a;
  }
  return { word, stem, alt, hash: hashRange(word, 0, word.length) };
}

/** The stem of an Arabic-script word without a leading ب، ل or ك ("لروسيا" → "روسيا"), if it differs. */
function arabicPrepositionless(word: string, stem: string): string | undefined {
  const c = word.charCodeAt(0);
  if ((c !== 0x628 && c !== 0x644 && c !== 0x643) || word.length < 4) return undefined;
  const a = stemWord(word.slice(1));
  return a !== stem ? a : undefined;
}

function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Words seen before, found by their place in the lower-cased text rather than as strings: news
 * vocabulary repeats, so most words of an item were in earlier items, and then the token shares that
 * word's string and stems instead of slicing a new string and looking its stems up (which hashes the
 * new string). Open addressing over a power-of-two table; bounded like the stem cache: when half full
 * it is emptied, which only costs speed.
 */
class WordTable {
  private readonly slots: (WordEntry | undefined)[];
  private readonly mask: number;
  private count = 0;

  constructor(bits: number) {
    this.slots = new Array<WordEntry | undefined>(1 << bits).fill(undefined);
    this.mask = (1 << bits) - 1;
  }

  /** The entry of lowered[start, end), if seen. */
  find(lowered: string, start: number, end: number): WordEntry | undefined {
    const hash = hashRange(lowered, start, end);
    const len = end - start;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const e = this.slots[i];
      if (e === undefined) return undefined;
      if (e.hash === hash && e.word.length === len && sameChars(e.word, lowered, start)) return e;
    }
  }

  add(e: WordEntry): void {
    if (this.count >= (this.mask + 1) >> 1) {
      this.slots.fill(undefined);
      this.count = 0;
    }
    let i = e.hash & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = e;
    this.count++;
  }
}

/** Whether `text` at `start` continues with `word`. */
function sameChars(word: string, text: string, start: number): boolean {
  for (let j = 0; j < word.length; j++) if (word.charCodeAt(j) !== text.charCodeAt(start + j)) return false;
  return true;
}

const words = new WordTable(17);

/** Tokens of a single phrase (an agenda term), with the raw form kept for its markers. */
export function tokenizeTerm(term: string): { raw: string; word: string }[] {
  const out: { raw: string; word: string }[] = [];
  const norm = normalizeText(term);
  // Keep `=` and `*` markers attached to their word.
  for (const m of norm.matchAll(/=?[\p{L}\p{M}\p{N}]+\*?/gu)) {
    for (const raw of splitCjk(m[0])) out.push({ raw, word: raw.replace(/^=|\*$/g, "").toLowerCase() });
  }
  return out;
}

/** A term's word split as items are: each Han or kana character apart (see `wordEnd`). */
function splitCjk(raw: string): string[] {
  const parts: string[] = [];
  let run = "";
  for (const ch of raw) {
    if (isCjkCode(ch.charCodeAt(0))) {
      if (run) parts.push(run);
      run = "";
      parts.push(ch);
    } else run += ch;
  }
  if (run) parts.push(run);
  return parts;
}

export { isUpper };

/** Whether the character is a capital letter ("Rússia", "Índia"; not "e", not a digit or a mark). */
export const isCapital = (c: string) => c !== c.toLowerCase();
