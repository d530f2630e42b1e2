// Kremlin listing pages (/events/president/news/page/N, /acts/news/by-date/DD.MM.YYYY):
// `div.hentry.h-entry` per item, link `a[rel=bookmark]`, title `span.entry-title.p-name`, date
// `time.dt-published[datetime]`.
//
// The datetime attribute carries only the date (`2026-08-12`), without a zone; the element's text
// carries the time (`12 августа 2026 года, 16:30`). Both are Moscow time (UTC+3), never the
// machine's local time: the text is used when it reads as the same day, else midnight in Moscow.

import type { CheerioAPI } from "cheerio";
import type { ParsedItem } from "../../domain/item.js";
import { MOSCOW_OFFSET_MINUTES, parseDate, trustDate } from "../shared/dates.js";
import { baseUrlOf } from "../shared/html.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { oneLine } from "../shared/text.js";
import type { ParseContext } from "../types.js";
import { withKremlinIdentity } from "./identity.js";

export const LISTING_ITEM_SELECTOR = "div.hentry.h-entry";

const MOSCOW = { defaultOffsetMinutes: MOSCOW_OFFSET_MINUTES };

/** Date from a datetime attribute (often date-only) and the element's text (often with a time). */
export function kremlinDate(
  attr: string | null | undefined,
  text: string | null | undefined,
  now: Date,
): Date | null {
  const fromAttr = parseDate(attr, MOSCOW);
  const fromText = parseDate(text, MOSCOW);
  const attrHasTime = !!attr && /T|\d:\d/.test(attr);
  if (fromAttr && attrHasTime) return trustDate(fromAttr, now);
  if (fromText && (!fromAttr || sameMoscowDay(fromAttr, fromText))) return trustDate(fromText, now);
  return trustDate(fromAttr ?? fromText, now);
}

function sameMoscowDay(a: Date, b: Date): boolean {
  const day = (d: Date) => new Date(d.getTime() + MOSCOW_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
  return day(a) === day(b);
}

export function hasListingItems($: CheerioAPI): boolean {
  return $(LISTING_ITEM_SELECTOR).find("a[rel~=bookmark], a[href]").length > 0;
}

export function readKremlinListing($: CheerioAPI, ctx: ParseContext): ParsedItem[] {
  const base = baseUrlOf($, ctx.url);
  const pageLang = $("html").attr("lang") ?? null;
  const items: ParsedItem[] = [];
  $(LISTING_ITEM_SELECTOR).each((_, node) => {
    const el = $(node);
    const link = el.find("a[rel~=bookmark]").first();
    const a = link.length > 0 ? link : el.find("a[href]").first();
    const href = a.attr("href");
    if (!href) return;
    const time = el.find("time.dt-published, time[datetime]").first();
    const title =
      oneLine(el.find("span.entry-title, .entry-title, .p-name").first().text()) ??
      oneLine(a.attr("title")) ??
      oneLine(a.text());
    const item = finishItem(
      {
        guid: null,
        link: href,
        base,
        title,
        summary: oneLine(el.find(".p-summary, .hentry__lead").first().text()),
        content: null,
        publishedAt: kremlinDate(time.attr("datetime"), time.text(), ctx.now),
        declaredLanguages: [pageLang],
      },
      ctx,
    );
    if (item) items.push(withKremlinIdentity(item, ctx.url, ctx.source.language ?? pageLang));
  });
  return uniqueByKey(items);
}
