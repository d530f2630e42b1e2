// Reads JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) into items.
// Invalid JSON is `parse`; JSON that is not a JSON Feed is `not-a-feed`; no items is `empty`.

import type { ParsedItem } from "../../domain/item.js";
import { emptyError, notAFeedError, parseError } from "../shared/errors.js";
import { publishedDate } from "../shared/dates.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { htmlToText, oneLine, paragraphsFromPlain, titleText } from "../shared/text.js";
import type { ParseContext, ParseResult } from "../types.js";

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
}
function str(v: unknown): string | null {
  if (typeof v === "string") return v.trim() === "" ? null : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

export function parseJson(body: string, url: string, what: string): unknown {
  try {
    return JSON.parse(body.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw parseError(url, `The ${what} at ${url} is not valid JSON: ${(e as Error).message}.`);
  }
}

export function isJsonFeed(value: unknown): boolean {
  const o = obj(value);
  return (
    !!o &&
    typeof o.version === "string" &&
    /jsonfeed\.org\/version\//.test(o.version) &&
    Array.isArray(o.items)
  );
}

function authorNames(item: Json, feed: Json): string[] {
  const list = Array.isArray(item.authors) ? item.authors : item.author ? [item.author] : [];
  const fallback = Array.isArray(feed.authors) ? feed.authors : feed.author ? [feed.author] : [];
  return (list.length > 0 ? list : fallback).map((a) => str(obj(a)?.name) ?? "").filter((n) => n !== "");
}

export function readJsonFeed(body: string, ctx: ParseContext): ParseResult {
  const data = parseJson(body, ctx.url, "feed");
  if (!isJsonFeed(data)) {
    throw notAFeedError(
      ctx.url,
      `${ctx.url} answered with JSON that is not a JSON Feed (no "version" and "items").`,
    );
  }
  const feed = data as Json;
  const items: ParsedItem[] = [];
  for (const raw of feed.items as unknown[]) {
    const it = obj(raw);
    if (!it) continue;
    const html = str(it.content_html);
    const text = str(it.content_text);
    const content = html ? htmlToText(html) : text ? paragraphsFromPlain(text) : null;
    const item = finishItem(
      {
        guid: str(it.id),
        link: str(it.url) ?? str(it.external_url),
        title: titleText(str(it.title)),
        summary: oneLine(str(it.summary)),
        content: content || null,
        publishedAt: publishedDate(str(it.date_published) ?? str(it.date_modified), ctx.now),
        authors: authorNames(it, feed),
        tags: Array.isArray(it.tags) ? it.tags.map((t) => str(t) ?? "") : [],
        declaredLanguages: [str(it.language), str(feed.language)],
      },
      ctx,
    );
    if (item) items.push(item);
  }
  if (items.length === 0) throw emptyError(ctx.url, `The JSON Feed at ${ctx.url} has no items.`);
  const next = str(feed.next_url);
  return {
    items: uniqueByKey(items, ctx.source.url),
    nextPageUrl: next ? new URL(next, ctx.url).toString() : null,
    ttlMinutes: null,
  };
}
