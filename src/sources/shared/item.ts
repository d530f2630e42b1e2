// Builds the ParsedItem every adapter returns from what a source gave, applying the rules once:
// canonical URL, dedup key (Kremlin id rule, else the URL, else the source's GUID, else a hash of
// title and text), language, and a summary that is never longer than a summary should be.

import { createHash } from "node:crypto";
import type { ParsedItem } from "../../domain/item.js";
import { canonicalUrl, dedupKeyForUrl } from "../canonical-url.js";
import type { ParseContext } from "../types.js";
import { chooseLanguage } from "./language.js";
import { oneLine, truncate } from "./text.js";

export const SUMMARY_MAX_CHARS = 600;

export interface RawItem {
  guid?: string | null;
  /** False when the feed says the guid is not a URL of the item (RSS `isPermaLink="false"`). */
  guidIsLink?: boolean;
  link?: string | null;
  /** Base for a relative link (xml:base); the page URL otherwise. */
  base?: string | null;
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  publishedAt: Date | null;
  authors?: string[];
  tags?: string[];
  /** Languages declared by the entry and its document, most specific first. */
  declaredLanguages?: Array<string | null | undefined>;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function uniqueNonEmpty(list: string[] | undefined): string[] | undefined {
  if (!list) return undefined;
  const out: string[] = [];
  for (const v of list) {
    const t = oneLine(v);
    if (t && !out.includes(t)) out.push(t);
  }
  return out.length > 0 ? out : undefined;
}

/** The finished item, or null when the entry has nothing to show (no title, link or text). */
export function finishItem(raw: RawItem, ctx: ParseContext): ParsedItem | null {
  const title = oneLine(raw.title);
  const content = raw.content?.trim() ? raw.content.trim() : null;
  let summary = oneLine(raw.summary);
  if (!summary && content) summary = truncate(content.replace(/\s+/g, " "), SUMMARY_MAX_CHARS);
  else if (summary) summary = truncate(summary, SUMMARY_MAX_CHARS * 2);
  const guid = oneLine(raw.guid);
  const base = raw.base ?? ctx.url;

  let url = canonicalUrl(raw.link, base);
  if (!url && guid && raw.guidIsLink !== false && /^https?:\/\//i.test(guid)) url = canonicalUrl(guid);
  if (!title && !url && !summary && !content) return null;

  let dedupKey: string;
  if (url) dedupKey = dedupKeyForUrl(url);
  else if (guid) dedupKey = `guid:${canonicalUrl(ctx.source.url) ?? ctx.source.url}:${guid}`;
  else dedupKey = `hash:${sha256Hex(`${title ?? ""}\n${summary ?? ""}\n${content ?? ""}`).slice(0, 32)}`;

  const item: ParsedItem = {
    guid: guid ?? url ?? dedupKey,
    dedupKey,
    url: url ?? canonicalUrl(ctx.url) ?? ctx.url,
    title,
    summary,
    content,
    language: chooseLanguage({
      configured: ctx.source.language,
      declared: raw.declaredLanguages,
      url: url ?? ctx.url,
      text: `${title?.slice(0, 2000) ?? ""} ${summary?.slice(0, 2000) ?? ""} ${content?.slice(0, 2000) ?? ""}`,
    }),
    publishedAt: raw.publishedAt,
  };
  const authors = uniqueNonEmpty(raw.authors);
  if (authors) item.authors = authors;
  const tags = uniqueNonEmpty(raw.tags);
  if (tags) item.tags = tags;
  return item;
}

/**
 * Hash of what a reader sees (title, summary, text): two polls with the same hash for one dedup key
 * mean the item did not change; a different hash means it changed in place.
 */
export function itemContentHash(item: Pick<ParsedItem, "title" | "summary" | "content">): string {
  return sha256Hex(`${item.title ?? ""}\u0000${item.summary ?? ""}\u0000${item.content ?? ""}`);
}

/**
 * Keeps the first of items sharing a dedup key (feeds do repeat entries). Items that share a link
 * but carry their own distinct guids (podcast episodes pointing at the show's page) are different
 * entries: given the source's URL, they are keyed by guid instead, so none is lost.
 */
export function uniqueByKey(items: ParsedItem[], sourceUrl?: string): ParsedItem[] {
  const guidsByKey = new Map<string, Set<string>>();
  for (const i of items) {
    const guids = guidsByKey.get(i.dedupKey) ?? new Set<string>();
    guids.add(i.guid);
    guidsByKey.set(i.dedupKey, guids);
  }
  const seen = new Set<string>();
  const out: ParsedItem[] = [];
  for (const i of items) {
    const shared = sourceUrl !== undefined && (guidsByKey.get(i.dedupKey)?.size ?? 0) > 1 && i.guid !== i.url;
    const item = shared ? { ...i, dedupKey: `guid:${canonicalUrl(sourceUrl) ?? sourceUrl}:${i.guid}` } : i;
    if (seen.has(item.dedupKey)) continue;
    seen.add(item.dedupKey);
    out.push(item);
  }
  return out;
}

/**
 * A whole item from what an article page gave, or null when it lacks the URL, key or title an
 * item needs (the caller says in words what is missing).
 */
export function itemFromArticle(a: Partial<ParsedItem>): ParsedItem | null {
  if (!a.url || !a.dedupKey || !a.title) return null;
  const item: ParsedItem = {
    guid: a.url,
    dedupKey: a.dedupKey,
    url: a.url,
    title: a.title,
    summary: a.summary ?? null,
    content: a.content ?? null,
    language: a.language ?? null,
    publishedAt: a.publishedAt ?? null,
  };
  if (a.authors) item.authors = a.authors;
  if (a.tags) item.tags = a.tags;
  return item;
}
