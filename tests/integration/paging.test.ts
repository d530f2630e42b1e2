// Every list page and API list answers one page (`limit`, `offset`) in the shape it always had,
// with the whole list's size and its neighbouring pages beside it: a milestone with thousands of
// evidence rows, thousands of sources, subscribers and channels, and items with long summaries
// all answer bounded pages, none over 1 MB; a bad limit or offset is a 400 in words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { openTestApp, type TestApp } from "../helpers/test-app.js";

const MILESTONE = "risk-assessment-proposals";
const EVIDENCE_ROWS = 1_500;
const MANY = 700;
const ONE_MB = 1_000_000;

let app: TestApp;
let server: TestServer;
let sourceId: number;

/** Items (titles at the 1,000-character cap) and one evidence row each on MILESTONE, a minute apart. */
async function seedEvidence(): Promise<void> {
  const milestone = await app.db.prisma.milestone.findUniqueOrThrow({ where: { slug: MILESTONE } });
  await app.db.raw.query(
    `INSERT INTO "Item" ("sourceId", guid, "dedupKey", url, title, "contentHash", "publishedAt", "firstSeenAt", "updatedAt")
     SELECT $1::int, 'g' || n, 'paging:' || n, 'https://news.example.org/' || n,
            'Item ' || n || ' ' || repeat('Правительство утвердило план ', 34), 'h' || n,
            timestamp '2026-03-01' + n * interval '1 minute', timestamp '2026-03-01' + n * interval '1 minute',
            timestamp '2026-03-01'
     FROM generate_series(1, $2::int) AS n`,
    [sourceId, EVIDENCE_ROWS],
  );
  await app.db.raw.query(
    `INSERT INTO "Evidence" ("itemId", "milestoneId", score, progress, nature, quote, terms, "matcherVersion",
                             "createdAt", "updatedAt")
     SELECT i.id, $1::int, 0.5, false, 'discussion', repeat('оценка рисков ', 21), ARRAY['risk', 'оценка'], 'test',
            i."publishedAt", i."publishedAt"
     FROM "Item" i WHERE i."sourceId" = $2::int`,
    [milestone.id, sourceId],
  );
}

async function seedRows(): Promise<void> {
  await app.db.raw.query(
    `INSERT INTO "Source" (name, url, kind, schedule, "updatedAt")
     SELECT 'Source ' || n, 'https://feeds-' || n || '.example.org/feed.xml', 'rss', '*/15 * * * *', now()
     FROM generate_series(1, $1::int) AS n`,
    [MANY],
  );
  await app.db.raw.query(
    `INSERT INTO "Subscriber" (email, "unsubscribeToken") SELECT 'reader' || n || '@example.org', 'unsub-' || n
     FROM generate_series(1, $1::int) AS n`,
    [MANY],
  );
  await app.db.raw.query(
    `INSERT INTO "Channel" (type, target, secret) SELECT 'webhook', 'https://hooks.example.org/' || n, 'secret-' || n
     FROM generate_series(1, $1::int) AS n`,
    [MANY],
  );
}

beforeAll(async () => {
  app = await openTestApp();
  sourceId = (
    await app.db.prisma.source.create({
      data: { name: "Wire", url: "https://wire.example.org/feed.xml", kind: "rss" },
    })
  ).id;
  await seedEvidence();
  await seedRows();
  server = await startTestServer(app, { ADMIN_TOKEN });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});

const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function get(path: string, headers: Record<string, string> = bearer) {
  const res = await fetch(`${server.base}${path}`, { headers });
  const text = await res.text();
  return { res, text, bytes: Buffer.byteLength(text) };
}

/** The target of the `rel` link in a Link header, or null. */
function linkOf(res: Response, rel: string): string | null {
  const header = res.headers.get("link") ?? "";
  return new RegExp(`<([^>]+)>; rel="${rel}"`).exec(header)?.[1] ?? null;
}

describe("a milestone with many evidence rows", () => {
  it("answers the newest page of its evidence in the API, with the count and the next page", async () => {
    const { res, text, bytes } = await get(`/api/milestones/${MILESTONE}`, {});
    expect(res.status).toBe(200);
    expect(bytes).toBeLessThan(ONE_MB);
    const detail = JSON.parse(text);
    expect(detail.evidence).toHaveLength(50);
    expect(detail.evidence[0].item.url).toBe(`https://news.example.org/${EVIDENCE_ROWS}`);
    expect(detail.evidencePage).toEqual({
      offset: 0,
      limit: 50,
      total: EVIDENCE_ROWS,
      counted: EVIDENCE_ROWS,
    });
    expect(res.headers.get("x-total-count")).toBe(String(EVIDENCE_ROWS));
    expect(linkOf(res, "next")).toBe(`/api/milestones/${MILESTONE}?offset=50&limit=50`);
    expect(linkOf(res, "prev")).toBeNull();

    const last = await get(`/api/milestones/${MILESTONE}?limit=200&offset=${EVIDENCE_ROWS - 100}`, {});
    const tail = JSON.parse(last.text);
    expect(tail.evidence).toHaveLength(100);
    expect(tail.evidence.at(-1).item.url).toBe("https://news.example.org/1");
    expect(linkOf(last.res, "next")).toBeNull();
    expect(linkOf(last.res, "prev")).toBe(
      `/api/milestones/${MILESTONE}?limit=200&offset=${EVIDENCE_ROWS - 300}`,
    );
  });

  it("shows the newest evidence on its page and pages the rest behind an 'older evidence' link", async () => {
    const browser = new Browserish(server.base);
    const first = await (await browser.get(`/milestones/${MILESTONE}`)).text();
    expect(Buffer.byteLength(first)).toBeLessThan(ONE_MB);
    expect(first.match(/data-evidence="/g)).toHaveLength(50);
    expect(first).toContain(`${EVIDENCE_ROWS} counted`);
    expect(first).toContain(`id="evidence-`);
    const older = /<a href="([^"]+)" rel="next">Older evidence →<\/a>/.exec(first)?.[1];
    expect(older).toBe(`/milestones/${MILESTONE}?offset=50&amp;limit=50`);

    const second = await (await browser.get(older!.replaceAll("&amp;", "&"))).text();
    expect(second.match(/data-evidence="/g)).toHaveLength(50);
    expect(second).toContain("← Newer evidence");
    expect(second).toContain(`https://news.example.org/${EVIDENCE_ROWS - 50}"`);
    expect(second).not.toContain(`https://news.example.org/${EVIDENCE_ROWS}"`);
  });

  it("links a status change's evidence in place when it is on the page, and by its item when paged away", async () => {
    const milestone = await app.db.prisma.milestone.findUniqueOrThrow({ where: { slug: MILESTONE } });
    const [oldest, newest] = await Promise.all(
      (["asc", "desc"] as const).map((order) =>
        app.db.prisma.evidence.findFirstOrThrow({
          where: { milestoneId: milestone.id },
          orderBy: { id: order },
          include: { item: true },
        }),
      ),
    );
    await app.db.prisma.milestoneStatusChange.create({
      data: {
        milestoneId: milestone.id,
        fromStatus: "not_started",
        toStatus: "in_progress",
        reason: "work under way",
        cause: "evidence",
        evidenceIds: [oldest!.id, newest!.id],
        effectiveAt: new Date("2026-03-02T00:00:00Z"),
      },
    });
    const page = await (await new Browserish(server.base).get(`/milestones/${MILESTONE}`)).text();
    const because = /Because of:([\s\S]*?)<\/div>/.exec(page)?.[1] ?? "";
    expect(because).toContain(`href="#evidence-${newest!.id}"`);
    expect(because).not.toContain(`href="#evidence-${oldest!.id}"`);
    expect(because).toContain(`href="${oldest!.item.url}"`);
  });

  it("pages GET /api/evidence: every row once, following the Link header to the end", async () => {
    const seen = new Set<number>();
    let next: string | null = `/api/evidence?milestone=${MILESTONE}&limit=200`;
    let pages = 0;
    while (next) {
      const { res, text, bytes } = await get(next, {});
      expect(res.status).toBe(200);
      expect(bytes).toBeLessThan(ONE_MB);
      expect(res.headers.get("x-total-count")).toBe(String(EVIDENCE_ROWS));
      const rows = JSON.parse(text) as { id: number }[];
      expect(Array.isArray(rows)).toBe(true);
      for (const r of rows) seen.add(r.id);
      next = linkOf(res, "next");
      pages++;
    }
    expect(seen.size).toBe(EVIDENCE_ROWS);
    expect(pages).toBe(Math.ceil(EVIDENCE_ROWS / 200));
    const { text } = await get(`/api/evidence?milestone=${MILESTONE}`, {});
    expect(JSON.parse(text)).toHaveLength(50);
  });
});

describe("sources, subscribers and channels", () => {
  it.each([
    ["/api/sources", MANY + 1],
    ["/api/subscribers", MANY],
    ["/api/channels", MANY],
  ])("%s answers an array of 100 by default, the rest by limit and offset", async (path, total) => {
    const first = await get(path);
    expect(first.res.status).toBe(200);
    expect(JSON.parse(first.text)).toHaveLength(100);
    expect(first.res.headers.get("x-total-count")).toBe(String(total));
    expect(linkOf(first.res, "next")).toBe(`${path}?offset=100&limit=100`);

    const last = await get(`${path}?limit=500&offset=500`);
    expect(last.bytes).toBeLessThan(ONE_MB);
    const rows = JSON.parse(last.text) as { id: number }[];
    expect(rows).toHaveLength(total - 500);
    expect(linkOf(last.res, "next")).toBeNull();
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("pages the /sources, /subscribers and /channels pages with links", async () => {
    const browser = new Browserish(server.base);
    await browser.signIn(ADMIN_TOKEN);
    for (const [path, noun] of [
      ["/sources", "sources"],
      ["/subscribers", "subscribers"],
      ["/channels", "channels"],
    ] as const) {
      const page = await (await browser.get(path)).text();
      expect(Buffer.byteLength(page)).toBeLessThan(ONE_MB);
      expect(page).toContain(`aria-label="Pages of ${noun}"`);
      expect(page).toContain(`<a href="${path}?offset=100&amp;limit=100" rel="next">Next →</a>`);
      const later = await (await browser.get(`${path}?offset=600&limit=100`)).text();
      expect(later).toContain(`${path}?offset=500&amp;limit=100`);
      expect(later).toContain("← Previous");
    }
  });
});

describe("items with long summaries", () => {
  it("answers fewer than `limit` items when they would pass 1 MB, and links to where the next page starts", async () => {
    const long = await app.db.prisma.source.create({
      data: { name: "Long reads", url: "https://long.example.org/feed.xml", kind: "rss" },
    });
    await app.db.raw.query(
      `INSERT INTO "Item" ("sourceId", guid, "dedupKey", url, title, summary, "contentHash", "publishedAt", "updatedAt")
       SELECT $1::int, 'l' || n, 'long:' || n, 'https://long.example.org/' || n, 'Long read ' || n,
              repeat('A long summary of the national AI strategy. ', 230), 'lh' || n,
              timestamp '2026-04-01' + n * interval '1 minute', timestamp '2026-04-01'
       FROM generate_series(1, 200) AS n`,
      [long.id],
    );
    const { res, text, bytes } = await get(`/api/items?source=${long.id}&limit=200`, {});
    expect(res.status).toBe(200);
    expect(bytes).toBeLessThan(ONE_MB);
    const body = JSON.parse(text) as { total: number; items: unknown[] };
    expect(body.total).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThan(200);
    expect(res.headers.get("x-total-count")).toBe("200");
    expect(linkOf(res, "next")).toBe(`/api/items?source=${long.id}&limit=200&offset=${body.items.length}`);
  });
});

describe("bad paging parameters", () => {
  it.each([
    ["/api/sources?limit=0", "limit: must be at least 1"],
    ["/api/sources?limit=501", "limit: must be a number of sources of at most 500"],
    ["/api/evidence?limit=ten", 'limit: must be a number of evidence entries (a whole number), not "ten"'],
    ["/api/evidence?offset=-5", "offset: must be a number of evidence entries to skip (a whole number)"],
    ["/api/items?offset=99999999", "offset: must be a number of items to skip of at most 1000000"],
    [`/api/milestones/${MILESTONE}?limit=201`, "limit: must be a number of evidence entries of at most 200"],
    ["/api/subscribers?limit=1.5", "limit: must be a number of subscribers (a whole number)"],
    ["/api/channels?offset=x", "offset: must be a number of channels to skip (a whole number)"],
  ])("%s is a 400 bad-request in words", async (path, message) => {
    const { res, text } = await get(path);
    expect(res.status).toBe(400);
    const body = JSON.parse(text);
    expect(body.error.kind).toBe("bad-request");
    expect(body.error.message).toContain(message);
  });

  it("a list page with a bad limit says so on an error page", async () => {
    const { res, text } = await get("/sources?limit=lots", {});
    expect(res.status).toBe(400);
    expect(text).toContain("limit: must be a number of sources (a whole number), not &quot;lots&quot;");
  });
});

describe("no listing answer passes 1 MB because of many rows", () => {
  it("holds at the largest limit of every list", async () => {
    for (const path of [
      "/api/sources?limit=500",
      "/api/subscribers?limit=500",
      "/api/channels?limit=500",
      "/api/evidence?limit=200",
      `/api/milestones/${MILESTONE}?limit=200`,
      "/api/items?limit=200",
      "/items?limit=200",
      `/milestones/${MILESTONE}?limit=200`,
      "/sources?limit=500",
      "/api/overview",
      "/",
    ]) {
      const { res, bytes } = await get(path);
      expect(res.status, path).toBe(200);
      expect(bytes, path).toBeLessThan(ONE_MB);
    }
  });
});
