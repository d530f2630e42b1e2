// An item search runs within SEARCH_TIMEOUT_MS: one that runs out is stopped and answered in
// words (503 `unavailable`, asking to narrow it) instead of hanging, and the rest of the service
// keeps answering while a long search runs, on the embedded database as on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/http-test.js";
import { openTestApp, type TestApp } from "../helpers/test-app.js";

const ITEMS = 300;
/** About 20 kB of text per item, so that a full-text search has real work to do. */
const TEXT = "The ministry discussed the national strategy for artificial intelligence in detail. ".repeat(
  240,
);

async function appWithItems(searchTimeoutMs: number): Promise<{ app: TestApp; web: TestServer }> {
  const app = await openTestApp({ env: { SEARCH_TIMEOUT_MS: String(searchTimeoutMs) } });
  const source = await app.db.prisma.source.create({
    data: { name: "Wire", url: "https://wire.example.org/feed.xml", kind: "rss" },
  });
  await app.db.raw.query(
    `INSERT INTO "Item" ("sourceId", guid, "dedupKey", url, title, content, "contentHash", "publishedAt", "updatedAt")
     SELECT $1::int, 'g' || n, 'search:' || n, 'https://wire.example.org/' || n,
            CASE WHEN n % 100 = 0 THEN 'Decree on GigaChat ' || n ELSE 'Report ' || n END,
            $3::text, 'h' || n, timestamp '2026-03-01' + n * interval '1 minute', timestamp '2026-03-01'
     FROM generate_series(1, $2::int) AS n`,
    [source.id, ITEMS, TEXT],
  );
  return { app, web: await startTestServer(app) };
}

describe("a search that runs out of time", () => {
  let app: TestApp;
  let web: TestServer;
  beforeAll(async () => {
    ({ app, web } = await appWithItems(1));
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await app?.dispose();
  });

  it("is stopped and answered with 503 in words on the API and the Items page", async () => {
    const api = await fetch(`${web.base}/api/items?q=strategy`);
    expect(api.status).toBe(503);
    const body = (await api.json()) as { error: { kind: string; message: string } };
    expect(body.error.kind).toBe("unavailable");
    expect(body.error.message).toContain("took longer than 0.001 s (SEARCH_TIMEOUT_MS) and was stopped");
    expect(body.error.message).toContain("Narrow it");

    const page = await fetch(`${web.base}/items?q=strategy`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("Narrow it: more words, an area, a source or a date range.");
  });

  it("leaves the rest of the service answering", async () => {
    await fetch(`${web.base}/api/items?q=intelligence`);
    expect((await fetch(`${web.base}/healthz`)).status).toBe(200);
    const listing = await fetch(`${web.base}/api/items?limit=5`);
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as { total: number }).total).toBe(ITEMS);
  });
});

describe("a long search within its time", () => {
  let app: TestApp;
  let web: TestServer;
  beforeAll(async () => {
    ({ app, web } = await appWithItems(120_000));
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await app?.dispose();
  });

  it("finds what it should while /healthz keeps answering", { timeout: 180_000 }, async () => {
    let searchDone = false;
    const search = fetch(`${web.base}/api/items?q=gigachat`).then(async (res) => {
      searchDone = true;
      return {
        status: res.status,
        body: (await res.json()) as { total: number; items: { title: string }[] },
      };
    });
    let healthyDuringSearch = 0;
    while (!searchDone) {
      const health = await fetch(`${web.base}/healthz`);
      if (health.status === 200 && !searchDone) healthyDuringSearch++;
    }
    const { status, body } = await search;
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.items.map((i) => i.title)).toEqual([
      "Decree on GigaChat 300",
      "Decree on GigaChat 200",
      "Decree on GigaChat 100",
    ]);
    expect(healthyDuringSearch).toBeGreaterThan(0);
  });

  it("runs at most four searches at once and refuses more in words", { timeout: 300_000 }, async () => {
    const words = [
      "ministry",
      "national",
      "strategy",
      "artificial",
      "intelligence",
      "detail",
      "discussed",
      "report",
    ];
    const answers = await Promise.all(
      words.map(async (q) => {
        const res = await fetch(`${web.base}/api/items?q=${q}&limit=1`);
        return {
          status: res.status,
          body: (await res.json()) as { total?: number; error?: { message: string } },
        };
      }),
    );
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.body.error?.message).toBe("4 searches are running already; try again in a moment.");
    }
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(4);
    expect((await fetch(`${web.base}/api/items?q=ministry%20strategy&limit=1`)).status).toBe(200);
  });
});
