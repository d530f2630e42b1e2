// Sources through the API and the Sources page, over a real server on loopback, with feeds served
// by another loopback server: add (401 / 201 / 400 / 409 / 422), poll, health, pause, remove, OPML.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { DIGITAL_POLICY, HOSTILE } from "../helpers/feeds.js";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let server: TestServer;
let feeds: FeedServer;

const RSS = "application/rss+xml; charset=utf-8";

beforeAll(async () => {
  // No politeness spacing between requests to the loopback feed server: tests must be quick.
  app = await openTestApp({ now: fixedClock("2026-11-26T10:00:00Z"), env: { FETCH_HOST_SPACING_MS: "0" } });
  server = await startTestServer(app, { ADMIN_TOKEN });
  feeds = await startFeedServer({
    "/digital.xml": { body: DIGITAL_POLICY, contentType: RSS },
    "/hostile.xml": { body: HOSTILE, contentType: RSS },
    "/page.html": {
      body: "<!doctype html><html><body><p>Just a page, no feed.</p></body></html>",
      contentType: "text/html",
    },
    "/gone.xml": { status: 404, body: "not here", contentType: "text/plain" },
  });
});
afterAll(async () => {
  await feeds?.close();
  await server?.close();
  await app?.dispose();
});
beforeEach(async () => {
  await app.db.prisma.source.deleteMany();
});

const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("credentials inside a source URL", () => {
  it("are kept out of /api/sources, /sources, the OPML export and the health's error", async () => {
    const url = feeds.url("/gone.xml").replace("http://", "http://reader:Fe3dS3cret@");
    const added = await api("POST", "/api/sources", { url, name: "Private feed", force: true });
    expect(added.status).toBe(201);
    await api("POST", `/api/sources/${added.body.id}/poll`);
    const anonymous = async (path: string) => (await fetch(`${server.base}${path}`)).text();
    for (const path of [
      "/api/sources",
      "/sources",
      "/api/sources/export.opml",
      "/sources/export.opml",
      `/api/sources/${added.body.id}`,
    ]) {
      const body = await anonymous(path);
      expect(body).toContain("gone.xml");
      expect(body).not.toContain("Fe3dS3cret");
    }
    // Polls still fetch with the credentials: the stored URL keeps them.
    expect((await app.db.prisma.source.findFirstOrThrow({ where: { id: added.body.id } })).url).toContain(
      "Fe3dS3cret",
    );
  });
});

describe("POST /api/sources", () => {
  it("answers 401 without the token and saves nothing", async () => {
    const res = await api(
      "POST",
      "/api/sources",
      { url: feeds.url("/digital.xml") },
      { "content-type": "application/json" },
    );
    expect(res.status).toBe(401);
    expect((await api("GET", "/api/sources")).body).toEqual([]);
  });

  it("adds a good feed (201); after a poll it shows its health and item count", async () => {
    const added = await api("POST", "/api/sources", {
      url: feeds.url("/digital.xml"),
      name: "Digital policy",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      id: expect.any(Number),
      name: "Digital policy",
      url: feeds.url("/digital.xml"),
      kind: "rss",
    });
    expect(added.body.preview.items).toHaveLength(3);
    expect(added.headers.get("location")).toBe(`/api/sources/${added.body.id}`);

    const before = (await api("GET", "/api/sources")).body;
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({
      id: added.body.id,
      itemCount: 0,
      health: { state: "pending", lastSuccessAt: null },
    });

    const poll = await api("POST", `/api/sources/${added.body.id}/poll`);
    expect(poll.status).toBe(200);
    expect(poll.body).toMatchObject({ sources: 1, fetched: 1, failed: 0, newItems: 3 });

    const [after] = (await api("GET", "/api/sources")).body;
    expect(after).toMatchObject({
      itemCount: 3,
      health: {
        state: "healthy",
        consecutiveFailures: 0,
        lastError: null,
        lastSuccessAt: "2026-11-26T10:00:00.000Z",
        itemsLast7Days: 3,
      },
    });
    const items = (await api("GET", `/api/items?source=${added.body.id}`)).body;
    expect(items.total).toBe(3);
  });

  it("answers 400 naming a malformed URL", async () => {
    const res = await api("POST", "/api/sources", { url: "htp:/not a url" });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      kind: "bad-request",
      message: 'url: "htp:/not a url" is not a valid http(s) URL (for example https://example.org/feed.xml)',
    });
    const kind = await api("POST", "/api/sources", { url: feeds.url("/digital.xml"), kind: "podcast" });
    expect(kind.body.error.message).toMatch(/^kind: must be one of auto, rss, .* not "podcast"$/);
    const schedule = await api("POST", "/api/sources", {
      url: feeds.url("/digital.xml"),
      schedule: "every minute",
    });
    expect(schedule.body.error.message).toMatch(/^schedule: "every minute" is not a valid cron schedule/);
  });

  it("answers 409 for a URL already watched", async () => {
    expect((await api("POST", "/api/sources", { url: feeds.url("/digital.xml") })).status).toBe(201);
    const again = await api("POST", "/api/sources", { url: `${feeds.url("/digital.xml")}#top` });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(/already watched as source \d+/),
    });
  });

  it("answers 422 with the typed error for a source that yields nothing, and saves it when forced", async () => {
    const asked = feeds.requestsTo("/gone.xml").length;
    const gone = await api("POST", "/api/sources", { url: feeds.url("/gone.xml") });
    expect(gone.status).toBe(422);
    expect(gone.body.error).toMatchObject({
      kind: "http",
      status: 404,
      message: expect.stringContaining("404"),
    });
    // Asked once: the error is the preview's own, not a second fetch's (a slow site would wait twice).
    expect(feeds.requestsTo("/gone.xml").length - asked).toBe(1);
    const page = await api("POST", "/api/sources", { url: feeds.url("/page.html"), kind: "rss" });
    expect(page.status).toBe(422);
    expect(page.body.error.kind).toBe("not-a-feed");
    expect((await api("GET", "/api/sources")).body).toEqual([]);
    const forced = await api("POST", "/api/sources", {
      url: feeds.url("/gone.xml"),
      kind: "rss",
      force: true,
    });
    expect(forced.status).toBe(201);
  });
});

describe("POST /api/sources/test", () => {
  it("previews without saving, or gives the typed error", async () => {
    const ok = await api("POST", "/api/sources/test", { url: feeds.url("/digital.xml") });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, kind: "rss" });
    expect(ok.body.items[0]).toEqual({
      title: "Government approves national AI implementation plan",
      url: "http://example.org/news/1",
      published: "2026-11-24T09:00:00.000Z",
    });
    const bad = await api("POST", "/api/sources/test", { url: feeds.url("/gone.xml") });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ ok: false, error: { kind: "http", status: 404 } });
    expect((await api("GET", "/api/sources")).body).toEqual([]);
  });
});

describe("managing a source", () => {
  it("pauses, resumes and removes it; a removed source is 404", async () => {
    const { body: s } = await api("POST", "/api/sources", { url: feeds.url("/digital.xml") });
    expect((await api("POST", `/api/sources/${s.id}/pause`)).body.health.paused).toBe(true);
    expect((await api("POST", `/api/sources/${s.id}/resume`)).body.health.paused).toBe(false);
    const removed = await api("DELETE", `/api/sources/${s.id}`);
    expect(removed).toMatchObject({ status: 200, body: { id: s.id, items: 0 } });
    const again = await api("DELETE", `/api/sources/${s.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(`no source with id ${s.id}`);
    expect((await api("DELETE", "/api/sources/abc")).body.error.message).toBe(
      'id: must be a source id (a whole number), not "abc"',
    );
  });

  it("exports OPML and imports it back", async () => {
    await api("POST", "/api/sources", { url: feeds.url("/digital.xml"), name: "Digital policy" });
    const exported = await fetch(`${server.base}/api/sources/export.opml`);
    expect(exported.headers.get("content-type")).toMatch(/opml/);
    const opml = await exported.text();
    expect(opml).toContain(feeds.url("/digital.xml"));
    await app.db.prisma.source.deleteMany();
    const imported = await fetch(`${server.base}/api/sources/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "text/x-opml" },
      body: opml,
    });
    expect(await imported.json()).toMatchObject({ added: 1, duplicates: 0 });
    expect((await api("GET", "/api/sources")).body[0].name).toBe("Digital policy");
  });
});

describe("item text from a feed is shown, never run", () => {
  it("escapes a <script> title and never links a javascript: address", async () => {
    const { body: s } = await api("POST", "/api/sources", { url: feeds.url("/hostile.xml") });
    await api("POST", `/api/sources/${s.id}/poll`);
    const stored = (await api("GET", `/api/items?source=${s.id}`)).body.items;
    expect(stored.map((i: { title: string }) => i.title).join(" ")).toContain("<script>");
    for (const path of ["/items", `/items?source=${s.id}`]) {
      const html = await (await fetch(`${server.base}${path}`)).text();
      expect(html).not.toMatch(/<script>window\.pwned/);
      expect(html).not.toMatch(/<img src=x/);
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain("&lt;script&gt;window.pwned = true&lt;/script&gt; AI decree");
    }
  });
});

describe("the Sources page", () => {
  it("previews a feed from the form, then adds it and shows it in the health table", async () => {
    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const fields = { _csrf: csrf, url: feeds.url("/digital.xml"), kind: "auto", name: "", schedule: "" };
    const preview = await client.postForm("/sources/preview", fields);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/Found 3 items/);
    expect(html).toContain("Government approves national AI implementation plan");
    expect((await api("GET", "/api/sources")).body).toEqual([]);

    const json = await client.request("/sources/preview", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ ...fields, url: feeds.url("/gone.xml") }).toString(),
    });
    expect(await json.json()).toMatchObject({ ok: false, error: { kind: "http", status: 404 } });

    const added = await client.postForm("/sources", { ...fields, name: "Digital policy" });
    expect(added.status).toBe(303);
    const page = await (await client.get(added.headers.get("location")!)).text();
    expect(page).toMatch(/Added “Digital policy”; found 3 items/);
    expect(page).toMatch(/<strong>Digital policy<\/strong>/);
    expect(page).toMatch(/Not polled yet/);
  });

  it("shows the typed error instead of adding a source that yields nothing, keeping what was typed", async () => {
    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const res = await client.postForm("/sources", {
      _csrf: csrf,
      url: feeds.url("/gone.xml"),
      kind: "auto",
      name: "Gone",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/Nothing to add \(http 404\)/);
    expect(html).toContain(`value="${feeds.url("/gone.xml")}"`);
    expect((await api("GET", "/api/sources")).body).toEqual([]);
  });

  it("imports an OPML file from the form and exports it", async () => {
    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="Digital policy" type="rss" xmlUrl="${feeds.url("/digital.xml")}"/>
      <outline text="Broken" type="rss" xmlUrl="not a url"/></body></opml>`;
    const form = new FormData();
    form.set("_csrf", csrf);
    form.set("file", new Blob([opml], { type: "text/x-opml" }), "feeds.opml");
    const res = await client.request("/sources/import", { method: "POST", body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Imported 1 source; 0 already watched; 1 not valid\./);
    expect(html).toMatch(/<strong>Digital policy<\/strong>/);
    const exported = await (await client.get("/sources/export.opml")).text();
    expect(exported).toContain(`xmlUrl="${feeds.url("/digital.xml")}"`);
  });

  it("refuses the add form without its CSRF token", async () => {
    const client = new Browserish(server.base);
    await client.signIn(ADMIN_TOKEN);
    const res = await client.postForm("/sources", { url: feeds.url("/digital.xml") });
    expect(res.status).toBe(403);
    expect((await api("GET", "/api/sources")).body).toEqual([]);
  });
});

describe("a source's proxy and mirrors through the API", () => {
  it("takes them, shows the proxy masked, and tests through the given proxy", async () => {
    const { startHttpProxy } = await import("../helpers/proxy-server.js");
    const proxy = await startHttpProxy({ credentials: "analyst:s3cret" });
    try {
      const url = feeds.url("/gone.xml");
      const mirror = feeds.url("/digital.xml");
      const res = await api("POST", "/api/sources", { url, proxy: proxy.url, mirrors: [mirror] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ proxy: `http://***@127.0.0.1:${proxy.port}`, mirrors: [mirror] });
      expect(JSON.stringify(res.body)).not.toContain("s3cret");
      expect(proxy.requests.some((r) => r.line === `GET ${url}`)).toBe(true);
      const listed = (await api("GET", "/api/sources")).body[0];
      expect(listed.proxy).toBe(`http://***@127.0.0.1:${proxy.port}`);

      const bare = proxy.url.replace("analyst:s3cret@", "");
      const test = await api("POST", "/api/sources/test", { url: mirror, proxy: bare });
      expect(test.status).toBe(422);
      expect(test.body).toMatchObject({ ok: false, error: { kind: "proxy", status: 407 } });
    } finally {
      await proxy.close();
    }
  });
});
