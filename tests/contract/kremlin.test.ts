import { describe, expect, it } from "vitest";
import { kremlinAdapter } from "../../src/sources/kremlin/index.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

const EN_FEED = "http://en.kremlin.ru/events/president/news/feed";

describe("kremlin adapter: English news Atom feed", () => {
  const result = kremlinAdapter.parse(readFixture("kremlin/en-news-feed.atom.xml"), ctx("kremlin", EN_FEED));

  it("reads every entry with its title, canonical URL, dedup key and zoned date", () => {
    expect(result.items).toHaveLength(5);
    const plan = result.items[0]!;
    expect(plan.title).toBe(
      "Plan for implementing the National Strategy for the Development of Artificial Intelligence approved",
    );
    expect(plan.url).toBe("http://en.kremlin.ru/events/president/news/79012");
    expect(plan.dedupKey).toBe("kremlin:en:79012");
    expect(plan.language).toBe("en");
    // 19:30 Moscow time (+03:00) is 16:30 UTC.
    expect(plan.publishedAt?.toISOString()).toBe("2026-04-10T16:30:00.000Z");
  });

  it("keeps the full text as plain paragraphs with entities decoded", () => {
    const plan = result.items[0]!;
    const paragraphs = plan.content!.split("\n\n");
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[1]).toContain("the strategy’s five areas");
    expect(paragraphs[2]).toContain("2026–2027 and to report on the progress of the plan every six months.");
    expect(plan.content).not.toMatch(/<|&#/);
    expect(plan.summary).toMatch(/^Vladimir Putin signed an Executive Order approving the plan/);
  });

  it("folds a mirror /print link into the site's canonical item", () => {
    const mirrored = result.items.find((i) => i.dedupKey === "kremlin:en:79005");
    expect(mirrored?.url).toBe("http://en.kremlin.ru/events/president/news/79005");
    expect(mirrored?.title).toBe("Meeting with Presidential Commissioner for Children’s Rights");
  });

  it("strips markup from an html title", () => {
    expect(result.items[4]!.title).toBe(
      "Greetings to participants of the Digital Industry of Industrial Russia conference",
    );
  });

  it("returns the feed's rel=next page for backfill", () => {
    expect(result.nextPageUrl).toBe("http://en.kremlin.ru/events/president/news/feed/page/2");
  });

  it("asks for the article page only when the entry has no full text", () => {
    const full = result.items.find((i) => i.dedupKey === "kremlin:en:79012")!;
    const summaryOnly = result.items.find((i) => i.dedupKey === "kremlin:en:79008")!;
    expect(kremlinAdapter.articleRequest!(full, { url: EN_FEED, kind: "kremlin" })).toBeNull();
    expect(kremlinAdapter.articleRequest!(summaryOnly, { url: EN_FEED, kind: "kremlin" })).toEqual({
      url: "http://en.kremlin.ru/events/president/news/79008",
      accept: expect.stringContaining("text/html"),
      purpose: "article",
    });
  });
});

describe("kremlin adapter: Russian transcripts feed", () => {
  const url = "http://kremlin.ru/events/president/transcripts/feed";
  const result = kremlinAdapter.parse(
    readFixture("kremlin/ru-transcripts-feed.atom.xml"),
    ctx("kremlin", url),
  );

  it("reads Russian entries keyed on the Russian site", () => {
    expect(result.items.map((i) => i.dedupKey)).toEqual([
      "kremlin:ru:79011",
      "kremlin:ru:78990",
      "kremlin:ru:78975",
    ]);
    const first = result.items[0]!;
    expect(first.title).toBe("Совещание с членами Правительства");
    expect(first.language).toBe("ru");
    expect(first.publishedAt?.toISOString()).toBe("2026-04-09T11:00:00.000Z");
    expect(first.content).toContain("В.Путин: Добрый день, уважаемые коллеги!");
    expect(result.nextPageUrl).toBe("http://kremlin.ru/events/president/transcripts/feed/page/2");
  });

  it("treats a news URL and a transcript URL with the same id as one item", () => {
    const listing = `<html lang="ru"><body><div class="hentry h-entry hentry_event">
      <a rel="bookmark" href="/events/president/news/79011"><span class="entry-title p-name">Совещание с членами Правительства</span>
      <time class="dt-published" datetime="2026-04-09">9 апреля 2026 года, 14:00</time></a></div></body></html>`;
    const fromListing = kremlinAdapter.parse(
      listing,
      ctx("kremlin", "http://special.kremlin.ru/events/president/news"),
    );
    expect(fromListing.items[0]!.dedupKey).toBe(result.items[0]!.dedupKey);
    expect(fromListing.items[0]!.publishedAt?.toISOString()).toBe("2026-04-09T11:00:00.000Z");
  });
});

describe("kremlin adapter: listing pages", () => {
  it("reads the English news listing with Moscow-time dates", () => {
    const { items } = kremlinAdapter.parse(
      readFixture("kremlin/news-listing-en.html"),
      ctx("kremlin", "http://en.kremlin.ru/events/president/news"),
    );
    expect(items.map((i) => i.dedupKey)).toEqual([
      "kremlin:en:79012",
      "kremlin:en:79010",
      "kremlin:en:79008",
      "kremlin:en:79003",
    ]);
    expect(items[0]!.url).toBe("http://en.kremlin.ru/events/president/news/79012");
    expect(items[0]!.publishedAt?.toISOString()).toBe("2026-04-10T16:30:00.000Z");
    // Date only: midnight in Moscow, which is 21:00 UTC the day before.
    expect(items[3]!.publishedAt?.toISOString()).toBe("2026-04-07T21:00:00.000Z");
  });

  it("reads the real acts listing item: a zoneless date is Moscow time", () => {
    const { items } = kremlinAdapter.parse(readFixture("kremlin/acts-listing-item.html"), {
      ...ctx("kremlin", "http://kremlin.ru/acts/news/by-date/12.08.2026"),
      contentType: "text/html",
      now: new Date("2026-08-13T09:00:00Z"),
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      title: "Указ о награждении государственными наградами",
      url: "http://kremlin.ru/acts/news/80518",
      dedupKey: "kremlin:ru:80518",
      language: "ru",
    });
    // "12 августа 2026 года, 16:30" in Moscow.
    expect(items[0]!.publishedAt?.toISOString()).toBe("2026-08-12T13:30:00.000Z");
  });

  it("keys a Kremlin listing re-served from another host by the Kremlin id", () => {
    const { items } = kremlinAdapter.parse(readFixture("kremlin/news-listing-en.html"), {
      ...ctx("kremlin", "http://127.0.0.1:8080/events/president/news"),
      source: { url: "http://127.0.0.1:8080/events/president/news", kind: "kremlin", language: "en" },
    });
    expect(items[0]!.dedupKey).toBe("kremlin:en:79012");
    expect(items[0]!.url).toBe("http://en.kremlin.ru/events/president/news/79012");
  });
});

describe("kremlin adapter: article pages", () => {
  const body = readFixture("kremlin/article-en-79008.html");

  it("gives the full text, lead, date with time of day, and tags", () => {
    const a = kremlinAdapter.parseArticle!(
      body,
      ctx("kremlin", "http://en.kremlin.ru/events/president/news/79008"),
    );
    expect(a.title).toBe("Telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev");
    expect(a.summary).toBe(
      "Vladimir Putin had a telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev.",
    );
    expect(a.publishedAt?.toISOString()).toBe("2026-04-09T14:45:00.000Z");
    const paragraphs = a.content!.split("\n\n");
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^The two leaders discussed/);
    expect(paragraphs[3]).toBe("The leaders agreed to maintain contact.");
    // The bottom meta block ("Publication status…") is not article text.
    expect(a.content).not.toContain("Publication status");
    expect(a.tags).toEqual(expect.arrayContaining(["Kazakhstan", "Foreign policy"]));
    expect(a.dedupKey).toBe("kremlin:en:79008");
  });

  it("gives the same identity when reached through the special mirror's /print page", () => {
    const a = kremlinAdapter.parseArticle!(
      body,
      ctx("kremlin", "http://www.en.special.kremlin.ru/events/president/news/79008/print"),
    );
    expect(a.dedupKey).toBe("kremlin:en:79008");
    expect(a.url).toBe("http://en.kremlin.ru/events/president/news/79008");
  });

  it("falls back to the material link for the id when the page URL carries none", () => {
    const a = kremlinAdapter.parseArticle!(body, ctx("kremlin", "http://en.kremlin.ru/some/landing?x=1"));
    expect(a.dedupKey).toBe("kremlin:en:79008");
  });

  it("says when the page is not an article", () => {
    const e = catchFetchError(() =>
      kremlinAdapter.parseArticle!(
        "<html><body><p>Hello</p></body></html>",
        ctx("kremlin", "http://en.kremlin.ru/x"),
      ),
    );
    expect(e.kind).toBe("empty");
  });
});

describe("kremlin adapter: failures in words", () => {
  it("reports a bot wall where the feed was expected as blocked", () => {
    const e = catchFetchError(() =>
      kremlinAdapter.parse(readFixture("generic/cloudflare-challenge.html"), ctx("kremlin", EN_FEED)),
    );
    expect(e.kind).toBe("blocked");
    expect(e.message).toContain("Cloudflare");
  });

  it("reports another HTML page as not-a-feed, naming the real feed paths", () => {
    const e = catchFetchError(() =>
      kremlinAdapter.parse(
        "<!DOCTYPE html><html><body><h1>Kremlin</h1></body></html>",
        ctx("kremlin", EN_FEED),
      ),
    );
    expect(e.kind).toBe("not-a-feed");
    expect(e.message).toContain("/events/president/news/feed");
  });

  it("reports a feed with no entries as empty", () => {
    const e = catchFetchError(() =>
      kremlinAdapter.parse(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>President of Russia</title></feed>',
        ctx("kremlin", EN_FEED),
      ),
    );
    expect(e.kind).toBe("empty");
  });
});

describe("kremlin adapter: fetch plan", () => {
  it("polls the feed and backfills through numbered listing pages", () => {
    const source = { url: EN_FEED, kind: "kremlin" as const };
    expect(kremlinAdapter.listingRequests(source)).toEqual([
      { url: EN_FEED, accept: expect.stringContaining("atom+xml"), purpose: "listing" },
    ]);
    expect(kremlinAdapter.archiveRequest!(source, 1)?.url).toBe("http://en.kremlin.ru/events/president/news");
    expect(kremlinAdapter.archiveRequest!(source, 3)?.url).toBe(
      "http://en.kremlin.ru/events/president/news/page/3",
    );
    expect(
      kremlinAdapter.archiveRequest!(
        { url: "http://en.kremlin.ru/events/president/news/79008", kind: "kremlin" },
        2,
      ),
    ).toBeNull();
  });
});
