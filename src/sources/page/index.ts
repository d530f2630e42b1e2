// One page watched for changes. Each poll extracts the page's readable text and compares it with
// the snapshot remembered from the previous poll:
// - no snapshot yet: one item describing the page (its first version);
// - text changed: one item whose summary and content list the lines added (and say how many were
//   removed), keyed `page:<url>:<hash of the new text>` so the same version is never stored twice;
// - unchanged (whitespace aside): no items.
// The snapshot to remember is always returned. A bot wall is `blocked`, never "the page changed".

import type { ParsedItem } from "../../domain/item.js";
import { assertNotBlocked } from "../blocked-page.js";
import { canonicalUrl } from "../canonical-url.js";
import { emptyError, guardParse } from "../shared/errors.js";
import { loadHtml } from "../shared/html.js";
import { sha256Hex } from "../shared/item.js";
import { chooseLanguage } from "../shared/language.js";
import { paragraphsFromPlain, truncate } from "../shared/text.js";
import {
  ACCEPT_HTML,
  DEFAULT_PAGE_SCHEDULE,
  type ParseContext,
  type ParseResult,
  type SourceAdapter,
} from "../types.js";
import { diffLines, splitLines } from "./line-diff.js";
import { readablePage } from "./readable-text.js";

const SUMMARY_LINES = 5;

function normalizeSnapshot(text: string): string {
  return splitLines(text).join("\n\n");
}

export function parsePage(body: string, ctx: ParseContext): ParseResult {
  assertNotBlocked(body, ctx.url);
  const isHtml = /<[a-zA-Z!]/.test(body.slice(0, 4096));
  const $ = isHtml ? loadHtml(body) : null;
  const page = $ ? readablePage($) : { title: null, text: paragraphsFromPlain(body) };
  const text = normalizeSnapshot(page.text);
  if (text === "") throw emptyError(ctx.url, `The page at ${ctx.url} has no readable text to watch.`);

  const url = canonicalUrl(ctx.source.url) ?? canonicalUrl(ctx.url) ?? ctx.url;
  const name = page.title ?? url;
  const dedupKey = `page:${url}:${sha256Hex(text).slice(0, 16)}`;
  const language = chooseLanguage({
    configured: ctx.source.language,
    declared: [$ ? $("html").attr("lang") : null],
    url,
    text: text.slice(0, 4000),
  });
  const base = { guid: dedupKey, dedupKey, url, language, publishedAt: ctx.now };

  const previous = ctx.previousSnapshot == null ? null : normalizeSnapshot(ctx.previousSnapshot);
  if (previous === null) {
    const item: ParsedItem = {
      ...base,
      title: name,
      summary: truncate(text.replace(/\s+/g, " "), 600),
      content: text,
    };
    return { items: [item], snapshot: text };
  }
  if (previous === text) return { items: [], snapshot: text };

  const { added, removed } = diffLines(splitLines(previous), splitLines(text));
  const removedNote = removed.length > 0 ? `${removed.length} line(s) removed.` : "";
  const summary =
    added.length > 0
      ? truncate(
          `${added.length} line(s) added: ${added.slice(0, SUMMARY_LINES).join(" / ")}${removedNote ? ` ${removedNote}` : ""}`,
          600,
        )
      : `Nothing added; ${removedNote}`;
  const content = added.length > 0 ? added.join("\n\n") : `Removed:\n\n${removed.join("\n\n")}`;
  const item: ParsedItem = { ...base, title: `Changed: ${name}`, summary, content };
  return { items: [item], snapshot: text };
}

export const pageAdapter: SourceAdapter = {
  kind: "page",
  label: "Single page (watch for changes)",
  defaultSchedule: DEFAULT_PAGE_SCHEDULE,
  title: "Watched page",
  describe: "One web page watched for changes; each change becomes an item listing the lines added.",
  example: "https://example.org/policy/ai-strategy",
  listingRequests: (source) => [{ url: source.url, accept: ACCEPT_HTML, purpose: "listing" }],
  parse: (body, ctx) => guardParse(ctx.url, "the page", () => parsePage(body, ctx)),
  archiveRequest: () => null,
};
