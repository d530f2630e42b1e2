// reuters.com: no public RSS since 2020. Discovery goes through the site's own JSON API (a
// section page URL is polled as `articles-by-section-alias-or-id-v1` for that section) or a news
// sitemap; text comes from article pages (see article.ts). Reuters blocks scrapers with a DataDome
// captcha: that answer is `blocked`, never "no items".

import { itemFromArticle } from "../shared/item.js";
import { assertNotBlocked, looksLikeHtml, rejectHtmlWhereFeedExpected } from "../blocked-page.js";
import { looksLikeJson } from "../feed/any-feed.js";
import { readXmlFeed } from "../feed/xml-feed.js";
import { emptyError, guardParse, parseError } from "../shared/errors.js";
import { loadHtml } from "../shared/html.js";
import {
  ACCEPT_HTML,
  ACCEPT_JSON,
  ACCEPT_XML,
  type ParseContext,
  type ParseResult,
  type SourceAdapter,
} from "../types.js";
import { readReutersApi } from "./api.js";
import { articleToItem, readReutersArticle } from "./article.js";
import { readSitemap } from "./sitemap.js";
import { isApiUrl, isArticleUrl, isSitemapUrl, listingUrl, pageSizeOf, withOffset } from "./urls.js";

const HINT =
  "Add a Reuters section page (e.g. https://www.reuters.com/technology/) or a news sitemap with --kind reuters.";

function acceptFor(url: string): string {
  if (isApiUrl(url)) return ACCEPT_JSON;
  return isSitemapUrl(url) ? ACCEPT_XML : ACCEPT_HTML;
}

function offsetOf(apiUrl: string): number {
  try {
    const q = JSON.parse(new URL(apiUrl).searchParams.get("query") ?? "{}") as Record<string, unknown>;
    return typeof q.offset === "number" ? q.offset : 0;
  } catch {
    return 0;
  }
}

function parseReuters(body: string, ctx: ParseContext): ParseResult {
  if (looksLikeJson(body)) {
    const { items, total } = readReutersApi(body, ctx);
    const size = pageSizeOf(ctx.url);
    const nextOffset = offsetOf(ctx.url) + size;
    const more = total !== null ? nextOffset < total : items.length >= size;
    return { items, nextPageUrl: more && isApiUrl(ctx.url) ? withOffset(ctx.url, nextOffset) : null };
  }
  if (looksLikeHtml(body, ctx.contentType)) {
    assertNotBlocked(body, ctx.url);
    const $ = loadHtml(body);
    const isArticle = $("script#fusion-metadata").length > 0 || $("[data-testid^='paragraph-']").length > 0;
    if (!isArticle) throw rejectHtmlWhereFeedExpected(body, ctx.url, HINT);
    const item = itemFromArticle(articleToItem(readReutersArticle($, ctx), ctx));
    if (!item) {
      throw emptyError(ctx.url, `The Reuters page at ${ctx.url} has no readable article (title missing).`);
    }
    return { items: [item] };
  }
  if (/<(?:\w+:)?(?:urlset|sitemapindex)[\s>]/.test(body.slice(0, 4096)))
    return { items: readSitemap(body, ctx) };
  const feed = readXmlFeed(body, ctx, { htmlHint: HINT });
  const { nextPageUrl = null, ttlMinutes = null, itemsDropped } = feed;
  return { items: feed.items, nextPageUrl, ttlMinutes, itemsDropped };
}

export const reutersAdapter: SourceAdapter = {
  kind: "reuters",
  label: "Reuters",
  voice: "press",
  title: "Reuters (reuters.com)",
  describe:
    "Reuters sections through the site's JSON API, or its news sitemaps; full text from article pages " +
    "(Fusion.globalContent, data-testid paragraphs, meta fallbacks).",
  example: "https://www.reuters.com/technology/",
  listingRequests: (source) => {
    const url = listingUrl(source.url);
    return [{ url, accept: acceptFor(url), purpose: "listing" }];
  },
  parse: (body, ctx) => guardParse(ctx.url, "the Reuters answer", () => parseReuters(body, ctx)),
  articleRequest: (item) =>
    item.content && item.content.length > 400
      ? null
      : { url: item.url, accept: ACCEPT_HTML, purpose: "article" },
  parseArticle: (body, ctx) =>
    guardParse(ctx.url, "the Reuters article", () => {
      if (!looksLikeHtml(body, ctx.contentType)) {
        throw parseError(ctx.url, `${ctx.url} did not answer with an HTML article page.`);
      }
      assertNotBlocked(body, ctx.url);
      const article = readReutersArticle(loadHtml(body), ctx);
      if (!article.title && article.paragraphs.length === 0) {
        throw emptyError(ctx.url, `No article text found at ${ctx.url}: the page layout may have changed.`);
      }
      return articleToItem(article, ctx);
    }),
  archiveRequest: (source, page) => {
    if (page < 1) return null;
    const first = listingUrl(source.url);
    // Sitemaps have no paging; the API pages by offset.
    if (!isApiUrl(first))
      return page === 1 && !isArticleUrl(first)
        ? { url: first, accept: acceptFor(first), purpose: "archive" }
        : null;
    const url = withOffset(first, (page - 1) * pageSizeOf(first));
    return url ? { url, accept: ACCEPT_JSON, purpose: "archive" } : null;
  },
};
