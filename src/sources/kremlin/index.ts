// kremlin.ru / en.kremlin.ru: the President's site.
//
// What it serves (docs/sources.md): Atom feeds per section in English and Russian (news,
// transcripts, acts, all), listing pages, and article pages with the full text. The adapter reads
// whichever of these the source URL gives, with every date in Moscow time when no zone is written,
// and every item keyed `kremlin:<lang>:<id>` so mirrors, `/print` pages and news-vs-transcripts
// copies are one item.
//
// Fetch plan: poll the feed (or listing) URL; fetch the article page when an entry carries no full
// text; backfill by the feed's `<link rel="next">` (returned as nextPageUrl) or, page by page, by
// the section's numbered listing pages (`/events/president/news/page/N`).

import { itemFromArticle } from "../shared/item.js";
import { kremlinIdFromPath } from "../canonical-url.js";
import { assertNotBlocked, looksLikeHtml, rejectHtmlWhereFeedExpected } from "../blocked-page.js";
import { MOSCOW_OFFSET_MINUTES } from "../shared/dates.js";
import { emptyError, guardParse, parseError } from "../shared/errors.js";
import { loadHtml } from "../shared/html.js";
import { readXmlFeed } from "../feed/xml-feed.js";
import {
  ACCEPT_FEED,
  ACCEPT_HTML,
  type ParseContext,
  type ParseResult,
  type SourceAdapter,
  type SourceConfig,
} from "../types.js";
import { isKremlinArticle, readKremlinArticle } from "./article.js";
import { withKremlinIdentity } from "./identity.js";
import { hasListingItems, readKremlinListing } from "./listing.js";

export const KREMLIN_FEEDS = {
  enNews: "http://en.kremlin.ru/events/president/news/feed",
  ruNews: "http://kremlin.ru/events/president/news/feed",
  enTranscripts: "http://en.kremlin.ru/events/president/transcripts/feed",
  ruTranscripts: "http://kremlin.ru/events/president/transcripts/feed",
  enActs: "http://en.kremlin.ru/acts/news/feed",
  ruActs: "http://kremlin.ru/acts/news/feed",
} as const;

/** An entry shorter than this is a summary, not the full text: the article page is fetched. */
const FULL_TEXT_MIN_CHARS = 600;

const FEED_HINT =
  "Kremlin feeds are at /events/president/news/feed, /events/president/transcripts/feed and /acts/news/feed.";

function isFeedUrl(url: string): boolean {
  return /\/feed\/?(?:\?.*)?$/.test(url);
}

/** The section's listing path for a feed or listing URL (`…/news/feed` → `…/news`). */
function sectionUrl(url: string): string | null {
  try {
    const u = new URL(url);
    u.search = "";
    u.hash = "";
    u.pathname = u.pathname
      .replace(/\/feed\/?$/, "")
      .replace(/\/page\/\d+\/?$/, "")
      .replace(/\/+$/, "");
    // A single article or a by-date listing has no numbered pages.
    if (kremlinIdFromPath(u.pathname) || /\/by-date\//.test(u.pathname)) return null;
    return u.toString();
  } catch {
    return null;
  }
}

function parseKremlin(body: string, ctx: ParseContext): ParseResult {
  if (looksLikeHtml(body, ctx.contentType)) {
    assertNotBlocked(body, ctx.url);
    const $ = loadHtml(body);
    if (hasListingItems($)) return { items: readKremlinListing($, ctx) };
    if (isKremlinArticle($)) {
      const item = itemFromArticle(readKremlinArticle($, ctx));
      if (item) return { items: [item] };
      throw emptyError(
        ctx.url,
        `The Kremlin page at ${ctx.url} has no readable article (title or id missing).`,
      );
    }
    throw rejectHtmlWhereFeedExpected(body, ctx.url, FEED_HINT);
  }
  const feed = readXmlFeed(body, ctx, { defaultOffsetMinutes: MOSCOW_OFFSET_MINUTES, htmlHint: FEED_HINT });
  const declared = ctx.source.language ?? null;
  const items = feed.items.map((i) => withKremlinIdentity(i, ctx.url, declared ?? i.language));
  const { nextPageUrl = null, ttlMinutes = null, itemsDropped } = feed;
  return { items, nextPageUrl, ttlMinutes, itemsDropped };
}

export const kremlinAdapter: SourceAdapter = {
  kind: "kremlin",
  label: "Kremlin site",
  isFeed: isFeedUrl,
  voice: "official",
  title: "Kremlin (kremlin.ru, en.kremlin.ru)",
  describe:
    "President of Russia's site: Atom feeds (news, transcripts, executive orders) in English and Russian, " +
    "listing pages and article pages; items deduplicated on language and numeric id across mirrors.",
  example: KREMLIN_FEEDS.enNews,
  listingRequests: (source: SourceConfig) => [
    { url: source.url, accept: isFeedUrl(source.url) ? ACCEPT_FEED : ACCEPT_HTML, purpose: "listing" },
  ],
  parse: (body, ctx) => guardParse(ctx.url, "the Kremlin page", () => parseKremlin(body, ctx)),
  articleRequest: (item) =>
    item.content && item.content.length >= FULL_TEXT_MIN_CHARS
      ? null
      : { url: item.url, accept: ACCEPT_HTML, purpose: "article" },
  parseArticle: (body, ctx) =>
    guardParse(ctx.url, "the Kremlin article", () => {
      if (!looksLikeHtml(body, ctx.contentType)) {
        throw parseError(ctx.url, `${ctx.url} did not answer with an HTML article page.`);
      }
      assertNotBlocked(body, ctx.url);
      const $ = loadHtml(body);
      if (!isKremlinArticle($)) {
        throw emptyError(ctx.url, `${ctx.url} is not a Kremlin article page (no article.read__in element).`);
      }
      const { place: _place, ...article } = readKremlinArticle($, ctx);
      return article;
    }),
  archiveRequest: (source, page) => {
    if (page < 1) return null;
    const section = sectionUrl(source.url);
    if (!section) return null;
    return { url: page === 1 ? section : `${section}/page/${page}`, accept: ACCEPT_HTML, purpose: "archive" };
  },
};
