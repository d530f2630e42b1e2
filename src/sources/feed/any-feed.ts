// A feed of any of the three formats, told apart by its first character: `{` is JSON Feed,
// anything else goes to the XML reader (which reports HTML as not-a-feed or blocked).

import type { ParseContext, ParseResult } from "../types.js";
import { readJsonFeed } from "./json-feed.js";
import { type FeedOptions, readXmlFeed } from "./xml-feed.js";

export function looksLikeJson(body: string): boolean {
  return /^[\s\uFEFF]*[{[]/.test(body);
}

export function readAnyFeed(body: string, ctx: ParseContext, opts: FeedOptions = {}): ParseResult {
  if (looksLikeJson(body)) return readJsonFeed(body, ctx);
  const { items, nextPageUrl, ttlMinutes, itemsDropped } = readXmlFeed(body, ctx, opts);
  return { items, nextPageUrl, ttlMinutes, itemsDropped };
}
