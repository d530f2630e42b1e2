// Brookings article pages: `meta[property=og:title]` (without the " | Brookings" suffix),
// `og:description`, `meta[property="article:published_time"]`, the JSON-LD `@graph` Article /
// NewsArticle (`datePublished`, `author`), and the body in `div[class*="wysiwyg-block"]` blocks.

import type { CheerioAPI } from "cheerio";
import type { ParsedItem } from "../../domain/item.js";
import { canonicalUrl, dedupKeyForUrl } from "../canonical-url.js";
import { publishedDate } from "../shared/dates.js";
import { hasType, jsonLdNames, jsonLdObjects, metaContent } from "../shared/html.js";
import { chooseLanguage } from "../shared/language.js";
import { nodesToText, oneLine } from "../shared/text.js";
import type { ParseContext } from "../types.js";

export function isBrookingsArticle($: CheerioAPI): boolean {
  return (
    $('div[class*="wysiwyg-block"]').length > 0 || metaContent($, "meta[property='og:type']") === "article"
  );
}

export function readBrookingsArticle($: CheerioAPI, ctx: ParseContext): Partial<ParsedItem> {
  const ld = jsonLdObjects($).find((o) => hasType(o, "Article", "NewsArticle", "ScholarlyArticle", "Report"));
  const rawTitle =
    metaContent($, "meta[property='og:title']") ??
    (ld ? String(ld.headline ?? "") : null) ??
    $("h1").first().text();
  const title = oneLine(rawTitle?.replace(/\s*[|–-]\s*Brookings\s*$/i, ""));
  const date =
    (typeof ld?.datePublished === "string" ? ld.datePublished : null) ??
    metaContent($, "meta[property='article:published_time']");
  const blocks = $('div[class*="wysiwyg-block"]').toArray();
  // A block nested in another block would be read twice: keep the outermost ones.
  const outer = blocks.filter((b) => !blocks.some((o) => o !== b && $(o).find(b as never).length > 0));
  const content = nodesToText(outer);
  const out: Partial<ParsedItem> = {
    title,
    summary: oneLine(metaContent($, "meta[property='og:description']", "meta[name='description']")),
    content: content || null,
    publishedAt: publishedDate(date, ctx.now),
    language: chooseLanguage({
      configured: ctx.source.language,
      declared: [$("html").attr("lang")],
      text: title,
    }),
  };
  const authors = jsonLdNames(ld?.author);
  if (authors.length > 0) out.authors = authors;
  const tags = $("meta[property='article:tag']")
    .toArray()
    .map((m) => oneLine($(m).attr("content")))
    .filter((t): t is string => !!t);
  if (tags.length > 0) out.tags = tags;
  const url = canonicalUrl(
    $("link[rel='canonical']").attr("href") ?? metaContent($, "meta[property='og:url']"),
    ctx.url,
  );
  if (url) {
    out.url = url;
    out.dedupKey = dedupKeyForUrl(url);
  }
  return out;
}
