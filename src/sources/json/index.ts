// Generic JSON Feed 1.0 / 1.1; `next_url` is returned as nextPageUrl for backfill.

import { readAnyFeed } from "../feed/any-feed.js";
import { guardParse } from "../shared/errors.js";
import { ACCEPT_FEED, type SourceAdapter } from "../types.js";

export const jsonFeedAdapter: SourceAdapter = {
  kind: "json",
  label: "JSON Feed",
  isFeed: () => true,
  title: "JSON Feed",
  describe: "Any JSON Feed (version 1.0 or 1.1).",
  example: "https://example.org/feed.json",
  listingRequests: (source) => [{ url: source.url, accept: ACCEPT_FEED, purpose: "listing" }],
  parse: (body, ctx) => guardParse(ctx.url, "the feed", () => readAnyFeed(body, ctx)),
  archiveRequest: (source, page) =>
    page === 1 ? { url: source.url, accept: ACCEPT_FEED, purpose: "archive" } : null,
};
