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

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN = /[a-z]/i;
const CYRILLIC = /[\u0400-\u04ff]/;
const COMBINING = /[\u0300-\u036f]/;
const DOTTED_HINT = /\p{Lu}\.\p{Lu}\./u;
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
  if (out.includes("ё") || out.includes("Ё")) out = out.replace(/ё/g, "е").replace(/Ё/g, "Е");
  if (DOTTED_HINT.test(out)) {
    out = out.replace(
      DOTTED_ACRONYM,
      (m) => m.replace(/\./g, "") + " ".repeat(m.length - m.replace(/\./g, "").length),
    );
  }
  return out;
}

export function normalizeWord(word: string): string {
  return word.normalize("NFC").toLowerCase().replace(/ё/g, "е");
}

function isUpper(raw: string): boolean {
  // Fast path: most words start with a lower-case Latin or Cyrillic letter.
  const c = raw.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 0x430 && c <= 0x44f)) return false;
  let letters = 0;
  for (const ch of raw) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue;
    if (ch !== upper) return false;
    letters++;
  }
  return letters >= 2;
}

// Words after which a full stop does not end a sentence (initials are handled separately).
const ABBREVIATIONS = new Set(
  "mr mrs ms dr st prof gen no vs inc jr sr u.s etc г гг т е д п ст им ул млн млрд тыс руб др пр см чел".split(
    " ",
  ),
);

/** Splits one segment into sentence spans (offsets relative to the whole text). */
function splitSentences(text: string, from: number, to: number, segment: number, out: Sentence[]): void {
  let start = from;
  const re = /[.!?…]+["»”’)]*(?=\s+["«“(\p{Lu}\p{N}—–-])|\n+/gu;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    if (m[0][0] === ".") {
      const before = text.slice(Math.max(from, m.index - 6), m.index);
      const last = /([\p{L}.]+)$/u.exec(before)?.[1] ?? "";
      if (last.length === 1 || ABBREVIATIONS.has(last.toLowerCase())) continue;
    }
    const end = m.index + m[0].length;
    if (/\S/.test(text.slice(start, end))) out.push({ start, end, segment });
    start = end;
  }
  if (start < to && /\S/.test(text.slice(start, to))) out.push({ start, end: to, segment });
}

/**
 * Tokenizes several segments of one item (title, summary, content) as one text; sentences never
 * cross a segment boundary.
 */
export function tokenizeSegments(segments: readonly (string | null | undefined)[]): TokenizedText {
  const parts: string[] = [];
  const bounds: { from: number; to: number; segment: number }[] = [];
  let offset = 0;
  segments.forEach((seg, i) => {
    if (!seg) return;
    const norm = normalizeText(seg);
    bounds.push({ from: offset, to: offset + norm.length, segment: i });
    parts.push(norm);
    offset += norm.length + 2;
  });
  const text = parts.join("\n\n");
  const sentences: Sentence[] = [];
  for (const b of bounds) splitSentences(text, b.from, b.to, b.segment, sentences);

  const tokens: Token[] = [];
  // Lower-casing once is cheaper than per word; a few letters change length when lower-cased, and
  // then offsets would drift, so that case lower-cases word by word.
  const lowered = text.toLowerCase();
  const sameLength = lowered.length === text.length;
  let si = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const raw = m[0];
    while (si < sentences.length - 1 && m.index >= sentences[si]!.end) si++;
    const word = sameLength ? lowered.slice(m.index, m.index + raw.length) : raw.toLowerCase();
    const stem = stemWord(word);
    const token: Token = {
      word,
      stem,
      upper: isUpper(raw),
      start: m.index,
      end: m.index + raw.length,
      sentence: si,
    };
    const c = raw.charCodeAt(0);
    if (c >= 0x410 && c <= 0x42f && stem !== word) {
      const alt = stemWord(stem);
      if (alt !== stem) token.alt = alt;
    }
    tokens.push(token);
  }
  return { text, tokens, sentences };
}

/** Tokens of a single phrase (an agenda term), with the raw form kept for its markers. */
export function tokenizeTerm(term: string): { raw: string; word: string }[] {
  const out: { raw: string; word: string }[] = [];
  const norm = normalizeText(term);
  // Keep `=` and `*` markers attached to their word.
  for (const m of norm.matchAll(/=?[\p{L}\p{M}\p{N}]+\*?/gu)) {
    const raw = m[0];
    out.push({ raw, word: raw.replace(/^=|\*$/g, "").toLowerCase() });
  }
  return out;
}

export { isUpper };
