// The language an item is read in: the one its source gives, else the one its letters suggest.
import type { TokenizedText } from "./tokenize.js";

/** The item's language code (two letters): its source's when given, else guessed from its letters. */
export function itemLanguage(given: string | null | undefined, tok: TokenizedText): string {
  return (given || guessLanguage(tok)).toLowerCase().slice(0, 2);
}

/**
 * The language of an item that arrives without one, from its letters: the script most of its words
 * are written in (Latin, Cyrillic, Arabic, Devanagari, Han), then the letters only some languages of
 * that script use (Ukrainian і ї є ґ, Kazakh ә ғ қ ң ө ұ ү һ, Serbian ђ ј љ њ ћ џ, Uzbek ў қ ғ ҳ,
 * Belarusian ў; Persian پ چ ژ گ ی ک; Turkish ı ğ ş, Polish ł ą ę ś ź ż, Vietnamese ơ ư đ and its tone
 * marks). Cyrillic without those is Russian, Latin without them English, as before.
 */
function guessLanguage(tok: TokenizedText): string {
  let cyr = 0;
  let lat = 0;
  let arabic = 0;
  let deva = 0;
  let han = 0;
  for (const t of tok.tokens) {
    const c = t.word.charCodeAt(0);
    if (c >= 0x400 && c <= 0x4ff) cyr++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x250)) lat++;
    else if (c >= 0x600 && c <= 0x6ff) arabic++;
    else if (c >= 0x900 && c <= 0x97f) deva++;
    else if (c >= 0x3040 && c <= 0x9fff) han++;
  }
  const top = Math.max(cyr, lat, arabic, deva, han);
  if (top === 0) return "en";
  const text = tok.text;
  if (han === top) return /[\u3040-\u30ff]/.test(text) ? "ja" : "zh";
  if (arabic === top) return PERSIAN.test(text) ? "fa" : "ar";
  if (deva === top) return "hi";
  if (cyr === top && cyr > lat) return cyrillicLanguage(text, cyr);
  return latinLanguage(text, lat);
}

const PERSIAN = /[\u067e\u0686\u0698\u06af\u06cc\u06a9]/;

/** How many times the letters occur: a language needs them in more than an odd quoted name. */
function letterCount(text: string, letters: RegExp): number {
  return text.match(letters)?.length ?? 0;
}

const CYRILLIC_MARKED = /[әғқңөұүһӘҒҚҢӨҰҮҺђјљњћџЂЈЉЊЋЏўЎіїєґІЇЄҐ]/;
const LATIN_MARKED = /[ơưđƠƯĐ\u1ea0-\u1ef9ığşİĞŞłąęśźżŁĄĘŚŹŻ]/;

function cyrillicLanguage(text: string, words: number): string {
  if (!CYRILLIC_MARKED.test(text)) return "ru";
  const need = Math.max(2, words / 50);
  if (letterCount(text, /[әғқңөұүһӘҒҚҢӨҰҮҺ]/g) >= need && !/[ўЎ]/.test(text)) return "kk";
  if (letterCount(text, /[ђјљњћџЂЈЉЊЋЏ]/g) >= need) return "sr";
  if (letterCount(text, /[ўЎ]/g) >= need) return /[іІ]/.test(text) ? "be" : "uz";
  if (letterCount(text, /[іїєґІЇЄҐ]/g) >= need) return "uk";
  return "ru";
}

function latinLanguage(text: string, words: number): string {
  if (!LATIN_MARKED.test(text)) return "en";
  const need = Math.max(2, words / 50);
  if (letterCount(text, /[ơưđƠƯĐ\u1ea0-\u1ef9]/g) >= need) return "vi";
  if (letterCount(text, /[ığşİĞŞ]/g) >= need) return "tr";
  if (letterCount(text, /[łąęśźżŁĄĘŚŹŻ]/g) >= need) return "pl";
  return "en";
}
