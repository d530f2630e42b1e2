import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";
import { startServeProcess } from "../helpers/serve-process.js";

const TOKEN = "hostile-test-admin-token-0123456789";
const DEPTH = 200_000;

let db: TestDatabase;
let feeds: FeedServer;
beforeAll(async () => {
  db = await createTestDatabase();
  const nested = `${"&lt;div&gt;".repeat(DEPTH)}The agency published its AI report.${"&lt;/div&gt;".repeat(DEPTH)}`;
  feeds = await startFeedServer({
    "/deep.xml": {
      contentType: "application/rss+xml",
      body:
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Report</title>` +
        `<link>${"https://deep.example.org/report"}</link><description>${nested}</description></item></channel></rss>`,
    },
  });
});
afterAll(async () => {
  await feeds?.close();
  await db?.drop();
});

const startService = () =>
  startServeProcess({ ...db.env, ADMIN_TOKEN: TOKEN, ALLOW_PRIVATE_SOURCES: "true" });

/** Asks /healthz until `work` settles; returns the slowest answer's milliseconds and how many were asked. */
async function healthWhile(
  port: number,
  work: Promise<unknown>,
): Promise<{ slowest: number; asked: number }> {
  let settled = false;
  void work.finally(() => {
    settled = true;
  });
  let slowest = 0;
  let asked = 0;
  while (!settled) {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(30_000) });
    expect(res.status).toBe(200);
    slowest = Math.max(slowest, Date.now() - started);
    asked++;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { slowest, asked };
}

const api = (port: number, p: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${port}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("the service with a 200,000-deep feed item", () => {
  // The test's own bound is a hang detector for a busy machine (start-up, three parses of 4 MB).
  it("keeps answering /healthz during preview and poll, and stops within 15 s of SIGTERM", {
    timeout: 600_000,
  }, async () => {
    const svc = startService();
    const port = await svc.ready;
    const url = feeds.url("/deep.xml");

    const preview = api(port, "/api/sources/test", { url, kind: "rss" }).then((r) => r.json());
    const duringPreview = await healthWhile(port, preview);
    expect(await preview).toMatchObject({ ok: true, items: [{ title: "Report" }] });
    // Under 1 s on a quiet machine; the bound leaves room for a busy one and still fails on a freeze.
    expect(duringPreview.slowest).toBeLessThan(5_000);

    const added = await (await api(port, "/api/sources", { url, kind: "rss", name: "Deep" })).json();
    const poll = api(port, `/api/sources/${added.id}/poll`).then((r) => r.json());
    const duringPoll = await healthWhile(port, poll);
    expect(duringPoll.slowest).toBeLessThan(5_000);

    // Stop while a poll of the deep feed is running.
    void api(port, `/api/sources/${added.id}/poll`).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    const stopAsked = Date.now();
    svc.child.kill("SIGTERM");
    await svc.exited;
    expect(Date.now() - stopAsked).toBeLessThan(15_000);
    expect(svc.output()).toContain("Stopped.");
  });
});
