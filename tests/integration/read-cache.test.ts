// The dashboard and the read API answer from answers kept since the data last changed: a change
// made anywhere (this server, another instance, a command, plain SQL) shows on the next request;
// a request with nothing changed gets the kept answer (same ETag, 304 when the client has it);
// and answers that depend on the date move with the clock without any write.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KREMLIN_WEEK, seedSource } from "../helpers/dashboard-data.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const clock = fixedClock("2026-12-05T10:00:00Z");
let app: TestApp;
let server: TestServer;
let base: string;

const PLAN = "national-ai-implementation-plan";

beforeAll(async () => {
  app = await openTestApp({ now: clock });
  await seedSource(app, "Kremlin — news", "http://en.kremlin.ru/feed", KREMLIN_WEEK);
  server = await startTestServer(app, { ADMIN_TOKEN });
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
const json = async (path: string) => (await get(path)).json();
const planOf = (report: { areas: { milestones: { slug: string; status: string }[] }[] }) =>
  report.areas.flatMap((a) => a.milestones).find((m) => m.slug === PLAN)!;

describe("a change shows on the next request", () => {
  it("an override through the API: the report, the overview, the milestone's page and JSON, the feed", async () => {
    expect(planOf(await json("/api/status")).status).not.toBe("achieved");
    expect(await (await get("/feed.atom")).text()).not.toContain("signed by decree 123");
    await get("/");
    await get(`/milestones/${PLAN}`);
    const res = await fetch(`${base}/api/milestones/${PLAN}/status`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ status: "achieved", note: "signed by decree 123" }),
    });
    expect(res.status).toBe(201);
    expect(planOf(await json("/api/status")).status).toBe("achieved");
    expect((await json("/api/overview")).changesThisWeek[0]).toMatchObject({
      milestone: { slug: PLAN },
      toStatus: "achieved",
    });
    expect(await (await get("/")).text()).toContain("signed by decree 123");
    expect((await json(`/api/milestones/${PLAN}`)).status).toBe("achieved");
    expect(await (await get(`/milestones/${PLAN}`)).text()).toContain("signed by decree 123");
    expect(await (await get("/feed.atom")).text()).toContain("signed by decree 123");
  });

  it("a write on another connection (another instance or a command) shows too", async () => {
    await get("/");
    await get("/items");
    await app.db.raw.query(`UPDATE "Area" SET title = 'Economy, renamed elsewhere' WHERE slug = 'economy'`);
    expect((await json("/api/status")).areas[0].title).toBe("Economy, renamed elsewhere");
    expect(await (await get("/")).text()).toContain("Economy, renamed elsewhere");
    expect(await (await get("/items")).text()).toContain("Economy, renamed elsewhere");

    const before = (await json("/api/items")).total;
    await seedSource(app, "Government — news", "http://government.ru/feed", [
      {
        title: "Government approves the AI roadmap",
        url: "http://government.ru/news/1",
        publishedAt: "2026-12-04T09:00:00Z",
      },
    ]);
    expect((await json("/api/items")).total).toBe(before + 1);
    expect(await (await get("/items")).text()).toContain("Government approves the AI roadmap");
  });
});

describe("an unchanged answer is the kept one", () => {
  it("is built once, keeps its ETag (304 when the client has it) until something it shows changes", async () => {
    const build = vi.spyOn(app.services.status, "report");
    try {
      const first = await get("/api/status");
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[\w-]+"$/);
      const body = await first.text();
      const again = await get("/api/status");
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe(body);
      expect(build).toHaveBeenCalledTimes(1);

      // What every poll writes and no page shows: fetch state, match bookkeeping.
      await app.db.raw.query(`UPDATE "Source" SET "lastCheckedAt" = now(), etag = 'W/"x"'`);
      await app.db.raw.query(`UPDATE "Item" SET "matchedAt" = now()`);
      const revalidated = await get("/api/status", { "If-None-Match": etag! });
      expect(revalidated.status).toBe(304);
      expect(build).toHaveBeenCalledTimes(1);

      const [evidence] = await app.repos.evidence.list({ milestone: PLAN, limit: 1 });
      await app.services.review.reject(evidence!.id, "not about the plan");
      const changed = await get("/api/status", { "If-None-Match": etag! });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      expect(build).toHaveBeenCalledTimes(2);
    } finally {
      build.mockRestore();
    }
  });

  it("a page is the same document for the same viewer, and 304 when the browser has it", async () => {
    const first = await get("/");
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("content-type")).toMatch(/^text\/html/);
    expect((await get("/", { "If-None-Match": etag })).status).toBe(304);
    expect((await get("/", { "If-None-Match": '"something-else"' })).status).toBe(200);
  });
});

describe("answers that depend on the date move with the clock", () => {
  it("the countdowns on the next day, and a change leaves 'this week' seven days after it", async () => {
    clock.set("2026-12-05T10:00:00Z");
    expect((await json("/api/overview")).countdowns[0].daysLeft).toBe(26);
    clock.set("2026-12-06T10:00:00Z");
    expect((await json("/api/overview")).countdowns[0].daysLeft).toBe(25);

    // The override above took effect on 2026-12-05 at 10:00; a week later, the same day, it is gone.
    clock.set("2026-12-12T09:59:00Z");
    expect(
      (await json("/api/overview")).changesThisWeek.map(
        (c: { milestone: { slug: string } }) => c.milestone.slug,
      ),
    ).toContain(PLAN);
    clock.set("2026-12-12T10:00:01Z");
    expect((await json("/api/overview")).changesThisWeek).toEqual([]);
  });
});
