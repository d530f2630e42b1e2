// The contract between a watched site's adapter and the rest of the service.
// An adapter never does I/O: the fetcher (src/infra/http-fetcher.ts) performs the requests an
// adapter plans, and hands the decoded body back to the adapter's pure `parse`. That split lets every
// parser be tested on saved pages with no network double.

import type { ParsedItem } from "../domain/item.js";

// The kinds of source policywatch reads: this list, and each kind's adapter folder (its `index.ts`
// declares what the kind is, in words, and how it is polled) are the one declaration that the
// registry, `sources add --help`, the API's schema, the add form, OPML and docs/sources.md follow.
export const SOURCE_KINDS = [
  "rss",
  "atom",
  "json",
  "html",
  "page",
  "kremlin",
  "reuters",
  "brookings",
  "telegram",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface HtmlSelectors {
  item: string;
  title?: string;
  link?: string;
  date?: string;
  summary?: string;
}

export interface SourceConfig {
  url: string;
  kind: SourceKind;
  /** Forces the items' language (`en`, `ru`); null or absent: detect it. */
  language?: string | null;
  /** `proxy` and `mirrors`: how the source is reached (services/source-reach.ts). */
  options?: { selectors?: HtmlSelectors; proxy?: string; mirrors?: string[]; [k: string]: unknown };
}

export interface FetchRequest {
  url: string;
  accept?: string;
  purpose: "listing" | "article" | "archive";
}

export interface ParseContext {
  /** Final URL the body came from (after redirects): relative links resolve against it. */
  url: string;
  contentType?: string | null;
  source: SourceConfig;
  /** The clock, passed in so parsing stays pure: dates in the future are judged against it. */
  now: Date;
  /** `page` kind: the text remembered from the previous poll. */
  previousSnapshot?: string | null;
  /** The most items a parse needs to keep (the newest); readers that can may drop the rest as they read. */
  maxItems?: number;
}

export interface ParseResult {
  items: ParsedItem[];
  /** Archive paging for backfill (for example an Atom `<link rel="next">`). */
  nextPageUrl?: string | null;
  /** `page` kind: the text to remember for the next poll. */
  snapshot?: string;
  /** Feed `<ttl>` / `sy:updatePeriod`, in minutes. */
  ttlMinutes?: number | null;
  /** Items the reader left out while reading, beyond `ParseContext.maxItems`. */
  itemsDropped?: number;
}

/** How often a source is polled when its owner names no schedule: feeds every 15 minutes. */
export const DEFAULT_FEED_SCHEDULE = "*/15 * * * *";
/** Pages and HTML lists change less often than feeds and cost more to fetch. */
export const DEFAULT_PAGE_SCHEDULE = "0 * * * *";

export interface SourceAdapter {
  kind: SourceKind;
  /** A few words naming the kind in a list of choices (the add form). */
  label: string;
  title: string;
  /** Whose voice the site is (domain/source-voice.ts); absent: decided by the source's URL. */
  voice?: "official" | "press";
  describe: string;
  /** An example source URL for this kind (shown in help, walked by the registry contract test). */
  example: string;
  /** The cron schedule of a source that names none (default DEFAULT_FEED_SCHEDULE). */
  defaultSchedule?: string;
  /** Whether a source at this URL is a feed other readers subscribe to (OPML's type="rss"). */
  isFeed?(url: string): boolean;
  /** Requests for a normal poll (usually one: the feed / listing / API URL). */
  listingRequests(source: SourceConfig): FetchRequest[];
  /** Pure. Returns items, or throws FetchError (kinds: parse, empty, not-a-feed, blocked). Never throws anything else. */
  parse(body: string, ctx: ParseContext): ParseResult;
  /** When the listing gives only a summary: the article page to fetch for full text (null: not needed). */
  articleRequest?(item: ParsedItem, source: SourceConfig): FetchRequest | null;
  /** Pure: full text and better metadata from an article page. */
  parseArticle?(body: string, ctx: ParseContext): Partial<ParsedItem>;
  /** Archive page N (1-based) for backfill, or null when the site has no paging. */
  archiveRequest?(source: SourceConfig, page: number): FetchRequest | null;
}

/** Accept headers the adapters ask for; the fetcher sends them as given. */
export const ACCEPT_FEED =
  "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
export const ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
export const ACCEPT_JSON = "application/json, */*;q=0.5";
export const ACCEPT_XML = "application/xml, text/xml;q=0.9, */*;q=0.5";
