// Several `policywatch serve` processes on one PostgreSQL database share the work: each slot of a
// source's schedule polls it once between them (their schedulers claim due sources in the
// database), and when the instance polling a source is killed, another finishes the work once its
// claim is older than SCHEDULER_CLAIM_LEASE_SECONDS. Real processes, a real database and a
// loopback feed server counting what it is asked.
// Digests and alerts sent once across instances, and a sender killed mid-send, are covered in
// mail-delivery.test.ts ("exactly once").
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../helpers/test-app.js";
import { until as waitUntil } from "../helpers/until.js";

const RSS = readFileSync(path.join(repoRoot, "tests/fixtures/pipeline/digital-policy.rss.xml"), "utf8");

/** Two services start and poll side by side: slower than one, so it waits longer and asks less often. */
const until = <T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, limitMs = 45_000) =>
  waitUntil(what, probe, ok, limitMs, 100);

interface Instance {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
}

const running = new Set<Instance>();
let server: FeedServer | undefined;
let db: TestDatabase | undefined;

function startInstance(env: NodeJS.ProcessEnv): Instance {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "policywatch.js"), "serve"], {
    env: { ...env, PORT: "0", HOST: "127.0.0.1" },
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("policywatch is running")) resolve();
    });
    child.stderr!.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) =>
      reject(new Error(`an instance exited (${code}) before it was ready:\n${out}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const instance = { child, ready, exited };
  running.add(instance);
  return instance;
}

afterEach(async () => {
  for (const i of running) {
    i.child.kill("SIGKILL");
    await i.exited;
  }
  running.clear();
  await server?.close();
  await db?.drop();
  server = undefined;
  db = undefined;
});

// The embedded database (PGlite) is one process by design: a second instance is refused (see
// service.test.ts). Several instances need PostgreSQL, so these tests run on the PostgreSQL pass.
describe.skipIf(!onPostgres)(
  "several instances on one PostgreSQL database (PostgreSQL only: PGlite is single-process)",
  () => {
    it("poll a source on a 5-second schedule once per slot between them, not twice", async () => {
      server = await startFeedServer({ "/feed.xml": { body: RSS, contentType: "application/rss+xml" } });
      db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0" });
      const added = await runPolicywatch(
        ["sources", "add", server.url("/feed.xml"), "--schedule", "*/5 * * * * *", "--json"],
        db.env,
      );
      expect(added.code, added.stderr).toBe(0);
      const id = JSON.parse(added.stdout).id as number;
      const preview = server.requestsTo("/feed.xml").length;

      const a = startInstance(db.env);
      const b = startInstance(db.env);
      await Promise.all([a.ready, b.ready]);
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
      await client.connect();
      try {
        const finished = async () =>
          (
            await client.query(
              `SELECT count(*)::int AS n FROM "Poll" WHERE "sourceId" = $1 AND outcome <> 'running'`,
              [id],
            )
          ).rows[0].n as number;
        await until("four polls", finished, (n) => n >= 4);
        for (const i of [a, b]) i.child.kill("SIGINT");
        await Promise.all([a.exited, b.exited]);
        const polls = (
          await client.query(
            `SELECT outcome, error, (extract(epoch from "startedAt") * 1000)::float8 AS at FROM "Poll" WHERE "sourceId" = $1 ORDER BY id`,
            [id],
          )
        ).rows as { outcome: string; error: { kind?: string } | null; at: number }[];
        const requests = server.requestsTo("/feed.xml").slice(preview);
        // One poll per 5-second slot between the two instances, and one request per poll (the stop
        // may cancel the last poll's fetch before it reached the site).
        const slots = polls.map((p) => Math.floor(p.at / 5000));
        expect(new Set(slots).size).toBe(polls.length);
        const cancelled = polls.filter((p) => p.error?.kind === "cancelled").length;
        expect(requests.length).toBeGreaterThanOrEqual(polls.length - cancelled);
        expect(requests.length).toBeLessThanOrEqual(polls.length);
        expect(
          polls.every(
            (p) => p.outcome === "ok" || p.outcome === "not-modified" || p.error?.kind === "cancelled",
          ),
        ).toBe(true);
        // The first poll stored the feed's items; later ones were conditional and answered 304.
        expect(requests[0]!.status).toBe(200);
        expect(requests.slice(1).every((r) => r.status === 304)).toBe(true);
        const items = (
          await client.query(`SELECT count(*)::int AS n FROM "Item" WHERE "sourceId" = $1`, [id])
        ).rows[0].n;
        expect(items).toBe(3);
      } finally {
        await client.end();
      }
    });

    it("finish the poll of an instance killed in the middle of it, once its hold goes stale", async () => {
      let release!: () => void;
      const stalled = new Promise<void>((resolve) => {
        release = resolve;
      });
      let stall = false;
      server = await startFeedServer({
        "/feed.xml": {
          body: RSS,
          contentType: "application/rss+xml",
          conditional: false,
          hold: () => (stall ? stalled : Promise.resolve()),
        },
      });
      db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", SCHEDULER_CLAIM_LEASE_SECONDS: "3" });
      const added = await runPolicywatch(
        ["sources", "add", server.url("/feed.xml"), "--schedule", "*/5 * * * * *", "--json"],
        db.env,
      );
      expect(added.code, added.stderr).toBe(0);
      const id = JSON.parse(added.stdout).id as number;
      stall = true;
      const seen = server.arrivals.length;

      // A alone: its first tick's poll is held by the site.
      const a = startInstance(db.env);
      await a.ready;
      await until(
        "A's poll reaching the site",
        () => server!.arrivals.slice(seen).filter((p) => p === "/feed.xml").length,
        (n) => n === 1,
      );
      const b = startInstance(db.env);
      await b.ready;
      a.child.kill("SIGKILL");
      await a.exited;
      stall = false;
      release();

      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
      await client.connect();
      try {
        // B's scheduler finds the source claimed until A's claim is 3 seconds old, then polls it.
        const items = await until(
          "B storing the items",
          async () =>
            (await client.query(`SELECT count(*)::int AS n FROM "Item" WHERE "sourceId" = $1`, [id])).rows[0]
              .n as number,
          (n) => n === 3,
        );
        expect(items).toBe(3);
        const polls = await until(
          "B's poll closed",
          async () =>
            (await client.query(`SELECT outcome, error FROM "Poll" WHERE "sourceId" = $1 ORDER BY id`, [id]))
              .rows as {
              outcome: string;
              error: { kind?: string } | null;
            }[],
          (rows) => rows.length >= 2 && rows.every((r) => r.outcome !== "running"),
        );
        // A's poll is closed as interrupted; B's stored the items.
        expect(polls[0]).toMatchObject({ outcome: "failed", error: { kind: "interrupted" } });
        expect(polls.slice(1).some((p) => p.outcome === "ok")).toBe(true);
        const source = (await client.query(`SELECT "consecutiveFailures" FROM "Source" WHERE id = $1`, [id]))
          .rows[0];
        expect(source.consecutiveFailures).toBe(0);
      } finally {
        await client.end();
      }
    });
  },
);
