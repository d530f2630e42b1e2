// Walks every adapter: its fixtures parse to real items, its failures are FetchErrors only, and
// `--kind auto` recognises what it should.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourcesAddCommand } from "../../src/cli/sources-add.js";
import { FetchError } from "../../src/domain/fetch-error.js";
import { allAdapters, detectKind, getAdapter, isSourceKind } from "../../src/sources/registry.js";
import { SOURCE_KINDS } from "../../src/sources/types.js";
import {
  ADAPTER_FIXTURES,
  ERROR_FIXTURES,
  catchFetchError,
  contextFor,
  readFixture,
} from "./adapter-fixtures.js";
import { repoRoot } from "../helpers/run-cli.js";

describe("registry", () => {
  it("has exactly one adapter per source kind", () => {
    expect(allAdapters.map((a) => a.kind)).toEqual([...SOURCE_KINDS]);
    for (const kind of SOURCE_KINDS) expect(getAdapter(kind).kind).toBe(kind);
    expect(isSourceKind("kremlin")).toBe(true);
    expect(isSourceKind("telegram")).toBe(true);
    expect(isSourceKind("twitter")).toBe(false);
  });

  it("every adapter has a fixture read at its example URL", () => {
    for (const adapter of allAdapters) {
      const atExample = ADAPTER_FIXTURES.filter(
        (f) => f.kind === adapter.kind && f.source.url === adapter.example,
      );
      expect(atExample.length, `${adapter.kind} has no fixture at ${adapter.example}`).toBeGreaterThan(0);
      expect(adapter.title.length).toBeGreaterThan(0);
      expect(adapter.describe.length).toBeGreaterThan(0);
    }
  });

  it("is described in docs/sources.md and in sources add --help, kind by kind", () => {
    const docs = readFileSync(path.join(repoRoot, "docs/sources.md"), "utf8");
    for (const kind of SOURCE_KINDS) expect(docs, `docs/sources.md on ${kind}`).toContain(`\`${kind}\``);
    const help = sourcesAddCommand.help ?? "";
    for (const adapter of allAdapters) {
      const line = help.split("\n").find((l) => l.trim().startsWith(`${adapter.kind} `));
      expect(line, `--help on ${adapter.kind}`).toContain(`${adapter.title}: ${adapter.describe}`);
    }
  });

  it("tells OPML which kinds are feeds other readers subscribe to", () => {
    expect(getAdapter("rss").isFeed?.(getAdapter("rss").example)).toBe(true);
    expect(getAdapter("kremlin").isFeed?.("http://en.kremlin.ru/events/president/news/feed")).toBe(true);
    expect(getAdapter("kremlin").isFeed?.("http://en.kremlin.ru/events/president/news")).toBe(false);
    expect(getAdapter("page").isFeed?.(getAdapter("page").example) ?? false).toBe(false);
  });

  it("every adapter plans at least one listing request for its example", () => {
    for (const adapter of allAdapters) {
      const reqs = adapter.listingRequests({ url: adapter.example, kind: adapter.kind });
      expect(reqs.length).toBeGreaterThan(0);
      for (const r of reqs) {
        expect(() => new URL(r.url)).not.toThrow();
        expect(r.purpose).toBe("listing");
      }
    }
  });
});

describe.each(ADAPTER_FIXTURES.map((f) => ({ ...f, name: `${f.kind} ← ${f.fixture}` })))("$name", (f) => {
  it("parses to items that each have a title, a URL and a dedup key", () => {
    const result = f.adapter.parse(readFixture(f.fixture), contextFor(f));
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) {
      expect(item.title?.length, JSON.stringify(item)).toBeGreaterThan(0);
      expect(() => new URL(item.url)).not.toThrow();
      expect(item.url).toMatch(/^https?:\/\//);
      expect(item.dedupKey.length).toBeGreaterThan(0);
      expect(item.guid.length).toBeGreaterThan(0);
      expect(item.publishedAt === null || !Number.isNaN(item.publishedAt.getTime())).toBe(true);
      expect(item.title).not.toMatch(/<\/?[a-z][^>]*>|&(?:amp|lt|gt|quot|#\d+);/i);
    }
    const keys = result.items.map((i) => i.dedupKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe.each(ERROR_FIXTURES.map((f) => ({ ...f, name: `${f.kind} ← ${f.fixture}` })))("$name", (f) => {
  it("fails with the expected kind and a message naming the URL", () => {
    const e = catchFetchError(() => f.adapter.parse(readFixture(f.fixture), contextFor(f)));
    expect(e.kind).toBe(f.expectedKind);
    expect(e.message).toContain(f.url);
    expect(e.message).not.toMatch(/\n\s+at /); // no stack trace in the words
  });
});

const GARBAGE = [
  "",
  "   ",
  "\uFEFF",
  "null",
  "[]",
  "{",
  '{"items": 5, "version": "https://jsonfeed.org/version/1.1"}',
  '{"statusCode":200,"result":{"articles":[null, 1, "x", {"canonical_url": 42}]}}',
  "<",
  "<<<>>>",
  "<?xml version='1.0'?>",
  "<rss><channel><item><title>x</title></item>",
  "<feed><entry><title type='xhtml'><div><p>unclosed</div></entry></feed>",
  "<html><body><div class='hentry h-entry'><a rel='bookmark' href='http://['>x</a></div></body></html>",
  "<html><body><article class='read__in'></article></body></html>",
  "<html><body><article class='article-nav'><a class='overlay-link' href='::::'>x</a></article></body></html>",
  '<script id="fusion-metadata">Fusion.globalContent={"result":{"content_elements":[{"type":"paragraph","content":{}}]}};</script>',
  "<urlset><url><loc>not a url</loc></url></urlset>",
  "\u0000\u0001\u0002 binary \uFFFD junk",
  "x".repeat(10_000),
];

describe("every adapter fails only with FetchError on garbage", () => {
  for (const adapter of allAdapters) {
    it(adapter.kind, () => {
      for (const body of GARBAGE) {
        const context = {
          url: adapter.example,
          source: { url: adapter.example, kind: adapter.kind, options: { selectors: { item: "li" } } },
          now: new Date("2026-04-11T00:00:00Z"),
        };
        try {
          adapter.parse(body, context);
        } catch (e) {
          expect(
            e,
            `${adapter.kind} threw a non-FetchError on ${JSON.stringify(body.slice(0, 60))}`,
          ).toBeInstanceOf(FetchError);
        }
        if (adapter.parseArticle) {
          try {
            adapter.parseArticle(body, context);
          } catch (e) {
            expect(e).toBeInstanceOf(FetchError);
          }
        }
      }
    });
  }
});

describe("detectKind (--kind auto)", () => {
  it("decides by host first", () => {
    expect(detectKind("http://en.kremlin.ru/events/president/news/feed")).toBe("kremlin");
    expect(detectKind("http://kremlin.ru/acts/news")).toBe("kremlin");
    expect(detectKind("http://www.en.special.kremlin.ru/events/president/transcripts/feed")).toBe("kremlin");
    expect(detectKind("https://www.reuters.com/technology/")).toBe("reuters");
    expect(detectKind("https://www.brookings.edu/feed/", "<!doctype html><html></html>")).toBe("brookings");
    expect(detectKind("https://t.me/government_rus", "<!doctype html><html></html>")).toBe("telegram");
    expect(detectKind("https://t.me/s/government_rus")).toBe("telegram");
    expect(detectKind("https://notkremlin.ru/feed")).toBe("page");
  });

  it("then by the answer's body", () => {
    const u = "https://example.org/x";
    expect(detectKind(u, readFixture("generic/atom.xml"))).toBe("atom");
    expect(detectKind(u, readFixture("generic/rss-ttl.xml"))).toBe("rss");
    expect(detectKind(u, readFixture("generic/xxe.xml"))).toBe("rss");
    expect(detectKind(u, readFixture("generic/feed.json"))).toBe("json");
    expect(detectKind(u, '<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>')).toBe("rss");
  });

  it("takes HTML as a list page when selectors are given, else as a watched page", () => {
    const u = "https://example.org/press";
    const html = readFixture("generic/list-page.html");
    expect(detectKind(u, html, "text/html")).toBe("page");
    expect(detectKind(u, html, "text/html", { hasSelectors: true })).toBe("html");
    expect(detectKind(u, '{"not":"a feed"}', "application/json")).toBe("page");
  });

  it("uses the content type when there is no body yet", () => {
    expect(detectKind("https://example.org/f", undefined, "application/atom+xml; charset=utf-8")).toBe(
      "atom",
    );
    expect(detectKind("https://example.org/f", undefined, "application/rss+xml")).toBe("rss");
  });
});
