import { describe, expect, it } from "vitest";
import { jsonFeedAdapter } from "../../src/sources/json/index.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

const URL_ = "https://briefing.example.com/feed.json";

describe("json adapter (JSON Feed 1.1)", () => {
  const result = jsonFeedAdapter.parse(readFixture("generic/feed.json"), ctx("json", URL_));

  it("reads items with ids, urls, zoned dates, authors and tags", () => {
    expect(result.items).toHaveLength(3);
    expect(result.items[0]).toMatchObject({
      guid: "https://briefing.example.com/2026/04/10/ai-plan",
      url: "https://briefing.example.com/2026/04/10/ai-plan",
      title: "Kremlin signs off on AI strategy implementation plan",
      summary: "The plan covers five areas.",
      authors: ["Nina Reporter"],
      tags: ["AI", "Russia"],
    });
    expect(result.items[0]!.publishedAt?.toISOString()).toBe("2026-04-10T17:15:00.000Z");
    expect(result.nextPageUrl).toBe("https://briefing.example.com/feed.json?page=2");
  });

  it("turns content_html and content_text into paragraphs", () => {
    expect(result.items[0]!.content).toBe("The plan covers five areas.\n\nFunding is set for 2026–2027.");
    expect(result.items[1]!.content).toBe("Customs data show a rise.\n\nTraders expect more checks.");
  });

  it("takes each item's language over the feed's", () => {
    expect(result.items.map((i) => i.language)).toEqual(["en", "en", "ru"]);
  });

  it("reports invalid JSON as parse and other JSON as not-a-feed", () => {
    expect(catchFetchError(() => jsonFeedAdapter.parse('{"version": ', ctx("json", URL_))).kind).toBe(
      "parse",
    );
    expect(catchFetchError(() => jsonFeedAdapter.parse('{"hello": "world"}', ctx("json", URL_))).kind).toBe(
      "not-a-feed",
    );
  });
});
