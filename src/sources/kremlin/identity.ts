// Kremlin items are one item per (site language, numeric id), whichever mirror, `/print` page,
// section (news vs transcripts) or re-serving host the link came from. This module rewrites an
// item to that identity; see canonical-url.ts for the URL rules themselves.

import type { ParsedItem } from "../../domain/item.js";
import { kremlinDedupKey, kremlinIdFromPath, kremlinLanguage, kremlinUrlFor } from "../canonical-url.js";
import { normalizeLanguage } from "../shared/language.js";

/**
 * The site language an item belongs to: the item's host when it is a Kremlin host, else the host
 * the page came from, else the configured or declared language.
 */
export function siteLanguage(itemUrl: string, pageUrl: string, declared: string | null): "en" | "ru" | null {
  const fromHost = kremlinLanguage(itemUrl) ?? kremlinLanguage(pageUrl);
  if (fromHost) return fromHost;
  const d = normalizeLanguage(declared);
  return d === "en" || d === "ru" ? d : null;
}

export function withKremlinIdentity(item: ParsedItem, pageUrl: string, declared: string | null): ParsedItem {
  const lang = siteLanguage(item.url, pageUrl, declared ?? item.language);
  if (!lang) return item;
  const key = kremlinDedupKey(item.url);
  if (key) return { ...item, dedupKey: key, language: item.language ?? lang };
  // A Kremlin-shaped path on another host (a mirror or proxy): same item, canonical Kremlin URL.
  let path: string;
  try {
    path = new URL(item.url).pathname;
  } catch {
    return item;
  }
  const id = kremlinIdFromPath(path);
  if (!id) return item;
  return {
    ...item,
    url: kremlinUrlFor(lang, path),
    dedupKey: `kremlin:${lang}:${id}`,
    language: item.language ?? lang,
  };
}
