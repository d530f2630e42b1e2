// A new user's first start: the agenda's default sources are backfilled back to the agenda's
// `since`, by the real service, from saved archive pages served on loopback, with progress in the
// log. (The shipped agenda's sources are replaced by loopback ones: a test never reaches real sites.)
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIGITAL_POLICY } from "../helpers/feeds.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

const fixture = (name: string) =>
  readFileSync(path.join(repoRoot, "tests", "fixtures", "pipeline", name), "utf8");

let server: FeedServer;
let db: TestDatabase;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  server = await startFeedServer({
    "/digital-policy.xml": { body: DIGITAL_POLICY, contentType: "application/rss+xml" },
  });
  // Three archive pages, newest first: 20 and 18 March, 14 and 11 March, 6 and 2 March 2026.
  for (const p of [1, 2, 3]) {
    server.set(`/archive/feed${p === 1 ? "" : `?page=${p}`}`, {
      body: fixture(`archive-page-${p}.atom.xml`).replaceAll("ORIGIN", server.origin),
      contentType: "application/atom+xml",
    });
  }
  dir = mkdtempSync(path.join(tmpdir(), "policywatch-agenda-"));
  const agenda = JSON.parse(
    readFileSync(path.join(repoRoot, "prisma", "agenda", "russia-ai-2026.json"), "utf8"),
  );
  agenda.since = "2026-03-10";
  // Schedules far away: what fills the record here is the backfill, not a scheduled poll.
  agenda.sources = [
    { name: "Archive example", url: server.url("/archive/feed"), kind: "atom", schedule: "0 0 1 1 *" },
    { name: "Digital policy", url: server.url("/digital-policy.xml"), kind: "rss", schedule: "0 0 1 1 *" },
  ];
  writeFileSync(path.join(dir, "agenda.json"), JSON.stringify(agenda));
  // The agenda names its learned layer by file name, read from beside it.
  copyFileSync(
    path.join(repoRoot, "prisma", "agenda", agenda.matching.learned),
    path.join(dir, agenda.matching.learned),
  );
  db = await createTestDatabase({
    DEFAULT_SOURCES: "on",
    AGENDA_FILE: path.join(dir, "agenda.json"),
    FETCH_HOST_SPACING_MS: "0",
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await server.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the service and resolves once every line in `until` has appeared in its output. */
function serveUntil(until: RegExp[]): Promise<string> {
  child = spawn(process.execPath, [path.join(repoRoot, "bin", "policywatch.js"), "serve"], {
    env: { ...db.env, PORT: "0", HOST: "127.0.0.1" },
    cwd: repoRoot,
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d;
      if (until.every((re) => re.test(output))) resolve(output);
    };
    child!.stdout!.on("data", read);
    child!.stderr!.on("data", read);
    child!.on("exit", (code) => reject(new Error(`service exited ${code}: ${output}`)));
  });
}

describe("the first start on a new database", () => {
  it("backfills the default sources back to the agenda's since, saying so in the log", async () => {
    const log = await serveUntil([
      /backfill of Archive example \(source \d+\) back to 2026-03-10 finished: 3 pages, \d+ new items?\./,
      /backfill of Digital policy \(source \d+\) back to 2026-03-10 finished: 1 page, \d+ new items?\./,
    ]);
    expect(log).toContain("a new database: 2 default sources are backfilled back to 2026-03-10.");
    const walk = /backfill of Archive example \(source \d+\) back to 2026-03-10/.source;
    expect(log).toMatch(new RegExp(`${walk}: page 2 stored`));
    // The scheduler polls the new sources at once, so the walk finds page 1 stored already.
    // The walk stopped at the page that reached items older than `since`.
    expect(server.requestsTo("/archive/feed?page=3")).toHaveLength(1);
    expect(server.requestsTo("/archive/feed?page=4")).toHaveLength(0);

    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child!.kill("SIGTERM");
    await exited;
    const list = await runPolicywatch(["sources", "list", "--json"], db.env);
    const sources = JSON.parse(list.stdout) as { name: string; itemCount: number }[];
    const counts = Object.fromEntries(sources.map((s) => [s.name, s.itemCount]));
    // 20, 18, 14 and 11 March; 6 and 2 March are older than the agenda's start.
    expect(counts).toEqual({ "Archive example": 4, "Digital policy": 3 });
  }, 240_000);
});
