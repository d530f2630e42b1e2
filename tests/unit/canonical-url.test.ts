import { describe, expect, it } from "vitest";
import {
  canonicalUrl,
  dedupKeyForUrl,
  kremlinDedupKey,
  kremlinId,
  kremlinLanguage,
} from "../../src/sources/canonical-url.js";

describe("canonicalUrl", () => {
  it("drops tracking parameters and the fragment, and sorts the rest", () => {
    expect(
      canonicalUrl(
        "https://Example.ORG:443/a/b?z=1&utm_source=x&a=2&fbclid=1&gclid=2&yclid=3&mc_cid=4&mc_eid=5#top",
      ),
    ).toBe("https://example.org/a/b?a=2&z=1");
  });

  it("resolves a relative link against its base", () => {
    expect(canonicalUrl("../c?utm_medium=rss", "https://example.org/a/b/")).toBe("https://example.org/a/c");
  });

  it("upgrades to https only for sites known to serve it", () => {
    expect(canonicalUrl("http://www.reuters.com/world/x-2026-04-10/")).toBe(
      "https://www.reuters.com/world/x-2026-04-10/",
    );
    expect(canonicalUrl("http://brookings.edu/articles/a/")).toBe("https://brookings.edu/articles/a/");
    expect(canonicalUrl("http://minsvyaz.example.ru/news/1")).toBe("http://minsvyaz.example.ru/news/1");
  });

  it("refuses what is not an http(s) URL", () => {
    expect(canonicalUrl("javascript:alert(1)")).toBeNull();
    expect(canonicalUrl("mailto:a@b.c")).toBeNull();
    expect(canonicalUrl("not a url")).toBeNull();
    expect(canonicalUrl(null)).toBeNull();
  });

  it("is idempotent", () => {
    const once = canonicalUrl("https://example.org/p?b=2&a=1&utm_campaign=z");
    expect(canonicalUrl(once)).toBe(once);
  });
});

describe("Kremlin identity", () => {
  it("maps every mirror and /print to the site's canonical http URL", () => {
    for (const raw of [
      "http://en.kremlin.ru/events/president/news/79012",
      "https://en.kremlin.ru/events/president/news/79012/",
      "http://en.special.kremlin.ru/events/president/news/79012",
      "http://www.en.special.kremlin.ru/events/president/news/79012/print",
      "https://en.kremlin.ru/events/president/news/79012?utm_source=tg#comments",
    ]) {
      expect(canonicalUrl(raw)).toBe("http://en.kremlin.ru/events/president/news/79012");
    }
    expect(canonicalUrl("https://special.kremlin.ru/acts/news/80518/print")).toBe(
      "http://kremlin.ru/acts/news/80518",
    );
  });

  it("keys items on (site language, numeric id)", () => {
    expect(kremlinDedupKey("http://en.kremlin.ru/events/president/news/79012")).toBe("kremlin:en:79012");
    expect(kremlinDedupKey("http://en.kremlin.ru/events/president/transcripts/79012")).toBe(
      "kremlin:en:79012",
    );
    expect(kremlinDedupKey("http://www.en.special.kremlin.ru/events/president/transcripts/79012/print")).toBe(
      "kremlin:en:79012",
    );
    expect(kremlinDedupKey("http://kremlin.ru/events/president/news/79012")).toBe("kremlin:ru:79012");
    expect(kremlinDedupKey("http://special.kremlin.ru/acts/news/80518")).toBe("kremlin:ru:80518");
    expect(kremlinDedupKey("http://en.kremlin.ru/d/79012")).toBe("kremlin:en:79012");
  });

  it("does not mistake listing pages, feeds or the document bank for items", () => {
    expect(kremlinId("http://en.kremlin.ru/events/president/news/page/2")).toBeNull();
    expect(kremlinId("http://en.kremlin.ru/events/president/news/feed")).toBeNull();
    expect(kremlinId("http://kremlin.ru/acts/bank/47890")).toBeNull();
    expect(kremlinId("http://kremlin.ru/acts/news/by-date/12.08.2026")).toBeNull();
    expect(kremlinId("http://example.org/events/president/news/79012")).toBeNull();
  });

  it("tells the site language from the host", () => {
    expect(kremlinLanguage("http://www.en.special.kremlin.ru/")).toBe("en");
    expect(kremlinLanguage("http://www.kremlin.ru/")).toBe("ru");
    expect(kremlinLanguage("http://notkremlin.ru/")).toBeNull();
  });

  it("keys other items by canonical URL", () => {
    expect(dedupKeyForUrl("https://example.org/a")).toBe("url:https://example.org/a");
    expect(dedupKeyForUrl("http://kremlin.ru/acts/news/80518")).toBe("kremlin:ru:80518");
  });
});
