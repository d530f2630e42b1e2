import { describe, expect, it } from "vitest";
import { reutersAdapter } from "../../src/sources/reuters/index.js";
import { listingUrl } from "../../src/sources/reuters/urls.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

interface Expected {
  title: string;
  authors: string[];
  publishing_date: string;
  topics: string[];
  body: { summary: string[]; sections: Array<{ headline: string[]; paragraphs: string[] }> };
}
const EXPECTED = JSON.parse(readFixture("reuters/fundus_Reuters_expected.json")) as Record<string, Expected>;

const PAGES = [
  {
    key: "V1",
    file: "reuters/fundus_Reuters_2023_05_16.html",
    url: "https://www.reuters.com/business/aerospace-defense/nepal-says-no-proof-flydubai-plane-suffered-bird-strike-2023-04-25/",
  },
  {
    key: "V1_1",
    file: "reuters/fundus_Reuters_2024_03_07.html",
    url: "https://www.reuters.com/world/middle-east/israeli-tank-likely-scenario-fired-machine-gun-reporters-after-deadly-shelling-2024-03-07/",
  },
];

/** The expected parse's text as we write text: summary, then each section's headline and paragraphs. */
function expectedText(e: Expected): string {
  return [...e.body.summary, ...e.body.sections.flatMap((s) => [...s.headline, ...s.paragraphs])].join(
    "\n\n",
  );
}

describe.each(PAGES)("reuters article page $key against its expected parse", ({ key, file, url }) => {
  const expected = EXPECTED[key]!;
  const body = readFixture(file);

  it("matches title, authors, publishing date, topics and every body paragraph (Fusion.globalContent)", () => {
    const a = reutersAdapter.parseArticle!(body, ctx("reuters", url));
    expect(a.title).toBe(expected.title);
    expect(a.authors).toEqual(expected.authors);
    expect(a.publishedAt?.toISOString()).toBe(
      new Date(expected.publishing_date.replace(" ", "T")).toISOString(),
    );
    expect(a.summary).toBe(expected.body.summary[0]);
    expect(a.content).toBe(expectedText(expected));
    expect(new Set(a.tags)).toEqual(new Set(expected.topics));
    expect(a.url).toBe(url);
    expect(a.dedupKey).toBe(`url:${url}`);
  });

  it("gives the same parse from the markup alone when Fusion.globalContent is missing", () => {
    const stripped = body.replace(/<script id="fusion-metadata"[\s\S]*?<\/script>/, "");
    expect(stripped.length).toBeLessThan(body.length);
    const a = reutersAdapter.parseArticle!(stripped, ctx("reuters", url));
    expect(a.title).toBe(expected.title);
    expect(a.authors).toEqual(expected.authors);
    expect(a.publishedAt?.toISOString()).toBe(
      new Date(expected.publishing_date.replace(" ", "T")).toISOString(),
    );
    expect(a.content).toBe(expectedText(expected));
    expect(a.content).not.toContain("opens new tab");
  });

  it("reads the page as one item when the source URL is the article itself", () => {
    const { items } = reutersAdapter.parse(body, ctx("reuters", url));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: expected.title, url, language: "en" });
  });
});

describe("reuters adapter: JSON API discovery", () => {
  const section = "https://www.reuters.com/technology/";
  const api = listingUrl(section);

  it("polls a section page through the site's JSON API", () => {
    const [req] = reutersAdapter.listingRequests({ url: section, kind: "reuters" });
    expect(req!.url).toBe(api);
    const query = JSON.parse(new URL(req!.url).searchParams.get("query")!);
    expect(query).toEqual({ offset: 0, size: 20, section_id: "/technology/", website: "reuters" });
    expect(req!.accept).toContain("application/json");
  });

  it("reads result.articles[] into items with canonical URLs, authors and dates", () => {
    const result = reutersAdapter.parse(
      readFixture("reuters/section-api-technology.json"),
      ctx("reuters", api),
    );
    expect(result.items).toHaveLength(3);
    const first = result.items[0]!;
    expect(first).toMatchObject({
      guid: "KQ7ZCV4XDBNVBG3Y2RZ5HNCNBE",
      title: "Russia approves plan to implement national AI strategy, orders new supercomputer centres",
      url: "https://www.reuters.com/technology/artificial-intelligence/russia-approves-plan-implement-national-ai-strategy-2026-04-10/",
      authors: ["Anastasia Teterevleva", "Gleb Stolyarov"],
      language: "en",
      content: null,
    });
    expect(first.summary).toMatch(/^President Vladimir Putin on Friday approved a plan/);
    expect(first.publishedAt?.toISOString()).toBe("2026-04-10T16:48:09.000Z");
    // Tracking parameters in canonical_url are dropped.
    expect(result.items[1]!.url).toBe(
      "https://www.reuters.com/technology/chip-export-curbs-squeeze-russian-data-centres-2026-04-09/",
    );
    const next = JSON.parse(new URL(result.nextPageUrl!).searchParams.get("query")!);
    expect(next.offset).toBe(20);
  });

  it("fetches the article page for text, and backfills by offset", () => {
    const result = reutersAdapter.parse(
      readFixture("reuters/section-api-technology.json"),
      ctx("reuters", api),
    );
    expect(reutersAdapter.articleRequest!(result.items[0]!, { url: section, kind: "reuters" })?.url).toBe(
      result.items[0]!.url,
    );
    const page3 = reutersAdapter.archiveRequest!({ url: section, kind: "reuters" }, 3)!;
    expect(JSON.parse(new URL(page3.url).searchParams.get("query")!).offset).toBe(40);
  });

  it("reports an API error answer in words", () => {
    const e = catchFetchError(() =>
      reutersAdapter.parse('{"statusCode":404,"message":"Section not found"}', ctx("reuters", api)),
    );
    expect(e.kind).toBe("parse");
    expect(e.message).toContain("Section not found");
  });

  it("reports an API answer with no articles as empty", () => {
    const e = catchFetchError(() =>
      reutersAdapter.parse(
        '{"statusCode":200,"message":"Success","result":{"articles":[]}}',
        ctx("reuters", api),
      ),
    );
    expect(e.kind).toBe("empty");
  });
});

describe("reuters adapter: sitemaps", () => {
  it("reads a news sitemap's URLs, titles, dates and language", () => {
    const url = "https://www.reuters.com/arc/outboundfeeds/news-sitemap/?outputType=xml";
    const { items } = reutersAdapter.parse(readFixture("reuters/news-sitemap.xml"), ctx("reuters", url));
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({
      url: "https://www.reuters.com/world/europe/kremlin-says-no-talks-planned-with-washington-ai-safety-2026-04-10/",
      title: "Kremlin says no talks planned with Washington on AI safety & military uses",
      language: "en",
    });
    expect(items[1]!.publishedAt?.toISOString()).toBe("2026-04-10T12:01:40.000Z");
  });

  it("refuses a sitemap index in words that name a sitemap to use", () => {
    const url = "https://www.reuters.com/arc/outboundfeeds/news-sitemap-index/?outputType=xml";
    const e = catchFetchError(() =>
      reutersAdapter.parse(readFixture("reuters/sitemap-index.xml"), ctx("reuters", url)),
    );
    expect(e.kind).toBe("empty");
    expect(e.message).toContain("https://www.reuters.com/arc/outboundfeeds/news-sitemap/?outputType=xml");
  });
});

describe("reuters adapter: blocking", () => {
  it("reports Reuters' captcha page as blocked, for listings and for articles", () => {
    const body = readFixture("reuters/captcha.html");
    const url = PAGES[0]!.url;
    expect(
      catchFetchError(() =>
        reutersAdapter.parse(body, ctx("reuters", listingUrl("https://www.reuters.com/world/"))),
      ).kind,
    ).toBe("blocked");
    const e = catchFetchError(() => reutersAdapter.parseArticle!(body, ctx("reuters", url)));
    expect(e.kind).toBe("blocked");
    expect(e.message).toContain("DataDome");
  });
});
