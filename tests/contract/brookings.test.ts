import { describe, expect, it } from "vitest";
import { brookingsAdapter } from "../../src/sources/brookings/index.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

const ARTICLE_URL = "https://www.brookings.edu/articles/russias-ai-plan-meets-the-sanctions-wall/";

describe("brookings adapter: listing pages", () => {
  const url = "https://www.brookings.edu/topics/artificial-intelligence/";
  const { items } = brookingsAdapter.parse(readFixture("brookings/listing-ai.html"), ctx("brookings", url));

  it("reads the cards that link to pieces, not to people", () => {
    expect(items.map((i) => i.url)).toEqual([
      ARTICLE_URL,
      "https://www.brookings.edu/research/compute-chips-and-sovereignty/",
      "https://www.brookings.edu/events/governing-military-ai/",
    ]);
  });

  it("takes titles from the overlay link and drops tracking parameters", () => {
    expect(items[0]).toMatchObject({
      title: "Russia’s AI plan meets the sanctions wall",
      dedupKey: `url:${ARTICLE_URL}`,
      language: "en",
      authors: ["Jane Analyst"],
    });
    expect(items[0]!.publishedAt?.toISOString()).toBe("2026-04-08T00:00:00.000Z");
  });

  it("asks for each article page, since cards carry no text", () => {
    expect(brookingsAdapter.articleRequest!(items[0]!, { url, kind: "brookings" })).toMatchObject({
      url: ARTICLE_URL,
      purpose: "article",
    });
  });

  it("pages the archive the WordPress way", () => {
    expect(brookingsAdapter.archiveRequest!({ url, kind: "brookings" }, 2)?.url).toBe(`${url}page/2/`);
    expect(
      brookingsAdapter.archiveRequest!({ url: "https://www.brookings.edu/feed/", kind: "brookings" }, 3)?.url,
    ).toBe("https://www.brookings.edu/feed/?paged=3");
  });
});

describe("brookings adapter: the feed", () => {
  const url = "https://www.brookings.edu/feed/";

  it("reads the WordPress RSS feed when it is one", () => {
    const result = brookingsAdapter.parse(readFixture("brookings/feed.rss.xml"), ctx("brookings", url));
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      url: ARTICLE_URL,
      title: "Russia’s AI plan meets the sanctions wall",
      authors: ["Jane Analyst", "Pavel Researcher"],
      tags: ["Artificial Intelligence", "Russia"],
    });
    expect(result.items[0]!.publishedAt?.toISOString()).toBe("2026-04-08T13:00:00.000Z");
    expect(result.ttlMinutes).toBe(60);
  });

  it("falls back to the cards when /feed/ serves an HTML listing", () => {
    const { items } = brookingsAdapter.parse(readFixture("brookings/feed-serving-html.html"), {
      ...ctx("brookings", url),
      contentType: "text/html; charset=UTF-8",
    });
    expect(items.map((i) => i.title)).toEqual([
      "Russia’s AI plan meets the sanctions wall",
      "The state of AI policy, 2026",
    ]);
  });

  it("says not-a-feed, naming the listing page, when /feed/ serves HTML without cards", () => {
    const e = catchFetchError(() =>
      brookingsAdapter.parse(
        "<!doctype html><html><body><h1>Brookings</h1></body></html>",
        ctx("brookings", url),
      ),
    );
    expect(e.kind).toBe("not-a-feed");
    expect(e.message).toContain("https://www.brookings.edu/research-commentary/");
  });
});

describe("brookings adapter: article pages", () => {
  it("reads title without the site suffix, JSON-LD authors and date, and the wysiwyg body", () => {
    const a = brookingsAdapter.parseArticle!(
      readFixture("brookings/article-russia-ai.html"),
      ctx("brookings", ARTICLE_URL),
    );
    expect(a.title).toBe("Russia’s AI plan meets the sanctions wall");
    expect(a.summary).toMatch(/^Moscow’s new implementation plan/);
    expect(a.authors).toEqual(["Jane Analyst", "Pavel Researcher"]);
    expect(a.publishedAt?.toISOString()).toBe("2026-04-08T13:00:00.000Z");
    const paragraphs = a.content!.split("\n\n");
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[2]).toBe("The chip problem");
    expect(paragraphs[4]).toContain("targets for compute capacity look aspirational");
    expect(a.content).not.toContain("Related:");
    expect(a.url).toBe(ARTICLE_URL);
  });

  it("reports a bot wall instead of an article as blocked", () => {
    const e = catchFetchError(() =>
      brookingsAdapter.parseArticle!(
        readFixture("generic/cloudflare-challenge.html"),
        ctx("brookings", ARTICLE_URL),
      ),
    );
    expect(e.kind).toBe("blocked");
  });
});
