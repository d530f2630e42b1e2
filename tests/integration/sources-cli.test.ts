// The sources commands as a user runs them: the real `policywatch` executable against a real
// database and a real HTTP server on loopback serving Kremlin-shaped Atom feeds.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { shiftFeedDates } from "../helpers/loopback-fetcher.js";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

const fixture = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures/pipeline", name), "utf8");
const ATOM = "application/atom+xml; charset=utf-8";
// The feed as the site serves it today: its newest entry from an hour ago (health judges recency).
const recent = (xml: string) => shiftFeedDates(xml, new Date(Date.now() - 3600_000));
const KREMLIN = fixture("kremlin-en-news.atom.xml");
const NEW_ENTRY = fixture("kremlin-en-news-entry-79015.xml");

let server: FeedServer;
let db: TestDatabase;
const cli = (...args: string[]) => runPolicywatch(args, db.env);

/** The same CLI in this process (no process start): for the many small error cases. */
async function cliInProcess(...args: string[]) {
  const capture = () => {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (d) => {
      text += d;
    });
    return { stream, text: () => text };
  };
  const out = capture();
  const err = capture();
  const code = await runCli(args, {
    stdout: out.stream,
    stderr: err.stream,
    stdin: new PassThrough(),
    env: db.env,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}
const json = (out: string) => JSON.parse(out);

beforeAll(async () => {
  server = await startFeedServer({
    "/kremlin/en/news/feed": { body: recent(KREMLIN), contentType: ATOM },
    "/special/en/news/feed": {
      body: recent(fixture("kremlin-en-special-mirror.atom.xml")),
      contentType: ATOM,
    },
  });
  db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", FETCH_TIMEOUT_SECONDS: "5" });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe("policywatch sources and poll", () => {
  // Six process starts, each opening the embedded database: give them room on a busy machine.
  it("previews, adds, polls each entry once, answers 304 the second time, and picks up a new entry", {
    timeout: 240_000,
  }, async () => {
    const feed = server.url("/kremlin/en/news/feed");

    let r = await cli("sources", "test", feed, "--kind", "kremlin", "--json");
    expect(r.code, r.stderr).toBe(0);
    const preview = json(r.stdout);
    expect(preview.ok).toBe(true);
    expect(preview.kind).toBe("kremlin");
    expect(preview.items).toHaveLength(4);
    expect(preview.items[0]).toEqual({
      title:
        "Plan for implementing the National Strategy for the Development of Artificial Intelligence approved",
      url: "http://en.kremlin.ru/events/president/news/79012",
      published: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    r = await cliInProcess("sources", "list", "--json");
    expect(json(r.stdout)).toEqual([]);

    r = await cli("sources", "add", feed, "--kind", "kremlin", "--name", "Kremlin EN news", "--json");
    expect(r.code, r.stderr).toBe(0);
    const saved = json(r.stdout);
    expect(saved).toMatchObject({
      id: expect.any(Number),
      name: "Kremlin EN news",
      url: feed,
      kind: "kremlin",
      voice: "official",
      schedule: "*/15 * * * *",
      itemCount: 0,
    });
    expect(saved.health.state).toBe("pending");

    r = await cli("poll", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toEqual({
      sources: 1,
      fetched: 1,
      notModified: 0,
      failed: 0,
      newItems: 4,
      updatedItems: 0,
    });

    r = await cli("poll", "--json");
    expect(json(r.stdout)).toEqual({
      sources: 1,
      fetched: 0,
      notModified: 1,
      failed: 0,
      newItems: 0,
      updatedItems: 0,
    });
    const second = server.requestsTo("/kremlin/en/news/feed").at(-1)!;
    expect(second.headers["if-none-match"]).toMatch(/^"/);
    expect(second.headers["if-modified-since"]).toBe("Fri, 10 Apr 2026 16:45:00 GMT");
    expect(second.status).toBe(304);

    server.set("/kremlin/en/news/feed", {
      body: recent(KREMLIN.replace("</author>\n", `</author>\n${NEW_ENTRY}`)),
      contentType: ATOM,
    });
    r = await cli("poll");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Polled 1 source: 1 fetched, 0 not modified, 0 failed; 1 new item, 0 updated\./);

    r = await cli("sources", "list", "--json");
    const list = json(r.stdout);
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]).sort()).toEqual([
      "health",
      "id",
      "itemCount",
      "kind",
      "mirrors",
      "name",
      "proxy",
      "schedule",
      "url",
      "voice",
    ]);
    expect(list[0]).toMatchObject({ id: saved.id, itemCount: 5 });
    // The oldest entry is a week older than the newest: four of the five are from the last 7 days.
    expect(list[0].health).toMatchObject({
      state: "healthy",
      consecutiveFailures: 0,
      lastError: null,
      itemsLast7Days: 4,
      itemsLast30Days: 5,
    });
    expect(Date.parse(list[0].health.lastSuccessAt)).toBeGreaterThan(Date.now() - 600_000);
  });

  it("does not store the same Kremlin items again when a mirror or /print page serves them", {
    timeout: 120_000,
  }, async () => {
    let r = await cli("sources", "add", server.url("/special/en/news/feed"), "--kind", "kremlin", "--json");
    expect(r.code, r.stderr).toBe(0);
    const mirror = json(r.stdout);
    r = await cli("poll", "--source", String(mirror.id), "--json");
    expect(json(r.stdout)).toEqual({
      sources: 1,
      fetched: 1,
      notModified: 0,
      failed: 0,
      newItems: 0,
      updatedItems: 0,
    });
    r = await cliInProcess("sources", "list");
    expect(r.stdout).toMatch(/Kremlin EN news {2}\[kremlin, healthy\]/);
    expect(r.stdout).toMatch(/ 5 items/);
    expect(r.stdout).toMatch(/ 0 items/);
  });

  it("exports the sources as OPML and imports them back as duplicates", async () => {
    const r = await cliInProcess("sources", "export");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<opml version="2.0"/);
    const file = path.join(db.dataDir, "sources.opml");
    writeFileSync(file, r.stdout);
    const again = await cliInProcess("sources", "import", file, "--json");
    expect(json(again.stdout)).toEqual({ added: 0, duplicates: 2, invalid: 0, problems: [] });
  });

  it("answers bad input in words with exit 2, and failures with exit 1, never a stack", async () => {
    const cases: [string[], number, RegExp][] = [
      [["sources", "remove", "abc"], 2, /"abc" is not a source ID/],
      [["sources", "pause", "999"], 2, /no source with id 999/],
      [["sources", "add", "not a url"], 2, /is not a URL/],
      [
        ["sources", "add", server.url("/x"), "--kind", "podcast"],
        2,
        /--kind must be auto or one of rss, atom/,
      ],
      [["sources", "add", server.url("/x"), "--selector", "title=h2"], 2, /need "item=…"/],
      [["sources", "add", server.url("/x"), "--voice", "state"], 2, /--voice must be official or press/],
      [["sources", "add", server.url("/missing"), "--kind", "rss"], 1, /was not added: .*404.*--force/],
      [["sources", "import", path.join(db.dataDir, "nope.opml")], 2, /cannot read .*no such file/],
      [["backfill", "1", "--since", "yesterday"], 2, /--since must be a date written YYYY-MM-DD/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cliInProcess(...args);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const failed = await cliInProcess("sources", "test", server.url("/missing"), "--json");
    expect(failed.code).toBe(1);
    expect(json(failed.stdout)).toMatchObject({
      ok: false,
      error: { kind: "http", status: 404, message: expect.any(String) },
    });
  });

  it("walks an archive with one plain line per page when the output is not a terminal", async () => {
    for (const p of [1, 2, 3]) {
      const body = fixture(`archive-page-${p}.atom.xml`).replaceAll("ORIGIN", server.origin);
      server.set(`/archive/feed${p === 1 ? "" : `?page=${p}`}`, { body, contentType: ATOM });
    }
    const added = await cliInProcess(
      "sources",
      "add",
      server.url("/archive/feed"),
      "--kind",
      "atom",
      "--voice",
      "official",
      "--json",
    );
    expect(json(added.stdout)).toMatchObject({ kind: "atom", voice: "official" });
    const id = String(json(added.stdout).id);
    const r = await cliInProcess("backfill", id, "--pages", "2");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^page 1 \(1\/2\): 2 new items, 2 in all — http/m);
    expect(r.stdout).toMatch(/^page 2 \(2\/2\): 2 new items, 4 in all — http/m);
    expect(r.stdout).toMatch(
      /Finished the backfill of source \d+: 2 pages, 4 new items, 0 updated \(the archive goes on/,
    );
  });

  it("pauses, resumes and removes a source, saying so in one sentence or as JSON", async () => {
    const added = await cliInProcess(
      "sources",
      "add",
      server.url("/quiet/feed"),
      "--kind",
      "rss",
      "--name",
      "Quiet",
      "--force",
      "--json",
    );
    const id = json(added.stdout).id as number;
    let r = await cliInProcess("sources", "pause", String(id));
    expect(r.stdout.trim()).toBe(
      `Paused source ${id} (Quiet). Resume it with policywatch sources resume ${id}.`,
    );
    r = await cliInProcess("sources", "resume", String(id), "--json");
    expect(json(r.stdout)).toMatchObject({ id, name: "Quiet", health: { paused: false } });
    r = await cliInProcess("sources", "pause", String(id), "--json");
    expect(json(r.stdout)).toMatchObject({ id, health: { paused: true } });
    r = await cliInProcess("sources", "resume", String(id));
    expect(r.stdout.trim()).toMatch(new RegExp(`^Resumed source ${id} \\(Quiet\\): polled on ".+"\\.$`));
    r = await cliInProcess("sources", "remove", String(id));
    expect(r.stdout.trim()).toMatch(new RegExp(`^Removed source ${id} \\(Quiet\\) and its \\d+ items\\.$`));
    expect(
      json((await cliInProcess("sources", "list", "--json")).stdout).map((s: { id: number }) => s.id),
    ).not.toContain(id);
  });
});
