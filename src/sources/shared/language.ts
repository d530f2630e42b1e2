// An item's language, from the most explicit signal down: the source's configured language, the
// entry's own xml:lang, the document's (feed xml:lang, <html lang>), the host (en.kremlin.ru is
// English, kremlin.ru Russian), and last the script of the text itself (Cyrillic vs Latin).

import { kremlinLanguage } from "../canonical-url.js";

// ISO 639-2 codes some sources use (news sitemaps: "eng") mapped to the two-letter form.
const THREE_LETTER: Record<string, string> = {
  eng: "en",
  rus: "ru",
  ukr: "uk",
  fra: "fr",
  fre: "fr",
  deu: "de",
  ger: "de",
  spa: "es",
  zho: "zh",
  chi: "zh",
  ara: "ar",
  ita: "it",
  por: "pt",
  jpn: "ja",
  kor: "ko",
  tur: "tr",
  pol: "pl",
  bel: "be",
};

/** `en-US` → `en`, `eng` → `en`; null for blank or malformed tags. */
export function normalizeLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const m = /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$/.exec(tag);
  if (!m) return null;
  const code = m[1]!.toLowerCase();
  return THREE_LETTER[code] ?? code;
}

export function languageFromHost(url: string | null | undefined): string | null {
  if (!url) return null;
  return kremlinLanguage(url);
}

/** `ru` when the letters are mostly Cyrillic, `en` when mostly Latin, null when there is too little text. */
export function detectScriptLanguage(text: string | null | undefined): string | null {
  if (!text) return null;
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (/[\u0400-\u04FF]/.test(ch)) cyr++;
    else if (/[A-Za-z]/.test(ch)) lat++;
  }
  if (cyr + lat < 3) return null;
  return cyr >= lat ? "ru" : "en";
}

export interface LanguageSignals {
  configured?: string | null;
  declared?: Array<string | null | undefined>;
  url?: string | null;
  text?: string | null;
}

export function chooseLanguage(s: LanguageSignals): string | null {
  const configured = normalizeLanguage(s.configured);
  if (configured) return configured;
  for (const d of s.declared ?? []) {
    const n = normalizeLanguage(d);
    if (n) return n;
  }
  return languageFromHost(s.url) ?? detectScriptLanguage(s.text);
}
