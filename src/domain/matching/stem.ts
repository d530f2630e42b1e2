// Snowball stems by script: Cyrillic words with the Russian stemmer, Latin words with the English
// one. Stemming costs a few microseconds a word, and news vocabulary repeats, so stems are memoised
// (the cache is bounded: past its size it is cleared, which only costs speed).
import snowball from "snowball-stemmers";

const russian = snowball.newStemmer("russian");
const english = snowball.newStemmer("english");

const CACHE_LIMIT = 200_000;
const cache = new Map<string, string>();

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

function computeStem(word: string): string {
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
