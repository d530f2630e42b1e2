// Generic RSS feed (2.0 or 1.0). A feed that turns out to be Atom or JSON Feed is read all the same:
// the user cares about the items, not about which format they picked when adding it.

import { readAnyFeed } from "../feed/any-feed.js";
import { guardParse } from "../shared/errors.js";
import { ACCEPT_FEED, type SourceAdapter } from "../types.js";

export const rssAdapter: SourceAdapter = {
  kind: "rss",
  label: "RSS feed",
  isFeed: () => true,
  title: "RSS feed",
  describe: "Any RSS 2.0 or RSS 1.0 feed; honours <ttl> and sy:updatePeriod.",
  example: "https://example.org/news/rss.xml",
  listingRequests: (source) => [{ url: source.url, accept: ACCEPT_FEED, purpose: "listing" }],
  parse: (body, ctx) => guardParse(ctx.url, "the feed", () => readAnyFeed(body, ctx)),
  // One page only: older entries are reached through the feed's own next link (nextPageUrl), if any.
  archiveRequest: (source, page) =>
    page === 1 ? { url: source.url, accept: ACCEPT_FEED, purpose: "archive" } : null,
};
