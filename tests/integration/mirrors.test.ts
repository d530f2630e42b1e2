// Mirrors as a user behind a refusing network relies on them: the primary answers 403 with a bot
// wall, the poll reads the mirror, stores its items once, and the source's health names the
// mirror; the next poll asks the primary first again and, now that it answers, stores only what
// nothing twice. Real sites on loopback, the real CLI in this process.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { shiftFeedDates } from "../helpers/loopback-fetcher.js";
import { repoRoot } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";
import { runPolicywatchInProcess } from "../helpers/run-cli-in-process.js";

const fixture = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures", name), "utf8");
const recent = (xml: string) => shiftFeedDates(xml, new Date(Date.now() - 3600_000));
const ATOM = "application/atom+xml; charset=utf-8";
const PRIMARY = "/kremlin/en/news/feed";
const MIRROR = "/special/en/news/feed";

let site: FeedServer;
let db: TestDatabase;

const cli = (...args: string[]) => runPolicywatchInProcess(args, db.env);

beforeAll(async () => {
  site = await startFeedServer({
    [PRIMARY]: {
      status: 403,
      body: fixture("generic/cloudflare-challenge.html"),
      contentType: "text/html; charset=UTF-8",
      headers: { server: "cloudflare", "cf-mitigated": "challenge" },
    },
    [MIRROR]: { body: recent(fixture("pipeline/kremlin-en-special-mirror.atom.xml")), contentType: ATOM },
  });
  db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", FETCH_TIMEOUT_SECONDS: "5" });
});
afterAll(async () => {
  await site?.close();
  await db?.drop();
});

describe("a source with a mirror", () => {
  it("is read from the mirror while the primary is blocked, and from the primary again once it answers", {
    timeout: 240_000,
  }, async () => {
    const primary = site.url(PRIMARY);
    const mirror = site.url(MIRROR);
    let r = await cli("sources", "add", primary, "--kind", "kremlin", "--mirror", mirror, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).mirrors).toEqual([mirror]);

    r = await cli("poll", "--json");
    expect(r.code, r.stderr).toBe(0);
    r = await cli("sources", "list", "--json");
    let [source] = JSON.parse(r.stdout);
    expect(source.itemCount).toBe(4);
    expect(source.health.state).toBe("healthy");
    expect(source.health.answeredBy).toBe(mirror);
    r = await cli("sources", "list");
    expect(r.stdout).toContain(`mirrors: ${mirror}`);
    expect(r.stdout).toContain(`last answered by the mirror ${mirror}`);
    // The primary was asked first, and the mirror once.
    expect(site.arrivals.filter((p) => p === PRIMARY || p === MIRROR).slice(-2)).toEqual([PRIMARY, MIRROR]);

    site.set(PRIMARY, { body: recent(fixture("pipeline/kremlin-en-news.atom.xml")), contentType: ATOM });
    const mirrorAsked = site.requestsTo(MIRROR).length;
    r = await cli("poll", "--json");
    expect(r.code, r.stderr).toBe(0);
    r = await cli("sources", "list", "--json");
    [source] = JSON.parse(r.stdout);
    // The primary serves the same four entries under the Kremlin's own addresses: none stored twice.
    expect(source.itemCount).toBe(4);
    expect(source.health.answeredBy).toBe(primary);
    expect(site.requestsTo(MIRROR).length).toBe(mirrorAsked);
  });

  it("says what the primary and every mirror answered when none can be read", {
    timeout: 120_000,
  }, async () => {
    site.set("/down/feed", { status: 503, body: "down", contentType: "text/plain" });
    site.set("/down-mirror/feed", { status: 404, body: "gone", contentType: "text/plain" });
    let r = await cli(
      "sources",
      "add",
      site.url("/down/feed"),
      "--kind",
      "rss",
      "--mirror",
      site.url("/down-mirror/feed"),
      "--force",
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const id = JSON.parse(r.stdout).id;
    r = await cli("poll", "--source", String(id), "--json");
    r = await cli("sources", "list", "--json");
    const source = JSON.parse(r.stdout).find((s: { id: number }) => s.id === id);
    expect(source.health.lastError.kind).toBe("http");
    expect(source.health.lastError.message).toContain("503 Service Unavailable");
    expect(source.health.lastError.message).toContain("Its mirrors failed too");
    expect(source.health.lastError.message).toContain("404 Not Found");
  });
});
