// From a fetched answer to stored items and health, through the services, against a real HTTP
// server on loopback and a real database (PGlite, or PostgreSQL when DATABASE_URL is set).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SourceError } from "../../src/services/source-errors.js";
import { itemContentHash } from "../../src/sources/shared/item.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { type LoopbackFetcher, loopbackFetcher } from "../helpers/loopback-fetcher.js";
import { pollServiceWith } from "../helpers/pipeline.js";
import { repoRoot } from "../helpers/run-cli.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const fixture = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures/pipeline", name), "utf8");
const ATOM = "application/atom+xml; charset=utf-8";
const KREMLIN = fixture("kremlin-en-news.atom.xml");
const NEW_ENTRY = fixture("kremlin-en-news-entry-79015.xml");
const withNewEntry = (feed: string) => feed.replace("</author>\n", `</author>\n${NEW_ENTRY}`);

let server: FeedServer;
let fetcher: LoopbackFetcher;
let app: TestApp;
const clock = fixedClock("2026-04-11T12:00:00Z");

// One database for the file (opening one is the slow part); each test starts with no sources and
// a fresh server, so nothing carries over.
beforeAll(async () => {
  fetcher = loopbackFetcher({
    rewrite: { "en.kremlin.ru": "http://127.0.0.1:1/site" },
  });
  app = await openTestApp({ now: clock, fetcher: { fetch: (url, init) => fetcher.fetch(url, init) } });
});
afterAll(async () => {
  await app.dispose();
});
beforeEach(async () => {
  clock.set("2026-04-11T12:00:00Z");
  server = await startFeedServer({
    "/kremlin/news/feed": { body: KREMLIN, contentType: ATOM },
    "/digital/feed.xml": { body: fixture("digital-policy.rss.xml"), contentType: "application/rss+xml" },
    "/ministry/press": { body: fixture("ministry-press.html"), contentType: "text/html; charset=utf-8" },
  });
  await fetcher.close();
  fetcher = loopbackFetcher({ rewrite: { "en.kremlin.ru": `${server.origin}/site` } });
  await app.db.prisma.source.deleteMany();
});
afterEach(async () => {
  await server.close();
});

async function addKremlin() {
  return (
    await app.services.sources.add({
      url: server.url("/kremlin/news/feed"),
      kind: "kremlin",
      name: "Kremlin",
    })
  ).source;
}

describe("polling stores each item once and keeps the source's health", () => {
  it("stores a generic RSS feed and an HTML list page read with selectors, once", async () => {
    const rss = (await app.services.sources.add({ url: server.url("/digital/feed.xml"), kind: "auto" }))
      .source;
    expect(rss.kind).toBe("rss");
    const html = (
      await app.services.sources.add({
        url: server.url("/ministry/press"),
        selectors: {
          item: "li.release",
          title: "a.release__title",
          link: "a",
          date: "time",
          summary: "p.release__teaser",
        },
      })
    ).source;
    expect(html.kind).toBe("html");
    expect(html.options).toEqual({
      selectors: {
        item: "li.release",
        title: "a.release__title",
        link: "a",
        date: "time",
        summary: "p.release__teaser",
      },
    });

    expect(await app.services.poll.pollAll()).toEqual({
      sources: 2,
      fetched: 2,
      notModified: 0,
      failed: 0,
      newItems: 5,
      updatedItems: 0,
    });
    const pressItems = await app.repos.items.listBySource(html.id);
    expect(pressItems.map((i) => i.url)).toEqual([
      server.url("/en/press/2026/04/ai-centres"),
      server.url("/en/press/2026/04/medicine-consultation"),
    ]);
    expect(pressItems[0]!.publishedAt?.toISOString()).toBe("2026-04-10T13:00:00.000Z");
    expect(pressItems[0]!.summary).toBe("The Ministry announced the locations of three new centres.");
    const rssItems = await app.repos.items.listBySource(rss.id);
    expect(rssItems[0]!.url).toBe("https://digitalpolicy.example.org/2026/04/ai-budget-approved");

    expect(await app.services.poll.pollAll()).toEqual({
      sources: 2,
      fetched: 0,
      notModified: 2,
      failed: 0,
      newItems: 0,
      updatedItems: 0,
    });
    // A new release on the page is the one new item.
    server.set("/ministry/press", {
      body: fixture("ministry-press.html").replace(
        '<ul class="releases">',
        '<ul class="releases">\n<li class="release"><a class="release__title" href="/en/press/2026/04/new">New AI law drafted</a><time datetime="2026-04-11T09:00:00+03:00">11 April</time></li>',
      ),
      contentType: "text/html; charset=utf-8",
    });
    expect(await app.services.poll.pollAll({ sourceId: html.id })).toMatchObject({
      fetched: 1,
      newItems: 1,
      updatedItems: 0,
    });
  });

  it("keeps a failing source's items and shows why, while the healthy source stays healthy", async () => {
    const kremlin = await addKremlin();
    const rss = (await app.services.sources.add({ url: server.url("/digital/feed.xml") })).source;
    await app.services.poll.pollAll();
    server.set("/digital/feed.xml", {
      status: 500,
      body: "Internal Server Error",
      contentType: "text/plain",
    });
    clock.set("2026-04-11T12:20:00Z");
    const summary = await app.services.poll.pollAll();
    expect(summary).toMatchObject({ sources: 2, notModified: 1, failed: 1 });
    await app.services.poll.pollAll();

    const list = await app.services.sources.list();
    const failing = list.find((s) => s.id === rss.id)!;
    expect(failing.itemCount).toBe(3);
    expect(failing.health).toMatchObject({
      state: "failing",
      consecutiveFailures: 2,
      lastSuccessAt: "2026-04-11T12:00:00.000Z",
    });
    expect(failing.health.lastError).toMatchObject({ kind: "http", status: 500 });
    expect(failing.health.lastError?.message).toMatch(/500/);
    // Backed off: not polled again by its schedule before 30 minutes (15 × 2) have passed.
    expect(Date.parse(failing.health.nextCheckAt!)).toBeGreaterThanOrEqual(
      Date.parse("2026-04-11T12:50:00Z"),
    );
    expect((await app.services.poll.pollSource(rss.id)).skipped).toBe("not-due");

    const healthy = list.find((s) => s.id === kremlin.id)!;
    expect(healthy.health).toMatchObject({
      state: "healthy",
      consecutiveFailures: 0,
      lastError: null,
      lastSuccessAt: "2026-04-11T12:20:00.000Z",
    });
    expect(healthy.health.itemsLast7Days).toBe(3);
    expect(healthy.health.itemsLast30Days).toBe(4);

    // Back up: healthy again, the error cleared.
    server.set("/digital/feed.xml", {
      body: fixture("digital-policy.rss.xml"),
      contentType: "application/rss+xml",
    });
    await app.services.poll.pollAll({ sourceId: rss.id });
    const back = (await app.services.sources.get(rss.id)).health;
    expect(back).toMatchObject({ state: "healthy", consecutiveFailures: 0, lastError: null });
  });

  it("updates a changed item in place and records what it was", async () => {
    const kremlin = await addKremlin();
    await app.services.poll.pollAll();
    const before = (await app.repos.items.findByDedupKey("kremlin:en:79010"))!;
    server.set("/kremlin/news/feed", {
      body: KREMLIN.replace(
        "<title>Meeting with Government members</title>",
        "<title>Meeting with Government members on AI</title>",
      ),
      contentType: ATOM,
    });
    // What the pipeline asks the matcher to match after the store.
    const matchedAfterStore: number[][] = [];
    const match = app.services.match;
    const poll = pollServiceWith(app, {
      match: {
        intakeMatcher: () => match.intakeMatcher(),
        matchAll: (o) => match.matchAll(o),
        matchItems: (ids, o) => {
          matchedAfterStore.push(ids);
          return match.matchItems(ids, o);
        },
      },
    });
    expect(await poll.pollAll()).toMatchObject({ fetched: 1, newItems: 0, updatedItems: 1 });
    const after = (await app.repos.items.findByDedupKey("kremlin:en:79010"))!;
    expect(after.id).toBe(before.id);
    expect(after.title).toBe("Meeting with Government members on AI");
    expect(after.contentHash).not.toBe(before.contentHash);
    // The stored hash is the adapters' own: anyone can tell whether a parsed item differs.
    expect(after.contentHash).toBe(itemContentHash(after));
    expect(before.contentHash).toBe(itemContentHash(before));
    const revisions = await app.repos.items.revisions(after.id);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({
      title: "Meeting with Government members",
      changed: ["title"],
      contentHash: before.contentHash,
    });
    // A changed item is matched after it is stored, against the evidence it already has.
    expect(matchedAfterStore).toEqual([[after.id]]);
    expect((await app.repos.polls.recent(kremlin.id))[0]).toMatchObject({
      outcome: "ok",
      updatedItems: 1,
      error: null,
    });
    expect(await app.repos.items.count()).toBe(4);
  });

  it("follows up on a poll's stored items before the poll is closed, and a failed follow-up loses nothing", async () => {
    const kremlin = await addKremlin();
    const calls: { pollOutcome: string; stored: number }[] = [];
    // The follow-up's status refresh looks at the poll and its items, then fails.
    const poll = pollServiceWith(app, {
      status: {
        async refresh() {
          const latest = await app.db.prisma.poll.findFirstOrThrow({ orderBy: { id: "desc" } });
          calls.push({ pollOutcome: latest.outcome, stored: await app.repos.items.count() });
          throw new Error("the status refresh fell over");
        },
      },
    });
    await poll.pollAll();
    expect(calls).toEqual([{ pollOutcome: "running", stored: 4 }]);
    // The items stay stored; the poll says what went wrong.
    const polls = await app.repos.polls.recent(kremlin.id);
    expect(polls[0]).toMatchObject({
      outcome: "ok",
      newItems: 4,
      error: { kind: "after-store", message: "the status refresh fell over" },
    });
    expect(await app.repos.items.count()).toBe(4);
  });

  it("polls a source once when two polls of it start together", async () => {
    const kremlin = await addKremlin();
    const previewed = server.requestsTo("/kremlin/news/feed").length;
    const results = await Promise.all([
      app.services.poll.pollSource(kremlin.id, { force: true }),
      app.services.poll.pollSource(kremlin.id, { force: true }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["ok", "skipped"]);
    expect(results.find((r) => r.outcome === "skipped")?.skipped).toBe("busy");
    expect(server.requestsTo("/kremlin/news/feed")).toHaveLength(previewed + 1);
    // The lease is released: the next poll goes ahead.
    expect((await app.services.poll.pollSource(kremlin.id, { force: true })).outcome).toBe("not-modified");
  });

  it("fetches the article page for a new item that comes with a summary only, and only once", async () => {
    server.set("/kremlin/news/feed", {
      body: fixture("kremlin-en-news-summary-only.atom.xml"),
      contentType: ATOM,
      conditional: false,
    });
    server.set("/site/events/president/news/79020", {
      body: fixture("kremlin-article-79020.html"),
      contentType: "text/html; charset=utf-8",
    });
    await addKremlin();
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 1 });
    const item = (await app.repos.items.findByDedupKey("kremlin:en:79020"))!;
    expect(item.content).toMatch(
      /proposals on additional support measures for domestic developers of large language models/,
    );
    expect(item.summary).toBe(
      "Vladimir Putin held a meeting on the development of artificial intelligence technology.",
    );
    // The feed answers 200 again with the summary only: the full text stays, nothing "changed".
    expect(await app.services.poll.pollAll()).toMatchObject({ fetched: 1, newItems: 0, updatedItems: 0 });
    expect(server.requestsTo("/site/events/president/news/79020")).toHaveLength(1);
  });

  it("marks a source stale when it publishes nothing for longer than its usual cadence", async () => {
    const kremlin = await addKremlin();
    await app.services.poll.pollAll();
    expect((await app.services.sources.get(kremlin.id)).health.state).toBe("healthy");
    // Items came every two days or so; three weeks of silence is stale.
    clock.set("2026-05-02T12:00:00Z");
    await app.services.poll.pollAll();
    expect((await app.services.sources.get(kremlin.id)).health).toMatchObject({
      state: "stale",
      consecutiveFailures: 0,
    });
    server.set("/kremlin/news/feed", {
      body: withNewEntry(KREMLIN).replace(
        "2026-04-11T12:00:00+03:00</published>",
        "2026-05-02T10:00:00+03:00</published>",
      ),
      contentType: ATOM,
    });
    await app.services.poll.pollAll();
    expect((await app.services.sources.get(kremlin.id)).health.state).toBe("healthy");
  });

  it("stores each change of a watched page as an item and remembers the page", async () => {
    const page = (await app.services.sources.add({ url: server.url("/ministry/press"), kind: "page" }))
      .source;
    expect(page.schedule).toBe("0 * * * *");
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 1 });
    expect((await app.repos.sources.findById(page.id))!.pageSnapshot).toMatch(
      /Three AI research centres to open in 2027/,
    );
    server.set("/ministry/press", {
      body: fixture("ministry-press.html").replace("</ul>", "<li>Data centre tender announced</li></ul>"),
      contentType: "text/html; charset=utf-8",
    });
    expect(await app.services.poll.pollAll()).toMatchObject({ fetched: 1, newItems: 1 });
    const items = await app.repos.items.listBySource(page.id);
    expect(items.at(-1)!.content).toMatch(/Data centre tender announced/);
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 0 });
  });
});

describe("backfill", () => {
  function serveArchive(failPage2 = false) {
    for (const p of [1, 2, 3]) {
      const route = `/archive/feed${p === 1 ? "" : `?page=${p}`}`;
      const body = fixture(`archive-page-${p}.atom.xml`).replaceAll("ORIGIN", server.origin);
      server.set(
        route,
        failPage2 && p === 2
          ? { status: 500, body: "down", contentType: "text/plain" }
          : { body, contentType: ATOM },
      );
    }
  }

  it("walks the archive page by page and resumes after a failure where it stopped", async () => {
    serveArchive(true);
    const source = (await app.services.sources.add({ url: server.url("/archive/feed"), kind: "atom" }))
      .source;
    const progress: number[] = [];
    await expect(
      app.services.backfill.backfill(source.id, { pages: 3, onProgress: (p) => progress.push(p.page) }),
    ).rejects.toThrow(/Page 2 of the archive .* could not be read: .*500.* resume/);
    expect(progress).toEqual([1]);
    expect(await app.repos.items.count({ sourceId: source.id })).toBe(2);
    const firstPageFetches = server.requestsTo("/archive/feed").length;

    serveArchive(false);
    const result = await app.services.backfill.backfill(source.id, {
      pages: 3,
      onProgress: (p) => progress.push(p.page),
    });
    expect(result).toMatchObject({ resumed: true, pagesDone: 3, newItems: 6, done: true, morePages: false });
    expect(progress).toEqual([1, 2, 3]);
    // Resumed at page 2: page 1 was not fetched again.
    expect(server.requestsTo("/archive/feed")).toHaveLength(firstPageFetches);
    expect(await app.repos.items.count({ sourceId: source.id })).toBe(6);
  });

  it("stops at --since and at --pages", async () => {
    serveArchive();
    const source = (await app.services.sources.add({ url: server.url("/archive/feed"), kind: "atom" }))
      .source;
    const one = await app.services.backfill.backfill(source.id, { pages: 1 });
    expect(one).toMatchObject({ pagesDone: 1, newItems: 2, morePages: true });
    expect(server.requestsTo("/archive/feed?page=2")).toHaveLength(0);
    // Since 10 March: page 2 (14 and 11 March) is stored; page 3 (6 and 2 March) ends the walk.
    const since = await app.services.backfill.backfill(source.id, {
      since: new Date("2026-03-10T00:00:00Z"),
    });
    expect(since).toMatchObject({ resumed: false, pagesDone: 3, newItems: 2, morePages: false });
    expect(await app.repos.items.count({ sourceId: source.id })).toBe(4);
  });
});

describe("managing sources", () => {
  it("refuses duplicates, unreadable URLs without --force, and bad schedules, in words", async () => {
    await addKremlin();
    await expect(
      app.services.sources.add({ url: server.url("/kremlin/news/feed/"), kind: "kremlin" }),
    ).rejects.toThrow(/already watched as source \d+ \("Kremlin"\)/);
    await expect(app.services.sources.add({ url: server.url("/nothing/here") })).rejects.toThrow(
      /was not added: .*404.* Add it anyway with --force/,
    );
    const forced = await app.services.sources.add({
      url: server.url("/nothing/here"),
      kind: "rss",
      force: true,
    });
    expect(forced.source.kind).toBe("rss");
    const bad = app.services.sources.add({ url: server.url("/digital/feed.xml"), schedule: "every day" });
    await expect(bad).rejects.toThrow(SourceError);
    await expect(bad).rejects.toThrow(/not a valid cron schedule/);
  });

  it("pauses and resumes a source; a paused source is not polled", async () => {
    const kremlin = await addKremlin();
    await app.services.sources.pause(kremlin.id);
    expect(await app.services.poll.pollAll()).toEqual({
      sources: 0,
      fetched: 0,
      notModified: 0,
      failed: 0,
      newItems: 0,
      updatedItems: 0,
    });
    expect((await app.services.poll.pollSource(kremlin.id)).skipped).toBe("paused");
    const resumed = await app.services.sources.resume(kremlin.id);
    expect(resumed.paused).toBe(false);
    expect((await app.services.poll.pollSource(kremlin.id)).outcome).toBe("ok");
    expect((await app.services.poll.pollSource(kremlin.id, { force: true })).outcome).toBe("not-modified");
    // Housekeeping forgets old polls but keeps each source's latest.
    clock.set("2026-06-01T00:00:00Z");
    expect(await app.services.poll.prunePolls(30)).toBe(1);
    expect(await app.repos.polls.recent(kremlin.id)).toHaveLength(1);
    const removed = await app.services.sources.remove(kremlin.id);
    expect(removed).toEqual({ id: kremlin.id, name: "Kremlin", items: 4 });
    expect(await app.repos.items.count()).toBe(0);
  });

  it("exports OPML that imports back the same sources, skipping duplicates", async () => {
    await addKremlin();
    const html = await app.services.sources.add({
      url: server.url("/ministry/press"),
      selectors: { item: "li.release, li.news", link: "a" },
      schedule: "*/30 * * * *",
    });
    await app.services.sources.pause(html.source.id);
    const opml = await app.services.sources.exportOpml();
    expect(opml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0"/);
    expect(await app.services.sources.importOpml(opml)).toEqual({
      added: 0,
      duplicates: 2,
      invalid: 0,
      problems: [],
    });

    const other = await openTestApp({ now: clock, fetcher, seedAgenda: false });
    try {
      expect(await other.services.sources.importOpml(opml)).toEqual({
        added: 2,
        duplicates: 0,
        invalid: 0,
        problems: [],
      });
      const strip = (list: Awaited<ReturnType<typeof app.services.sources.list>>) =>
        list.map(({ name, url, kind, schedule, health }) => ({
          name,
          url,
          kind,
          schedule,
          paused: health.paused,
        }));
      expect(strip(await other.services.sources.list())).toEqual(strip(await app.services.sources.list()));
      expect((await other.repos.sources.findAll({ includePaused: true }))[1]!.options).toEqual({
        selectors: { item: "li.release, li.news", link: "a" },
      });
    } finally {
      await other.dispose();
    }
    await expect(app.services.sources.importOpml("<html><body>not a feed list")).rejects.toThrow(
      /This is not an OPML file/,
    );
  });

  it("registers the agenda's default sources on a new database, once", async () => {
    const fresh = await openTestApp({ now: clock, fetcher, env: { DEFAULT_SOURCES: "on" } });
    try {
      const list = await fresh.services.sources.list();
      expect(list.length).toBeGreaterThanOrEqual(9);
      expect(list.map((s) => s.url)).toContain("http://en.kremlin.ru/events/president/news/feed");
      // The Kremlin's sources fall back to its own mirror (the site's special version).
      expect(list.find((s) => s.url === "http://en.kremlin.ru/events/president/news/feed")?.mirrors).toEqual([
        "http://en.special.kremlin.ru/events/president/news/feed",
      ]);
      expect(new Set(list.map((s) => s.kind))).toEqual(new Set(["kremlin", "reuters", "brookings"]));
      expect(list.every((s) => s.health.state === "pending")).toBe(true);
      const spec = JSON.parse(readFileSync(path.join(repoRoot, "prisma/agenda/russia-ai-2026.json"), "utf8"));
      expect(await fresh.services.sources.registerDefaults(spec.sources)).toBe(0);
    } finally {
      await fresh.dispose();
    }
  });

  it("refuses a source on a private address unless ALLOW_PRIVATE_SOURCES is set", async () => {
    const strict = await openTestApp({
      now: clock,
      seedAgenda: false,
      env: { ALLOW_PRIVATE_SOURCES: "false" },
    });
    try {
      const attempt = strict.services.sources.add({
        url: server.url("/kremlin/news/feed"),
        kind: "kremlin",
        force: true,
      });
      await expect(attempt).rejects.toThrow(/was not added: .*(private|loopback|internal)/i);
      expect(await strict.services.sources.list()).toEqual([]);
      expect(server.requestsTo("/kremlin/news/feed")).toHaveLength(0);
    } finally {
      await strict.dispose();
    }
  });
});
