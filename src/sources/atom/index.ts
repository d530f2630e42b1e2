// Generic Atom 1.0 feed; its <link rel="next"> (RFC 5005) is returned as nextPageUrl for backfill.

import { readAnyFeed } from "../feed/any-feed.js";
import { guardParse } from "../shared/errors.js";
import { ACCEPT_FEED, type SourceAdapter } from "../types.js";

export const atomAdapter: SourceAdapter = {
  kind: "atom",
  label: "Atom feed",
  isFeed: () => true,
  title: "Atom feed",
  describe: 'Any Atom 1.0 feed; follows <link rel="next"> for backfill.',
  example: "https://example.org/blog/atom.xml",
  listingRequests: (source) => [{ url: source.url, accept: ACCEPT_FEED, purpose: "listing" }],
  parse: (body, ctx) => guardParse(ctx.url, "the feed", () => readAnyFeed(body, ctx)),
  archiveRequest: (source, page) =>
    page === 1 ? { url: source.url, accept: ACCEPT_FEED, purpose: "archive" } : null,
};
