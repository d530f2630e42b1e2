import { describe, expect, it } from "vitest";
import { rssAdapter } from "../../src/sources/rss/index.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

const URL_ = "https://digitalpolicy.example.org/feed.xml";

describe("rss adapter: an RSS 2.0 feed with ttl", () => {
  const result = rssAdapter.parse(readFixture("generic/rss-ttl.xml"), ctx("rss", URL_));

  it("reads the feed's ttl so the scheduler can honour it", () => {
    expect(result.ttlMinutes).toBe(45);
  });

  it("gives plain-text titles, canonical URLs without tracking parameters, and zoned dates", () => {
    const first = result.items[0]!;
    expect(first.title).toBe("Budget for AI research centres approved & published");
    expect(first.url).toBe("https://digitalpolicy.example.org/2026/04/ai-budget-approved?id=7");
    expect(first.dedupKey).toBe("url:https://digitalpolicy.example.org/2026/04/ai-budget-approved?id=7");
    expect(first.guid).toBe("dpm-2026-0410-01");
    expect(first.publishedAt?.toISOString()).toBe("2026-04-10T15:05:00.000Z");
    expect(first.language).toBe("en");
    expect(first.authors).toEqual(["Olga Writer"]);
    expect(first.tags).toEqual(["Funding", "AI"]);
  });

  it("keeps content:encoded as paragraphs and the description as summary", () => {
    const first = result.items[0]!;
    expect(first.summary).toBe("The government allocated 12 billion roubles for three AI research centres.");
    expect(first.content!.split("\n\n")).toEqual([
      "The government allocated 12 billion roubles for three AI research centres.",
      "The centres will open in Kazan, Novosibirsk and St Petersburg in 2027.",
      "Kazan: language models",
      "Novosibirsk: scientific computing",
    ]);
  });

  it("reads an RSS author's name out of 'email (Name)'", () => {
    expect(result.items[1]!.authors).toEqual(["Ivan Editor"]);
    expect(result.items[1]!.publishedAt?.toISOString()).toBe("2026-04-09T09:30:00.000Z");
  });

  it("does not trust a date years in the future", () => {
    expect(result.items[2]!.title).toBe("Conference schedule announced");
    expect(result.items[2]!.publishedAt).toBeNull();
  });
});

describe("rss adapter: charsets, sy:updatePeriod and odd feeds", () => {
  it("reads a windows-1251-declared feed already decoded by the fetcher, detecting Russian", () => {
    const { items } = rssAdapter.parse(
      readFixture("generic/rss-windows-1251.xml"),
      ctx("rss", "http://minsvyaz.example.ru/rss/"),
    );
    expect(items).toHaveLength(2);
    expect(items[0]!.title).toBe("Утверждён план мероприятий по развитию искусственного интеллекта");
    expect(items[0]!.summary).toBe("Министерство приступает к реализации плана «Искусственный интеллект».");
    expect(items[0]!.language).toBe("ru");
    expect(items[0]!.publishedAt?.toISOString()).toBe("2026-04-10T16:40:00.000Z");
  });

  it("turns sy:updatePeriod and sy:updateFrequency into minutes", () => {
    const body = `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>
      <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
      <item><title>A</title><link>https://e.example/a</link></item></channel></rss>`;
    expect(rssAdapter.parse(body, ctx("rss", URL_)).ttlMinutes).toBe(360);
  });

  it("tolerates a bare ampersand and an undeclared dc: prefix", () => {
    const body = `<rss version="2.0"><channel><title>R&D</title><item><title>AT&T and the AI plan</title>
      <link>https://e.example/a?x=1&y=2</link><dc:creator>Sam</dc:creator><description>R&D spending</description></item></channel></rss>`;
    const [item] = rssAdapter.parse(body, ctx("rss", URL_)).items;
    expect(item!.title).toBe("AT&T and the AI plan");
    expect(item!.url).toBe("https://e.example/a?x=1&y=2");
    expect(item!.authors).toEqual(["Sam"]);
    expect(item!.summary).toBe("R&D spending");
  });

  it("reads an RSS 1.0 (RDF) feed", () => {
    const body = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://e.example/"><title>R</title></channel>
      <item rdf:about="https://e.example/r1"><title>RDF item</title><link>https://e.example/r1</link><dc:date>2026-04-01T10:00:00+02:00</dc:date></item></rdf:RDF>`;
    const [item] = rssAdapter.parse(body, ctx("rss", URL_)).items;
    expect(item).toMatchObject({ title: "RDF item", url: "https://e.example/r1" });
    expect(item!.publishedAt?.toISOString()).toBe("2026-04-01T08:00:00.000Z");
  });
});

describe("rss adapter: XML safety", () => {
  it("never expands DOCTYPE entities: no file is read and no entity bomb grows", () => {
    const { items } = rssAdapter.parse(
      readFixture("generic/xxe.xml"),
      ctx("rss", "https://xxe.example.org/feed.xml"),
    );
    expect(items).toHaveLength(1);
    const item = items[0]!;
    // /etc/passwd starts "root:"; an expanded entity would have put it (or "lol"s) in the text.
    expect(item.title).toBe("Item with an external entity: &xxe;");
    expect(item.summary).toBe("Expansion: &lol2; and &remote;");
    expect(JSON.stringify(items)).not.toMatch(/root:|lollol/);
  });
});

describe("rss adapter: failures in words", () => {
  it("reports malformed XML as parse, with where it broke", () => {
    const e = catchFetchError(() => rssAdapter.parse(readFixture("generic/malformed.xml"), ctx("rss", URL_)));
    expect(e.kind).toBe("parse");
    expect(e.message).toContain("not well-formed XML");
    expect(e.message).toMatch(/line \d+/);
    expect(e.url).toBe(URL_);
  });

  it("reports an HTML page where the feed was expected as not-a-feed", () => {
    const e = catchFetchError(() =>
      rssAdapter.parse(readFixture("generic/plain-html-page.html"), ctx("rss", URL_)),
    );
    expect(e.kind).toBe("not-a-feed");
  });

  it("reports a Cloudflare challenge as blocked", () => {
    const e = catchFetchError(() =>
      rssAdapter.parse(readFixture("generic/cloudflare-challenge.html"), ctx("rss", URL_)),
    );
    expect(e.kind).toBe("blocked");
  });

  it("reports a feed without items as empty", () => {
    const e = catchFetchError(() =>
      rssAdapter.parse('<rss version="2.0"><channel><title>T</title></channel></rss>', ctx("rss", URL_)),
    );
    expect(e.kind).toBe("empty");
  });

  it("reports XML that is not a feed as not-a-feed", () => {
    const e = catchFetchError(() =>
      rssAdapter.parse('<?xml version="1.0"?><catalog><book/></catalog>', ctx("rss", URL_)),
    );
    expect(e.kind).toBe("not-a-feed");
    expect(e.message).toContain("<catalog>");
  });
});
