// Article pages for full text, through the real poll against a real HTTP server on loopback serving
// saved Kremlin pages: fetched only for candidate items (matched or nearly matched on title and
// summary), once per article, at most ARTICLE_FETCH_MAX_PER_POLL per poll; a failed or refused
// article leaves the feed's text and never fails the poll.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { type LoopbackFetcher, loopbackFetcher } from "../helpers/loopback-fetcher.js";
import { repoRoot } from "../helpers/run-cli.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const fixture = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures/pipeline", name), "utf8");
const ATOM = "application/atom+xml; charset=utf-8";
const HTML = "text/html; charset=utf-8";
const FEED = fixture("kremlin-en-news-candidates.atom.xml");
const ARTICLE_79020 = fixture("kremlin-article-79020.html");
const PHONE_CALL = readFileSync(path.join(repoRoot, "tests/fixtures/kremlin/article-en-79008.html"), "utf8");
const articlePath = (id: number) => `/site/events/president/news/${id}`;
/** The feed without the entries of these ids. */
const without = (feed: string, ...ids: number[]) =>
  feed.replace(/ {2}<entry>[\s\S]*?<\/entry>\n/g, (entry) =>
    ids.some((id) => entry.includes(`/news/${id}<`)) ? "" : entry,
  );

let server: FeedServer;
let fetcher: LoopbackFetcher;
let app: TestApp;
const clock = fixedClock("2026-04-11T20:00:00Z");

// At most two articles per poll, so that the budget shows with a handful of entries.
beforeAll(async () => {
  app = await openTestApp({
    now: clock,
    fetcher: { fetch: (url, init) => fetcher.fetch(url, init) },
    env: { ARTICLE_FETCH_MAX_PER_POLL: "2" },
  });
});
afterAll(async () => {
  await app.dispose();
});
beforeEach(async () => {
  server = await startFeedServer({
    [articlePath(79020)]: { body: ARTICLE_79020, contentType: HTML },
    [articlePath(79021)]: { body: fixture("kremlin-transcript-79021.html"), contentType: HTML },
    // Saved pages of the same layout for the two other AI entries.
    [articlePath(79022)]: { body: ARTICLE_79020.replaceAll("79020", "79022"), contentType: HTML },
    [articlePath(79023)]: { body: ARTICLE_79020.replaceAll("79020", "79023"), contentType: HTML },
    [articlePath(79008)]: { body: PHONE_CALL, contentType: HTML },
  });
  fetcher = loopbackFetcher({ rewrite: { "en.kremlin.ru": `${server.origin}/site` } });
  await app.db.prisma.source.deleteMany();
});
afterEach(async () => {
  await server.close();
  await fetcher.close();
});

async function addKremlin(feed: string) {
  // The feed answers 200 every time (no validators), as the Kremlin's does between new entries.
  server.set("/kremlin/news/feed", { body: feed, contentType: ATOM, conditional: false });
  return (await app.services.sources.add({ url: server.url("/kremlin/news/feed"), kind: "kremlin" })).source;
}

const articleRequests = () => server.requests.filter((r) => r.path.startsWith("/site/")).map((r) => r.path);
const evidenceOf = async (id: number) =>
  (await app.repos.evidence.list()).filter((e) => e.item.url.endsWith(`/news/${id}`));

describe("article pages for full text", () => {
  it("fetches a candidate's article and quotes it, even far into a transcript; never a non-candidate's", async () => {
    await addKremlin(without(FEED, 79022, 79023));
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 3, failed: 0 });

    // The phone call with Kazakhstan says nothing of AI: its article is not asked for.
    expect(articleRequests().sort()).toEqual([articlePath(79020), articlePath(79021)]);
    expect((await app.repos.items.findByDedupKey("kremlin:en:79008"))!.content).toBeNull();

    // What the feed's summary does not say, the evidence quotes from the article.
    const meeting = await evidenceOf(79020);
    expect(meeting.map((e) => e.quote)).toContainEqual(
      expect.stringMatching(/support measures for domestic developers of large language models/),
    );
    // The transcript's passage on AI comes after pages on heating and roads: matched and quoted.
    const finance = (await evidenceOf(79021)).find((e) => e.milestoneSlug === "financial-architecture");
    expect(finance).toMatchObject({ nature: "instruction", deadline: "2026-08-01" });
    expect(finance!.quote).toMatch(/instructed to submit, by August 1, 2026, a financial architecture/);

    // Once per article: the next polls read the stored text.
    await app.services.poll.pollAll();
    await app.services.poll.pollAll();
    expect(articleRequests()).toHaveLength(2);
  });

  it("fetches at most ARTICLE_FETCH_MAX_PER_POLL articles per poll, and the rest at the next polls", async () => {
    await addKremlin(FEED);
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 5, failed: 0 });
    expect(articleRequests()).toEqual([articlePath(79023), articlePath(79022)]);
    const before = (await app.repos.items.findByDedupKey("kremlin:en:79021"))!;
    expect(before.content).toBeNull();

    // The items the budget cut off were stored with the feed's text; the next poll fetches theirs.
    expect(await app.services.poll.pollAll()).toMatchObject({ updatedItems: 2, failed: 0 });
    expect(articleRequests().slice(2).sort()).toEqual([articlePath(79020), articlePath(79021)]);
    expect((await app.repos.items.findByDedupKey("kremlin:en:79021"))!.content).toMatch(
      /financial architecture/,
    );
    expect((await evidenceOf(79021)).map((e) => e.milestoneSlug)).toContain("financial-architecture");

    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 0, updatedItems: 0 });
    expect(articleRequests()).toHaveLength(4);
  });

  it("keeps the feed's text when an article answers 500 or robots.txt refuses it, and the poll succeeds", async () => {
    server.set(articlePath(79020), { status: 500, body: "upstream error", contentType: "text/plain" });
    server.set("/robots.txt", {
      body: `User-agent: *\nDisallow: ${articlePath(79021)}\n`,
      contentType: "text/plain",
    });
    const source = await addKremlin(without(FEED, 79022, 79023));
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 3, failed: 0 });
    expect((await app.services.sources.get(source.id)).health.state).toBe("healthy");

    const meeting = (await app.repos.items.findByDedupKey("kremlin:en:79020"))!;
    expect(meeting.summary).toBe(
      "Vladimir Putin held a meeting on the development of artificial intelligence technology.",
    );
    expect(meeting.content).toBeNull();
    // Matched on the feed's text all the same.
    expect((await evidenceOf(79020)).length).toBeGreaterThan(0);
    // robots.txt refused the transcript: it was never asked for.
    expect(server.requestsTo(articlePath(79021))).toHaveLength(0);
    expect(server.requestsTo(articlePath(79020))).toHaveLength(1);

    // A failed article is not asked for again at the next poll.
    expect(await app.services.poll.pollAll()).toMatchObject({ failed: 0 });
    expect(server.requestsTo(articlePath(79020))).toHaveLength(1);
  });
});
