import { describe, expect, it } from "vitest";
import { htmlAdapter } from "../../src/sources/html/index.js";
import type { HtmlSelectors } from "../../src/sources/types.js";
import { HTML_LIST_SELECTORS, NOW, catchFetchError, readFixture } from "./adapter-fixtures.js";

const URL_ = "https://ministry.example.gov/en/press/";
const body = readFixture("generic/list-page.html");

function parseWith(selectors: HtmlSelectors | undefined, html = body) {
  return htmlAdapter.parse(html, {
    url: URL_,
    source: { url: URL_, kind: "html", options: selectors ? { selectors } : {} },
    now: NOW,
  });
}

describe("html adapter: list pages by CSS selectors", () => {
  it("reads title, link (resolved against <base href>), date and summary per item", () => {
    const { items } = parseWith(HTML_LIST_SELECTORS);
    expect(items.map((i) => i.url)).toEqual([
      "https://ministry.example.gov/en/press/2026/04/ai-centres",
      "https://ministry.example.gov/en/press/2026/04/medicine-consultation",
      "https://ministry.example.gov/en/press/2026/04/data-law",
    ]);
    expect(items[0]).toMatchObject({
      title: "Three AI research centres to open in 2027",
      summary: "The Ministry announced the locations of three new centres.",
      language: "en",
    });
    expect(items[0]!.publishedAt?.toISOString()).toBe("2026-04-10T13:00:00.000Z");
    // A date-only value with no zone is read as UTC midnight; the text form works too.
    expect(items[1]!.publishedAt?.toISOString()).toBe("2026-04-09T00:00:00.000Z");
    expect(items[2]!.publishedAt?.toISOString()).toBe("2026-04-07T00:00:00.000Z");
  });

  it("defaults the title and link to the item's first link", () => {
    const { items } = parseWith({ item: "li.release" });
    expect(items[2]).toMatchObject({
      title: "Data law amendments adopted",
      url: "https://ministry.example.gov/en/press/2026/04/data-law",
    });
  });

  it("refuses a source without an item selector, in words", () => {
    const e = catchFetchError(() => parseWith(undefined));
    expect(e.kind).toBe("parse");
    expect(e.message).toContain("item selector");
  });

  it("says which selector matched nothing", () => {
    const e = catchFetchError(() => parseWith({ item: "article.news-card" }));
    expect(e.kind).toBe("empty");
    expect(e.message).toContain('"article.news-card"');
  });

  it("reports an invalid selector as parse", () => {
    const e = catchFetchError(() => parseWith({ item: "li[[" }));
    expect(e.kind).toBe("parse");
    expect(e.message).toContain("li[[");
  });

  it("reports a bot wall as blocked rather than as no matches", () => {
    const e = catchFetchError(() =>
      parseWith(HTML_LIST_SELECTORS, readFixture("generic/cloudflare-challenge.html")),
    );
    expect(e.kind).toBe("blocked");
  });
});
