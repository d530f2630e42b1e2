// Saved pages each adapter must read, with the URL and clock they are read at. The registry
// contract test walks ADAPTER_FIXTURES (every one must give items) and ERROR_FIXTURES (every one
// must fail with the given kind); the fuzz test mutates the same bodies.
//
// Every fixture lives in tests/fixtures, so a clone with nothing beside it runs the suite.

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FetchError, type FetchErrorKind } from "../../src/domain/fetch-error.js";
import { getAdapter } from "../../src/sources/registry.js";
import { listingUrl } from "../../src/sources/reuters/urls.js";
import type { ParseContext, SourceAdapter, SourceConfig, SourceKind } from "../../src/sources/types.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const LOCAL_FIXTURES = join(REPO_ROOT, "tests/fixtures");

/** `kremlin/en-news-feed.atom.xml`: a path under tests/fixtures. */
export function fixturePath(ref: string): string {
  return join(LOCAL_FIXTURES, ref);
}

export function readFixture(ref: string): string {
  return readFileSync(fixturePath(ref), "utf8");
}

export interface AdapterFixture {
  kind: SourceKind;
  adapter: SourceAdapter;
  /** See fixturePath. */
  fixture: string;
  /** The URL the body is read as coming from. */
  url: string;
  source: SourceConfig;
  contentType?: string;
  now: Date;
  /** `parseArticle` rather than `parse`. */
  article?: boolean;
}

export const NOW = new Date("2026-04-11T00:00:00Z");

function fx(
  kind: SourceKind,
  fixture: string,
  url: string,
  extra: Partial<Omit<AdapterFixture, "kind" | "fixture" | "url" | "adapter">> = {},
): AdapterFixture {
  return {
    kind,
    adapter: getAdapter(kind),
    fixture,
    url,
    source: extra.source ?? { url, kind },
    now: extra.now ?? NOW,
    ...(extra.contentType ? { contentType: extra.contentType } : {}),
    ...(extra.article ? { article: true } : {}),
  };
}

const kremlinExample = getAdapter("kremlin").example;
const reutersListing = listingUrl(getAdapter("reuters").example);

export const HTML_LIST_SELECTORS = {
  item: "li.release",
  title: "a.release__title",
  link: "a.release__title",
  date: ".release__date",
  summary: ".release__teaser",
};

/** Every body here parses to at least one item with a title, a URL and a dedup key. */
export const ADAPTER_FIXTURES: AdapterFixture[] = [
  fx("kremlin", "kremlin/en-news-feed.atom.xml", kremlinExample, { contentType: "application/atom+xml" }),
  fx(
    "kremlin",
    "kremlin/ru-transcripts-feed.atom.xml",
    "http://kremlin.ru/events/president/transcripts/feed",
  ),
  fx("kremlin", "kremlin/news-listing-en.html", "http://en.kremlin.ru/events/president/news", {
    contentType: "text/html; charset=utf-8",
  }),
  fx("kremlin", "kremlin/article-en-79008.html", "http://en.kremlin.ru/events/president/news/79008"),
  fx("kremlin", "kremlin/acts-listing-item.html", "http://kremlin.ru/acts/news/by-date/12.08.2026", {
    contentType: "text/html",
    now: new Date("2026-08-13T09:00:00Z"),
  }),
  fx("reuters", "reuters/section-api-technology.json", reutersListing, {
    contentType: "application/json",
    source: { url: getAdapter("reuters").example, kind: "reuters" },
  }),
  fx(
    "reuters",
    "reuters/news-sitemap.xml",
    "https://www.reuters.com/arc/outboundfeeds/news-sitemap/?outputType=xml",
  ),
  fx(
    "reuters",
    "reuters/fundus_Reuters_2023_05_16.html",
    "https://www.reuters.com/business/aerospace-defense/nepal-says-no-proof-flydubai-plane-suffered-bird-strike-2023-04-25/",
  ),
  fx(
    "reuters",
    "reuters/fundus_Reuters_2024_03_07.html",
    "https://www.reuters.com/world/middle-east/israeli-tank-likely-scenario-fired-machine-gun-reporters-after-deadly-shelling-2024-03-07/",
  ),
  fx("brookings", "brookings/listing-ai.html", getAdapter("brookings").example),
  fx("brookings", "brookings/feed-serving-html.html", "https://www.brookings.edu/feed/", {
    contentType: "text/html",
  }),
  fx("brookings", "brookings/feed.rss.xml", "https://www.brookings.edu/feed/"),
  fx(
    "brookings",
    "brookings/article-russia-ai.html",
    "https://www.brookings.edu/articles/russias-ai-plan-meets-the-sanctions-wall/",
  ),
  fx("rss", "generic/rss-ttl.xml", getAdapter("rss").example),
  fx("rss", "generic/rss-windows-1251.xml", "http://minsvyaz.example.ru/rss/"),
  fx("rss", "generic/xxe.xml", "https://xxe.example.org/feed.xml"),
  fx("atom", "generic/atom.xml", getAdapter("atom").example),
  fx("json", "generic/feed.json", getAdapter("json").example),
  fx("html", "generic/list-page.html", getAdapter("html").example, {
    source: { url: getAdapter("html").example, kind: "html", options: { selectors: HTML_LIST_SELECTORS } },
  }),
  fx("page", "generic/page-v1.html", getAdapter("page").example),
  fx("telegram", "telegram/channel-page.html", getAdapter("telegram").example, { contentType: "text/html" }),
  fx("telegram", "telegram/channel-page-before-14301.html", "https://t.me/s/government_rus?before=14301"),
];

/** (adapter, absolute fixture path) pairs, for the fuzz test: every body here is a valid input to mutate. */
export function adapterFixturePaths(): Array<{
  adapter: SourceAdapter;
  path: string;
  fixture: AdapterFixture;
}> {
  return ADAPTER_FIXTURES.map((f) => ({ adapter: f.adapter, path: fixturePath(f.fixture), fixture: f }));
}

export interface ErrorFixture extends AdapterFixture {
  expectedKind: FetchErrorKind;
}

/** Every body here makes `parse` throw a FetchError of the given kind. */
export const ERROR_FIXTURES: ErrorFixture[] = [
  { ...fx("rss", "generic/malformed.xml", "https://broken.example.org/feed.xml"), expectedKind: "parse" },
  {
    ...fx("rss", "generic/cloudflare-challenge.html", "https://digitalpolicy.example.org/feed.xml"),
    expectedKind: "blocked",
  },
  {
    ...fx("atom", "generic/plain-html-page.html", "https://digitalpolicy.example.org/atom.xml"),
    expectedKind: "not-a-feed",
  },
  { ...fx("reuters", "reuters/captcha.html", reutersListing), expectedKind: "blocked" },
  {
    ...fx(
      "reuters",
      "reuters/sitemap-index.xml",
      "https://www.reuters.com/arc/outboundfeeds/news-sitemap-index/?outputType=xml",
    ),
    expectedKind: "empty",
  },
  { ...fx("kremlin", "generic/cloudflare-challenge.html", kremlinExample), expectedKind: "blocked" },
  { ...fx("html", "generic/list-page.html", getAdapter("html").example), expectedKind: "parse" },
];

export function contextFor(f: AdapterFixture, previousSnapshot: string | null = null): ParseContext {
  return {
    url: f.url,
    contentType: f.contentType ?? null,
    source: f.source,
    now: f.now,
    previousSnapshot,
  };
}

/** A parse context for ad-hoc cases in the per-site tests. */
export function ctx(kind: SourceKind, url: string, extra: Partial<ParseContext> = {}): ParseContext {
  return { url, source: { url, kind }, now: NOW, contentType: null, previousSnapshot: null, ...extra };
}

/** Runs fn and returns the FetchError it throws; fails the test if it throws anything else or nothing. */
export function catchFetchError(fn: () => unknown): FetchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FetchError) return e;
    throw e;
  }
  throw new Error("expected a FetchError, but nothing was thrown");
}
