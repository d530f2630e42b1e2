// A public Telegram channel watched as a user would: its saved web preview pages served on loopback,
// read with `sources test --kind telegram`, added, and backfilled through the `?before=` pages.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";
import { runPolicywatchInProcess } from "../helpers/run-cli-in-process.js";

const page = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures/telegram", name), "utf8");
const HTML = "text/html; charset=utf-8";
const PREVIEW = "/s/government_rus";

let server: FeedServer;
let db: TestDatabase;
const cli = (...args: string[]) => runPolicywatch(args, db.env);

/** The same CLI in this process (no process start): the machine may be slow to start many. */
const cliInProcess = (...args: string[]) => runPolicywatchInProcess(args, db.env);

beforeAll(async () => {
  server = await startFeedServer({
    [PREVIEW]: { body: page("channel-page.html"), contentType: HTML },
    [`${PREVIEW}?before=14301`]: { body: page("channel-page-before-14301.html"), contentType: HTML },
    [`${PREVIEW}?before=14298`]: { body: page("channel-page-before-14298.html"), contentType: HTML },
  });
  db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", FETCH_TIMEOUT_SECONDS: "5" });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe("a Telegram channel", () => {
  it("sources test --kind telegram lists the messages with t.me links and dates", {
    timeout: 120_000,
  }, async () => {
    const r = await cli("sources", "test", server.url(PREVIEW), "--kind", "telegram", "--json");
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.ok).toBe(true);
    expect(view.kind).toBe("telegram");
    expect(view.items.map((i: { url: string }) => i.url)).toEqual([
      "https://t.me/government_rus/14305",
      "https://t.me/government_rus/14303",
      "https://t.me/government_rus/14301",
    ]);
    expect(view.items[2].published).toBe("2026-04-10T09:15:04.000Z");
    expect(view.items[2].title).toMatch(/^Михаил Мишустин утвердил план/);
  });

  it("is added and backfilled through the older pages, each message stored once", {
    timeout: 240_000,
  }, async () => {
    let r = await cliInProcess("sources", "add", server.url(PREVIEW), "--kind", "telegram", "--json");
    expect(r.code, r.stderr).toBe(0);
    const id = JSON.parse(r.stdout).id as number;
    r = await cliInProcess("backfill", String(id), "--pages", "5", "--json");
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    // 3 messages on the newest page, 2 on the next, 1 on the oldest; media-only and service skipped.
    expect(result).toMatchObject({ pagesDone: 3, newItems: 6, done: true, morePages: false });
    expect(server.requestsTo(`${PREVIEW}?before=14301`)).toHaveLength(1);
    expect(server.requestsTo(`${PREVIEW}?before=14298`)).toHaveLength(1);
    r = await cliInProcess("backfill", String(id), "--pages", "5", "--json");
    expect(JSON.parse(r.stdout)).toMatchObject({ newItems: 0 });
  });
});
