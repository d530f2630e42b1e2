// brookings.edu: the WordPress feed when it is one; when `/feed/` answers with HTML (one checker
// found it does), the cards on that page are read as a listing, and an HTML page without cards is
// `not-a-feed` with the listing URL to use instead. Article pages give full text and metadata.
//
// Archive paging follows WordPress conventions: `/page/N/` on listing pages, `?paged=N` on feeds.

import { itemFromArticle } from "../shared/item.js";
import { assertNotBlocked, looksLikeHtml, rejectHtmlWhereFeedExpected } from "../blocked-page.js";
import { readXmlFeed } from "../feed/xml-feed.js";
import { emptyError, guardParse, parseError } from "../shared/errors.js";
import { loadHtml } from "../shared/html.js";
import {
  ACCEPT_FEED,
  ACCEPT_HTML,
  type ParseContext,
  type ParseResult,
  type SourceAdapter,
} from "../types.js";
import { isBrookingsArticle, readBrookingsArticle } from "./article.js";
import { CARD_SELECTOR, hasCards, readBrookingsListing } from "./listing.js";

const LISTING_HINT =
  "Use a Brookings listing page instead, e.g. https://www.brookings.edu/research-commentary/.";

function isFeedUrl(url: string): boolean {
  try {
    return /\/feed\/?$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function parseBrookings(body: string, ctx: ParseContext): ParseResult {
  if (!looksLikeHtml(body, ctx.contentType)) {
    const feed = readXmlFeed(body, ctx, { htmlHint: LISTING_HINT });
    const { nextPageUrl = null, ttlMinutes = null, itemsDropped } = feed;
    return { items: feed.items, nextPageUrl, ttlMinutes, itemsDropped };
  }
  assertNotBlocked(body, ctx.url);
  const $ = loadHtml(body);
  if (hasCards($)) {
    const items = readBrookingsListing($, ctx);
    if (items.length === 0) {
      throw emptyError(
        ctx.url,
        `The cards (${CARD_SELECTOR}) on ${ctx.url} link to no articles, reports or commentary.`,
      );
    }
    return { items };
  }
  if (!isFeedUrl(ctx.url) && isBrookingsArticle($)) {
    const item = itemFromArticle(readBrookingsArticle($, ctx));
    if (item) return { items: [item] };
  }
  if (isFeedUrl(ctx.url)) throw rejectHtmlWhereFeedExpected(body, ctx.url, LISTING_HINT);
  throw emptyError(
    ctx.url,
    `No article cards (${CARD_SELECTOR}) found on ${ctx.url}: the page layout may have changed.`,
  );
}

export const brookingsAdapter: SourceAdapter = {
  kind: "brookings",
  label: "Brookings",
  voice: "press",
  title: "Brookings (brookings.edu)",
  describe:
    "Brookings research and commentary: the WordPress feed when it is one, else listing-page cards; " +
    "full text and authors from article pages (meta tags and JSON-LD).",
  example: "https://www.brookings.edu/topics/artificial-intelligence/",
  listingRequests: (source) => [
    { url: source.url, accept: isFeedUrl(source.url) ? ACCEPT_FEED : ACCEPT_HTML, purpose: "listing" },
  ],
  parse: (body, ctx) => guardParse(ctx.url, "the Brookings page", () => parseBrookings(body, ctx)),
  articleRequest: (item) =>
    item.content && item.content.length > 600
      ? null
      : { url: item.url, accept: ACCEPT_HTML, purpose: "article" },
  parseArticle: (body, ctx) =>
    guardParse(ctx.url, "the Brookings article", () => {
      if (!looksLikeHtml(body, ctx.contentType)) {
        throw parseError(ctx.url, `${ctx.url} did not answer with an HTML article page.`);
      }
      assertNotBlocked(body, ctx.url);
      const $ = loadHtml(body);
      if (!isBrookingsArticle($)) {
        throw emptyError(ctx.url, `${ctx.url} is not a Brookings article page (no wysiwyg-block body).`);
      }
      return readBrookingsArticle($, ctx);
    }),
  archiveRequest: (source, page) => {
    if (page < 1) return null;
    let u: URL;
    try {
      u = new URL(source.url);
    } catch {
      return null;
    }
    if (isFeedUrl(source.url)) {
      if (page > 1) u.searchParams.set("paged", String(page));
      return { url: u.toString(), accept: ACCEPT_FEED, purpose: "archive" };
    }
    if (page > 1)
      u.pathname = `${u.pathname.replace(/\/page\/\d+\/?$/, "").replace(/\/?$/, "/")}page/${page}/`;
    return { url: u.toString(), accept: ACCEPT_HTML, purpose: "archive" };
  },
};
