// Kremlin article and transcript pages (selectors agreed by several independent scrapers):
// wrapper `article.read__in.hentry.h-entry`; title `div.read__top h1` or `h1.entry-title.p-name`;
// date `div.read__meta > time[datetime]` or `time.read__published[datetime]` with the time of day in
// `.read__time`; lead `div.read__lead.entry-summary.p-summary`; place `div.read__place.p-location`;
// body `div.entry-content.e-content.read__internal_content > p` (direct children only: the bottom
// meta block nests its own paragraphs); tags `div.read__tags .read__tagscol li`; canonical link
// `#material_link`, whose last path segment is the numeric id.

import type { Cheerio, CheerioAPI } from "cheerio";
import type { AnyNode } from "domhandler";
import type { ParsedItem } from "../../domain/item.js";
import { canonicalUrl, dedupKeyForUrl } from "../canonical-url.js";
import { chooseLanguage } from "../shared/language.js";
import { oneLine } from "../shared/text.js";
import type { ParseContext } from "../types.js";
import { withKremlinIdentity } from "./identity.js";
import { kremlinDate } from "./listing.js";

export const ARTICLE_SELECTOR = "article.read__in, .read__internal_content";

export function isKremlinArticle($: CheerioAPI): boolean {
  return $(ARTICLE_SELECTOR).length > 0;
}

export interface KremlinArticle extends Partial<ParsedItem> {
  place?: string | null;
}

export function readKremlinArticle($: CheerioAPI, ctx: ParseContext): KremlinArticle {
  const wrapper = $("article.read__in").first();
  const scope: Cheerio<AnyNode> = wrapper.length > 0 ? wrapper : $.root();
  const title =
    oneLine(scope.find("div.read__top h1").first().text()) ??
    oneLine(scope.find("h1.entry-title").first().text()) ??
    oneLine($("h1").first().text());
  const time = scope.find("div.read__meta > time[datetime], time.read__published[datetime]").first();
  const clock = oneLine(scope.find(".read__time").first().text());
  const dateText = [oneLine(time.text()), clock].filter(Boolean).join(" ");
  const publishedAt = time.length > 0 ? kremlinDate(time.attr("datetime"), dateText, ctx.now) : null;
  const lead = scope
    .find("div.read__lead")
    .first()
    .find("p")
    .toArray()
    .map((p) => oneLine($(p).text()))
    .filter((p): p is string => !!p);
  const summary = lead.length > 0 ? lead.join(" ") : oneLine(scope.find("div.read__lead").first().text());
  const paragraphs = scope
    .find("div.read__internal_content")
    .first()
    .children("p")
    .toArray()
    .map((p) => oneLine($(p).text()))
    .filter((p): p is string => !!p);
  const tags = scope
    .find("div.read__tags .read__tagscol li")
    .toArray()
    .map((li) => oneLine($(li).text()))
    .filter((t): t is string => !!t);
  const material = $("#material_link").first();
  const materialHref = material.attr("href") ?? material.attr("value") ?? oneLine(material.text());
  const out: KremlinArticle = {
    title,
    summary,
    content: paragraphs.length > 0 ? paragraphs.join("\n\n") : null,
    publishedAt,
    language: chooseLanguage({
      configured: ctx.source.language,
      declared: [$("html").attr("lang")],
      url: ctx.url,
      text: title ?? summary,
    }),
    place: oneLine(scope.find("div.read__place").first().text()),
  };
  if (tags.length > 0) out.tags = [...new Set(tags)];
  // The canonical identity: the page URL, or the material link when the page came via a mirror.
  const url = canonicalUrl(ctx.url);
  if (url) {
    const fromPage = withKremlinIdentity(
      {
        guid: url,
        dedupKey: dedupKeyForUrl(url),
        url,
        title,
        summary,
        content: null,
        language: out.language ?? null,
        publishedAt,
      },
      ctx.url,
      $("html").attr("lang") ?? null,
    );
    if (fromPage.dedupKey.startsWith("kremlin:")) {
      out.url = fromPage.url;
      out.dedupKey = fromPage.dedupKey;
    }
  }
  if (!out.dedupKey && materialHref) {
    const m = canonicalUrl(materialHref, ctx.url);
    const key = m ? dedupKeyForUrl(m) : null;
    if (m && key?.startsWith("kremlin:")) {
      out.dedupKey = key;
      out.url = m;
    }
  }
  return out;
}
