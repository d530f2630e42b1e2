// Brookings listing pages (/research-commentary/, /topics/<slug>/, /regions/<region>/<country>/):
// one `article.article-nav` card per piece, link `a.overlay-link`, title `span.sr-only`. Only links
// to pieces count (articles, events, research, commentary, podcasts, books, reports,
// interactives): cards for people or topics are skipped.

import type { CheerioAPI } from "cheerio";
import type { ParsedItem } from "../../domain/item.js";
import { publishedDate } from "../shared/dates.js";
import { baseUrlOf } from "../shared/html.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { oneLine } from "../shared/text.js";
import type { ParseContext } from "../types.js";

export const CARD_SELECTOR = "article.article-nav";
const PIECE_PATH = /^\/(articles|events|research|commentary|podcasts|books|reports|interactives)\/[^/]+\/?$/;

export function isPieceUrl(url: string, pageUrl: string): boolean {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const sameSite =
      host === "www.brookings.edu" || host === "brookings.edu" || host === new URL(pageUrl).hostname;
    return sameSite && PIECE_PATH.test(u.pathname);
  } catch {
    return false;
  }
}

export function hasCards($: CheerioAPI): boolean {
  return $(CARD_SELECTOR).length > 0;
}

export function readBrookingsListing($: CheerioAPI, ctx: ParseContext): ParsedItem[] {
  const base = baseUrlOf($, ctx.url);
  const lang = $("html").attr("lang") ?? null;
  const items: ParsedItem[] = [];
  $(CARD_SELECTOR).each((_, node) => {
    const card = $(node);
    const a = card.find("a.overlay-link[href]").first();
    const href = a.attr("href") ?? card.find("a[href]").first().attr("href");
    if (!href) return;
    let absolute: string;
    try {
      absolute = new URL(href, base).toString();
    } catch {
      return;
    }
    if (!isPieceUrl(absolute, ctx.url)) return;
    const time = card.find("time[datetime]").first();
    const dateText = time.attr("datetime") ?? oneLine(card.find("time, .date, .article-date").first().text());
    const item = finishItem(
      {
        guid: null,
        link: absolute,
        title:
          oneLine(a.find("span.sr-only").first().text()) ??
          oneLine(card.find("h2, h3, h4").first().text()) ??
          oneLine(a.text()),
        summary: oneLine(card.find(".excerpt, .dek, .summary").first().text()),
        content: null,
        publishedAt: publishedDate(dateText, ctx.now),
        authors: card
          .find(".author, .byline a")
          .toArray()
          .map((el) => $(el).text()),
        declaredLanguages: [lang],
      },
      ctx,
    );
    if (item) items.push(item);
  });
  return uniqueByKey(items);
}
