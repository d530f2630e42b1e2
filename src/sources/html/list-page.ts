// Reads a list page (news index, press releases) into items with the user's CSS selectors.
//
// Rules:
// - `item` selects one element per entry; it is required (no selector: `parse` error in words).
// - `title` (default: the link's text, else the first heading), `link` (default: the item itself
//   when it is a link, else its first link), `date` (`datetime` or `content` attribute, else the
//   text), `summary` are looked up inside each item.
// - Links resolve against the page URL (or its <base href>).
// - A bot wall is `blocked`; no element matching `item` is `empty`, naming the selector.

import type { AnyNode } from "domhandler";
import type { ParsedItem } from "../../domain/item.js";
import { assertNotBlocked } from "../blocked-page.js";
import { publishedDate } from "../shared/dates.js";
import { emptyError, parseError } from "../shared/errors.js";
import { baseUrlOf, loadHtml, selectOrFail, type Selection } from "../shared/html.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { oneLine } from "../shared/text.js";
import type { HtmlSelectors, ParseContext } from "../types.js";

export interface HtmlListOptions {
  defaultOffsetMinutes?: number;
}

function firstLinkHref(sel: Selection): string | null {
  const el = sel.first();
  if (el.length === 0) return null;
  if (el.is("a[href]")) return el.attr("href") ?? null;
  return el.find("a[href]").first().attr("href") ?? null;
}

function dateText(sel: Selection): string | null {
  const el = sel.first();
  if (el.length === 0) return null;
  return el.attr("datetime") ?? el.attr("content") ?? oneLine(el.text());
}

export function readHtmlList(
  body: string,
  ctx: ParseContext,
  selectors: HtmlSelectors | undefined,
  opts: HtmlListOptions = {},
): ParsedItem[] {
  if (!selectors?.item?.trim()) {
    throw parseError(
      ctx.url,
      `The HTML source ${ctx.url} has no item selector: say which element is one entry, e.g. --selector item=article,title=h2,link=a.`,
    );
  }
  assertNotBlocked(body, ctx.url);
  const $ = loadHtml(body);
  const base = baseUrlOf($, ctx.url);
  const lang = $("html").attr("lang") ?? null;
  const matches = selectOrFail($, selectors.item, ctx.url, "item");
  if (matches.length === 0) {
    throw emptyError(ctx.url, `No element on ${ctx.url} matches the item selector "${selectors.item}".`);
  }
  const items: ParsedItem[] = [];
  matches.each((_, node: AnyNode) => {
    const el = $(node);
    const linkSel = selectors.link ? selectOrFail($, selectors.link, ctx.url, "link", node) : el;
    const href = selectors.link
      ? (firstLinkHref(linkSel) ?? linkSel.first().attr("href") ?? null)
      : firstLinkHref(el);
    let title: string | null;
    if (selectors.title)
      title = oneLine(selectOrFail($, selectors.title, ctx.url, "title", node).first().text());
    else {
      const a = el.is("a") ? el : el.find("a[href]").first();
      title = oneLine(el.find("h1,h2,h3,h4,h5,h6").first().text()) ?? oneLine(a.text());
    }
    const date = selectors.date ? dateText(selectOrFail($, selectors.date, ctx.url, "date", node)) : null;
    const summary = selectors.summary
      ? oneLine(selectOrFail($, selectors.summary, ctx.url, "summary", node).first().text())
      : null;
    if (!title && !href) return;
    const item = finishItem(
      {
        guid: null,
        link: href,
        base,
        title,
        summary,
        content: null,
        publishedAt: publishedDate(date, ctx.now, { defaultOffsetMinutes: opts.defaultOffsetMinutes }),
        declaredLanguages: [lang],
      },
      ctx,
    );
    if (item) items.push(item);
  });
  if (items.length === 0) {
    throw emptyError(
      ctx.url,
      `${matches.length} element(s) on ${ctx.url} match "${selectors.item}", but none has a title or a link.`,
    );
  }
  return uniqueByKey(items);
}
