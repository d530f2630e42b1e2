// A hostile or merely huge feed cannot make a poll or a listing unbounded: a fetch keeps at most
// MAX_ITEMS_PER_FETCH items (the newest) and says how many it left, and a 9 MB title is stored cut
// to MAX_TITLE_CHARS, so no listing answer grows past 1 MB because of one item.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { startTestServer, type TestServer } from "../helpers/http-test.js";
import { openTestApp, type TestApp } from "../helpers/test-app.js";

const ITEMS = 100_000;
const minute = (i: number) => `${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().slice(0, 16)}Z`;

function hugeFeed(): string {
  const entries: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    entries.push(
      `<item><title>E${i}</title><link>http://h.example/${i}</link><dc:date>${minute(i)}</dc:date></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>${entries.join("")}</channel></rss>`;
}

let app: TestApp;
let feeds: FeedServer;
let web: TestServer;
beforeAll(async () => {
  app = await openTestApp({ env: { ALLOW_PRIVATE_SOURCES: "true", MAX_ITEMS_PER_FETCH: "1000" } });
  const title = "word ".repeat(1_900_000);
  feeds = await startFeedServer({
    "/huge.xml": { body: hugeFeed(), contentType: "application/rss+xml" },
    "/long-title.xml": {
      contentType: "application/rss+xml",
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title><item><title>${title}</title><link>https://long.example.org/1</link></item></channel></rss>`,
    },
  });
  web = await startTestServer(app);
});
afterAll(async () => {
  await web?.close();
  await feeds?.close();
  await app?.dispose();
});

describe("bounded work per fetch", () => {
  // Generous bounds: hang detectors for a 9 MB body on a busy machine, not timing targets.
  it("keeps the newest 1,000 of a 100,000-item feed and says in the source's health how many it left", {
    timeout: 300_000,
  }, async () => {
    const { source } = await app.services.sources.add({
      url: feeds.url("/huge.xml"),
      kind: "rss",
      name: "Huge",
    });
    const summary = await app.services.poll.pollAll({ sourceId: source.id });
    expect(summary).toMatchObject({ failed: 0, newItems: 1_000 });
    expect(await app.db.prisma.item.count({ where: { sourceId: source.id } })).toBe(1_000);
    const oldestKept = await app.db.prisma.item.findFirst({
      where: { sourceId: source.id },
      orderBy: { publishedAt: "asc" },
    });
    expect(oldestKept?.title).toBe(`E${ITEMS - 1_000}`);
    const listed = (await app.services.sources.list()).find((s) => s.id === source.id)!;
    expect(listed.health.itemsDropped).toBe(ITEMS - 1_000);
  });

  it("stores a 9 MB title cut to MAX_TITLE_CHARS, so the listings stay under 1 MB", {
    timeout: 300_000,
  }, async () => {
    const { source } = await app.services.sources.add({
      url: feeds.url("/long-title.xml"),
      kind: "rss",
      name: "Long",
    });
    await app.services.poll.pollAll({ sourceId: source.id });
    const item = await app.db.prisma.item.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(item.title!.length).toBeLessThanOrEqual(1_000);
    for (const path of [
      `/api/items?source=${source.id}`,
      `/items?source=${source.id}`,
      "/api/items",
      "/items",
    ]) {
      const body = await (await fetch(`${web.base}${path}`)).text();
      expect(body.length).toBeLessThan(1_000_000);
    }
  });
});
