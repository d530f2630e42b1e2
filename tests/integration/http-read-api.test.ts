// Reading through the API and the pages over a real server: the status report, one milestone,
// item search in English and Russian with filters, and item text that tries to run script.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/http/server.js";
import { KREMLIN_WEEK, seedSource } from "../helpers/dashboard-data.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let server: TestServer;
let base: string;
let kremlinId: number;

const HOSTILE_TITLE = `<script>alert("pwned")</script> Decree on <b>AI</b>`;

beforeAll(async () => {
  app = await openTestApp({ now: fixedClock("2026-12-05T10:00:00Z") });
  kremlinId = (await seedSource(app, "Kremlin — news", "http://en.kremlin.ru/feed", KREMLIN_WEEK)).sourceId;
  await seedSource(app, "Hostile feed", "http://hostile.example/feed", [
    {
      title: HOSTILE_TITLE,
      url: "javascript:alert(document.cookie)",
      summary: `<img src=x onerror="alert(1)"> summary`,
      publishedAt: "2026-11-25T08:00:00Z",
      evidence: [
        {
          milestone: "risk-assessment-proposals",
          progress: false,
          score: 0.5,
          quote: `<script>alert("quote")</script> risks of AI`,
          terms: ["<b>risk</b>"],
        },
      ],
    },
  ]);
  server = await startTestServer(app, { ADMIN_TOKEN });
  base = server.base;
});
afterAll(async () => {
  await server.close();
  await app.dispose();
});

const json = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.json() };
};

describe("GET /api/status", () => {
  it("is the same report as `status --json`", async () => {
    const { status, body } = await json("/api/status");
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(await app.services.status.report())));
    expect(body.areas.map((a: { slug: string }) => a.slug)).toEqual([
      "economy",
      "education",
      "risk",
      "defense",
      "international",
    ]);
  });

  it("names a malformed date and an unknown area", async () => {
    expect(await json("/api/status?at=31-12-2026")).toEqual({
      status: 400,
      body: {
        error: { kind: "bad-request", message: 'at: must be a date written YYYY-MM-DD, not "31-12-2026"' },
      },
    });
    const unknown = await json("/api/status?area=space");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no area "space"/);
  });
});

describe("GET /api/overview", () => {
  it("gives the countdowns, the latest evidence per milestone and the counts by status", async () => {
    const { status, body } = await json("/api/overview");
    expect(status).toBe(200);
    expect(body.countdowns).toEqual([
      { label: "End of 2026", date: "2026-12-31", daysLeft: 26 },
      { label: "2030", date: "2030-12-31", daysLeft: 1487 },
    ]);
    expect(body.latestEvidence["sovereign-foundation-models"]).toMatchObject({
      quote: expect.stringMatching(/^Sber released GigaChat 3/),
      source: { name: "Kremlin — news" },
    });
    expect(body.statusCounts.at_risk).toBe(3);
  });
});

describe("GET /api/milestones/:slug", () => {
  it("gives the milestone with its status, history and evidence quoted", async () => {
    const { status, body } = await json("/api/milestones/education-workforce-solutions");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      slug: "education-workforce-solutions",
      due: "2026-12-31",
      area: { slug: "education" },
      status: "at_risk",
      daysLeft: 26,
      reason: expect.stringMatching(/due in 26 days/),
    });
    expect(body.evidence).toHaveLength(1);
    expect(body.evidence[0]).toMatchObject({
      progress: true,
      review: "pending",
      item: { url: "http://kremlin.ru/acts/news/78010", source: { name: "Kremlin — news" } },
    });
    expect(body.evidence[0].quote).toMatch(/подготовки кадров/);
  });

  it("answers 404 naming the known milestones", async () => {
    const { status, body } = await json("/api/milestones/moon-base");
    expect(status).toBe(404);
    expect(body.error.message).toMatch(/no milestone "moon-base".*education-workforce-solutions/);
  });
});

describe("GET /api/items", () => {
  it("finds English words by stem and Russian words by stem", async () => {
    const en = await json(`/api/items?q=${encodeURIComponent("principle agreed")}`);
    expect(en.body.items.map((i: { title: string }) => i.title)).toEqual([
      "Russia and BRICS partners agree on AI cooperation principles",
    ]);
    const ru = await json(`/api/items?q=${encodeURIComponent("указы")}`);
    expect(ru.body.items).toHaveLength(1);
    expect(ru.body.items[0].title).toMatch(/^Путин подписал указ/);
    // A fragment of a name still finds it (substring fallback).
    const fragment = await json(`/api/items?q=${encodeURIComponent("GigaCh")}`);
    expect(fragment.body.items.map((i: { title: string }) => i.title)).toEqual([
      "Sber presents GigaChat 3 to ministries at AI Journey",
    ]);
  });

  it("shows each item's matched milestones with terms and quote", async () => {
    const { body } = await json(`/api/items?q=GigaChat+3`);
    expect(
      body.items[0].matches.map((m: { milestone: { slug: string } }) => m.milestone.slug).sort(),
    ).toEqual(["ai-journey-ministry-presentations", "sovereign-foundation-models"]);
    expect(body.items[0].matches[0]).toMatchObject({ progress: true, terms: ["AI Journey", "ministries"] });
  });

  it("filters by area, source, progress and date, newest first", async () => {
    const education = await json("/api/items?area=education");
    expect(education.body.items.map((i: { url: string }) => i.url)).toEqual([
      "http://kremlin.ru/acts/news/78010",
    ]);
    const bySource = await json(`/api/items?source=${kremlinId}`);
    expect(bySource.body.total).toBe(4);
    expect(bySource.body.items.map((i: { publishedAt: string }) => i.publishedAt.slice(0, 10))).toEqual([
      "2026-11-24",
      "2026-11-21",
      "2026-11-20",
      "2026-11-18",
    ]);
    const progress = await json("/api/items?progress=true");
    expect(progress.body.items.map((i: { publishedAt: string }) => i.publishedAt.slice(0, 10))).toEqual([
      "2026-11-21",
      "2026-11-20",
    ]);
    const discussion = await json("/api/items?progress=false");
    expect(discussion.body.total).toBe(3);
    const since = await json("/api/items?since=2026-11-22");
    expect(since.body.items.map((i: { publishedAt: string }) => i.publishedAt.slice(0, 10))).toEqual([
      "2026-11-25",
      "2026-11-24",
    ]);
  });

  it("names a bad filter", async () => {
    expect((await json("/api/items?progress=maybe")).body.error.message).toBe(
      'progress: must be true or false, not "maybe"',
    );
    expect((await json("/api/items?since=yesterday")).status).toBe(400);
  });

  it("refuses dates out of range or off the calendar with 400 bad-request, not a server error", async () => {
    expect(await json("/api/items?until=9999-12-31")).toEqual({
      status: 400,
      body: {
        error: {
          kind: "bad-request",
          message: 'until: must be between 1990-01-01 and 2100-12-31, not "9999-12-31"',
        },
      },
    });
    const impossible = await json("/api/items?since=2026-02-31");
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.message).toBe(
      'since: is not a day of the calendar (2026-02-31), not "2026-02-31"',
    );
    expect((await json("/api/status?at=1989-12-31")).status).toBe(400);
    expect((await json("/api/items?since=2024-02-29")).status).toBe(200);
  });
});

describe("item text is shown, never run", () => {
  for (const path of ["/items", "/", "/milestones/risk-assessment-proposals"]) {
    it(`escapes titles, quotes and terms and never links javascript: on ${path}`, async () => {
      const res = await fetch(`${base}${path}`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).not.toContain("<script>alert");
      expect(html).not.toContain("<b>AI</b>");
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).not.toMatch(/<img src=x/);
      expect(html).toMatch(/&lt;script&gt;alert\(/);
      if (path !== "/") expect(html).toContain("javascript:alert(document.cookie)");
    });
  }

  it("returns the raw text in JSON, where it is data", async () => {
    const { body } = await json("/api/items?q=Decree");
    expect(body.items[0].title).toBe(HOSTILE_TITLE);
  });
});

describe("pages", () => {
  it("the overview names the five areas, the two horizons and what needs attention", async () => {
    const html = await (await fetch(`${base}/`)).text();
    for (const title of [
      "Economic deployment",
      "Education and workforce",
      "Risk and threat assessment",
      "Defence and national security",
      "International expansion",
    ]) {
      expect(html).toContain(title);
    }
    expect(html).toMatch(/Days to <time datetime="2026-12-31">31 Dec 2026<\/time><\/p><p class="big">26</);
    expect(html).toMatch(/Days to <time datetime="2030-12-31">31 Dec 2030<\/time><\/p><p class="big">1487</);
    expect(html).toMatch(/Needs attention/);
    // Status is a word (and a symbol) as well as a colour.
    expect(html).toMatch(
      /class="badge badge-at_risk"><span class="badge-symbol" aria-hidden="true">▲<\/span> At risk/,
    );
    // Latest evidence quoted with its source and date.
    expect(html).toMatch(/Sber released GigaChat 3[^<]*<\/blockquote>/);
    expect(html).toMatch(/Kremlin — news,\s*<time datetime="2026-11-21T10:00:00.000Z">21 Nov 2026<\/time>/);
  });

  it("the items page searches in Russian from its form", async () => {
    const html = await (
      await fetch(
        `${base}/items?q=${encodeURIComponent("искусственного интеллекта")}&area=&source=&progress=`,
      )
    ).text();
    expect(html).toMatch(/1–1 of 1 item/);
    expect(html).toMatch(/Путин подписал указ/);
  });
});

describe("GET /api/openapi.json", () => {
  it("documents every route with schemas generated from the validators", async () => {
    const { status, body } = await json("/api/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/api/status", "/api/milestones/{slug}", "/api/items"]),
    );
    const q = body.paths["/api/items"].get.parameters.find((p: { name: string }) => p.name === "progress");
    expect(q.schema.enum).toEqual(["true", "false"]);
    expect(body.components.schemas.StatusReport.properties.areas.type).toBe("array");
    // Every $ref points at a schema that exists.
    const refs = JSON.stringify(body).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(body.components.schemas[ref.split("/").pop()!]).toBeDefined();
  });

  it("documents exactly the API routes the server answers (a route is added with its entry)", async () => {
    const { body } = await json("/api/openapi.json");
    const documented = Object.entries(body.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((method) => `${method} ${p}`),
    );
    // The document and the docs page describe themselves; `/api/*` entries are middleware.
    const answered = createHttpApp(app)
      .routes.filter(
        (r) => r.path.startsWith("/api/") && !r.path.endsWith("*") && r.path !== "/api/openapi.json",
      )
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(new Set(documented)).toEqual(new Set(answered));
  });
});
