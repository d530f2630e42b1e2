// Snowball stems by script: Cyrillic words with the Russian stemmer, Latin words with the English
// one. Arabic-script words (Arabic, Persian) get a light stem: letter variants unified and a leading
// article or conjunction removed (see `arabicStem`); Devanagari words lose the nukta, which the press
// writes or leaves out (आर्टिफ़िशियल, आर्टिफिशियल). Stemming costs a few microseconds a word, and news vocabulary repeats, so stems are memoised
// (the cache is bounded: past its size it is cleared, which only costs speed).
import snowball from "snowball-stemmers";

const russian = snowball.newStemmer("russian");
const english = snowball.newStemmer("english");

const CACHE_LIMIT = 200_000;
const cache = new Map<string, string>();

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

function computeStem(word: string): string {
  const first = word.charCodeAt(0);
  if (first >= 0x600 && first <= 0x6ff) return arabicStem(word);
  if (first >= 0x900 && first <= 0x97f) return word.replace(NUKTA, nuktaBase);
  // Short words are acronyms or particles: stemming would merge "ии" (AI) with "и" (and).
  if (word.length <= 3) return word;
  const cyr = CYRILLIC.test(word);
  const lat = LATIN.test(word);
  if (cyr && !lat) return russian.stem(word);
  if (lat && !cyr) return english.stem(word);
  return word;
}

/** The stem of a lower-cased, ё-free word. */
export function stemWord(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    s = computeStem(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, s);
  }
  return s;
}

// Arabic script: vowel marks, the tatweel and the superscript alef are dropped; the hamza seats of
// alef (أ إ آ ٱ) become ا, alef maqsura and Persian yeh become ي, Persian kaf becomes ك, ta marbuta
// becomes ه. Then one leading article with its conjunction or preposition (ال، وال، بال، كال، فال، لل)
// is removed when two letters remain, or else a leading conjunction (و، ف) when three remain: "والذكاء"
// and "الذكاء" both give "ذكاء". Suffixes are left alone: stripping them merges names with words
// (بوتين would lose ين). The same stem is made for the agenda's terms, so both sides agree.
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;
const ARABIC_LETTERS: Record<string, string> = {
  "\u0623": "\u0627",
  "\u0625": "\u0627",
  "\u0622": "\u0627",
  "\u0671": "\u0627",
  "\u0649": "\u064a",
  "\u06cc": "\u064a",
  "\u06a9": "\u0643",
  "\u0629": "\u0647",
  "\u06c0": "\u0647",
};
const ARABIC_VARIANTS = /[\u0623\u0625\u0622\u0671\u0649\u06cc\u06a9\u0629\u06c0]/g;
const ARABIC_ARTICLES = [
  "\u0648\u0627\u0644",
  "\u0628\u0627\u0644",
  "\u0643\u0627\u0644",
  "\u0641\u0627\u0644",
  "\u0644\u0644",
  "\u0627\u0644",
];

function arabicStem(word: string): string {
  const w = word.replace(ARABIC_MARKS, "").replace(ARABIC_VARIANTS, (ch) => ARABIC_LETTERS[ch]!);
  for (const a of ARABIC_ARTICLES) if (w.startsWith(a) && w.length - a.length >= 2) return w.slice(a.length);
  const c = w.charCodeAt(0);
  if ((c === 0x648 || c === 0x641) && w.length >= 4) return w.slice(1);
  return w;
}

// Devanagari: the nukta sign and the precomposed nukta letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) are read as the plain letter.
const NUKTA = /[\u093c\u0958-\u095f]/g;
const NUKTA_BASE = ["\u0915", "\u0916", "\u0917", "\u091c", "\u0921", "\u0922", "\u092b", "\u092f"];
function nuktaBase(ch: string): string {
  const c = ch.charCodeAt(0);
  return c === 0x93c ? "" : NUKTA_BASE[c - 0x958]!;
}
