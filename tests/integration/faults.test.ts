// Faults that lose nothing: the database connection dropping in the middle of a poll, a data folder
// on a read-only disk, and the service killed in the middle of a backfill. (The SMTP server down
// and back is mail-delivery.test.ts, "an SMTP outage"; a full or read-only outbox folder is
// mail-files.test.ts.)
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { type LoopbackFetcher, loopbackFetcher } from "../helpers/loopback-fetcher.js";
import { canMount, mountTmpfs } from "../helpers/read-only-disk.js";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, onPostgres, openTestApp, type TestApp } from "../helpers/test-app.js";
import { until } from "../helpers/until.js";

const fixture = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures/pipeline", name), "utf8");
const RSS = fixture("digital-policy.rss.xml");

/** A gate the feed server waits on: `hold` until `open()`. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("the database connection dropping in the middle of a poll", () => {
  let app: TestApp;
  let server: FeedServer;
  let fetcher: LoopbackFetcher;

  beforeAll(async () => {
    fetcher = loopbackFetcher();
    app = await openTestApp({ fetcher: { fetch: (url, init) => fetcher.fetch(url, init) } });
  });
  afterAll(async () => {
    await app?.dispose();
    await fetcher?.close();
  });
  beforeEach(async () => {
    await server?.close();
    server = await startFeedServer({ "/feed.xml": { body: RSS, contentType: "application/rss+xml" } });
    await app.db.prisma.source.deleteMany();
  });

  it("records the failure as its own, keeps the source healthy, stores nothing, and stores every item once when retried", async () => {
    const { source } = await app.services.sources.add({ url: server.url("/feed.xml") });
    const polls = app.repos.polls;
    const store = polls.storeMany.bind(polls);
    let failures = 1;
    // The storage layer fails as it does when the connection is lost under a statement.
    polls.storeMany = async (inputs) => {
      if (failures-- > 0)
        throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
      return store(inputs);
    };
    try {
      // As the poll-source job runs it: an error of our own is thrown, so the queue retries it.
      await expect(app.services.poll.pollSource(source.id, { force: true })).rejects.toThrow(
        /Connection terminated/,
      );
      expect(await app.repos.items.count({ sourceId: source.id })).toBe(0);
      const after = (await app.repos.sources.findById(source.id))!;
      expect(after.pollingSince).toBeNull();
      expect(after.consecutiveFailures).toBe(0);
      expect((await app.repos.polls.recent(source.id))[0]).toMatchObject({
        outcome: "failed",
        error: { kind: "internal" },
      });

      const retried = await app.services.poll.pollSource(source.id, { force: true });
      expect(retried).toMatchObject({ outcome: "ok" });
      expect(retried.newItemIds).toHaveLength(3);
      const items = await app.repos.items.listBySource(source.id);
      expect(new Set(items.map((i) => i.dedupKey)).size).toBe(3);
      expect(items).toHaveLength(3);
    } finally {
      polls.storeMany = store;
    }
  });

  it("names a poll stopped on its own error the same way in its answer and its record", async () => {
    const { source } = await app.services.sources.add({ url: server.url("/feed.xml") });
    const polls = app.repos.polls;
    const store = polls.storeMany.bind(polls);
    polls.storeMany = async () => {
      throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
    };
    try {
      // As `policywatch poll` runs it: the failure is reported per source, not thrown.
      const answered: unknown[] = [];
      const summary = await app.services.poll.pollAll({
        sourceId: source.id,
        onResult: (result) => answered.push(result.error),
      });
      expect(summary.failed).toBe(1);
      const recorded = (await app.repos.polls.recent(source.id))[0]!.error;
      expect(answered).toEqual([recorded]);
      expect(recorded).toMatchObject({ kind: "internal" });
    } finally {
      polls.storeMany = store;
    }
  });

  it.skipIf(!onPostgres)(
    "on PostgreSQL: survives its connections being terminated while a slow source is fetched and while it stores",
    async () => {
      const slow = gate();
      let holding = false;
      server.set("/feed.xml", {
        body: RSS,
        contentType: "application/rss+xml",
        hold: () => (holding ? slow.promise : Promise.resolve()),
      });
      const { source } = await app.services.sources.add({ url: server.url("/feed.xml") });
      holding = true;
      const seen = server.arrivals.length;
      const dbName = new URL(app.testDb.env.DATABASE_URL!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: app.testDb.env.DATABASE_URL });
      await admin.connect();
      // Holds the source's row in a transaction of its own: inside a transaction pg_stat_activity
      // is a snapshot, so the admin connection that watches and terminates stays outside.
      const locker = new pg.Client({ connectionString: app.testDb.env.DATABASE_URL });
      await locker.connect();
      const lockerPid = (await locker.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      const terminate = () =>
        admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2",
          [dbName, lockerPid],
        );
      try {
        const polling = app.services.poll.pollSource(source.id, { force: true });
        // 1. The feed is being fetched (the server holds it): every connection of the app is ended.
        await until(
          "the feed request",
          () => server.arrivals.length,
          (n) => n > seen,
        );
        await terminate();
        // 2. Hold the source's row so that the store waits inside its statement, then end the
        //    connections again: the statement dies half-way through.
        await locker.query("BEGIN");
        await locker.query(`SELECT 1 FROM "Source" WHERE id = $1 FOR UPDATE`, [source.id]);
        slow.open();
        await until(
          "the store waiting on the row",
          async () =>
            (
              await admin.query(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
                [dbName],
              )
            ).rows[0].n,
          (n) => n > 0,
        );
        await terminate();
        // Nothing of the killed statement is left: no item, not even some of them.
        expect((await admin.query(`SELECT count(*)::int AS n FROM "Item"`)).rows[0].n).toBe(0);
        await locker.query("ROLLBACK");
        // 3. The pool reconnects, the statement is sent again, and the poll finishes.
        const result = await polling;
        expect(result).toMatchObject({ outcome: "ok" });
        expect(result.newItemIds).toHaveLength(3);
        const rows = await admin.query(`SELECT "dedupKey" FROM "Item" WHERE "sourceId" = $1`, [source.id]);
        expect(rows.rows).toHaveLength(3);
        expect(new Set(rows.rows.map((r) => r.dedupKey)).size).toBe(3);
        const polled = (await app.repos.sources.findById(source.id))!;
        expect(polled).toMatchObject({ pollingSince: null, consecutiveFailures: 0, lastError: null });
        expect((await app.repos.polls.recent(source.id))[0]).toMatchObject({ outcome: "ok", newItems: 3 });
      } finally {
        slow.open();
        await locker.query("ROLLBACK").catch(() => {});
        await locker.end();
        await admin.end();
      }
    },
  );

  it.skipIf(!onPostgres)(
    "on PostgreSQL: answers the queries sent right after its connections were ended, through the ORM and raw",
    async () => {
      const { source } = await app.services.sources.add({ url: server.url("/feed.xml") });
      const dbName = new URL(app.testDb.env.DATABASE_URL!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: app.testDb.env.DATABASE_URL });
      await admin.connect();
      try {
        for (let round = 0; round < 5; round++) {
          // Fill the pool with idle connections, end them all, and ask at once: the pool still
          // holds the ended ones for a moment, and hands them out.
          await Promise.all(Array.from({ length: 8 }, () => app.db.raw.query("SELECT pg_sleep(0.01)")));
          await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            [dbName],
          );
          const [agendas, found, counted] = await Promise.all([
            app.repos.agenda.agendaHashes(),
            app.repos.sources.findById(source.id),
            app.db.raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Source"`),
            ...Array.from({ length: 6 }, () => app.db.prisma.source.count()),
          ]);
          expect(agendas.length).toBeGreaterThan(0);
          expect(found?.id).toBe(source.id);
          expect(counted[0]?.n).toBe(1);
        }
      } finally {
        await admin.end();
      }
    },
  );
});

/** This process's environment for the CLI on the embedded database in `dataDir`, whatever DATABASE_URL says. */
function embeddedEnv(
  dataDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv & { DATA_DIR: string } {
  const { DATABASE_URL: _unset, ...rest } = process.env;
  return { ...rest, DATA_DIR: dataDir, DEFAULT_SOURCES: "off", ...extra };
}

describe("a data folder on a read-only disk", () => {
  // The embedded database lives in DATA_DIR (on PostgreSQL it holds only the outbox, see
  // mail-files.test.ts), so this runs the embedded database whatever DATABASE_URL says.
  it.skipIf(!canMount)(
    "makes every command say so in words and exit 1, and the data is intact once the disk is writable again",
    async () => {
      const disk = mountTmpfs("policywatch-disk-", "size=256m");
      const env = embeddedEnv(path.join(disk.dir, "data"), { ALLOW_PRIVATE_SOURCES: "true" });
      try {
        // A loopback port nobody listens on: the preview fails at once, --force keeps the source.
        const made = await runPolicywatch(
          ["sources", "add", "http://127.0.0.1:9/feed.xml", "--force", "--json"],
          env,
        );
        expect(made.code, made.stderr).toBe(0);
        const before = (await runPolicywatch(["sources", "list", "--json"], env)).stdout;

        disk.remount("ro");
        for (const args of [["status"], ["poll"], ["sources", "list"]]) {
          const r = await runPolicywatch(args, env);
          expect(r.code).toBe(1);
          expect(r.stderr).toContain(
            `cannot be opened in DATA_DIR (${env.DATA_DIR}): the folder is on a read-only disk`,
          );
          expect(r.stderr).toContain("Nothing was changed.");
          expect(r.stderr).not.toMatch(/\n\s+at /);
        }
        const serve = await runPolicywatch(["serve"], { ...env, PORT: "0", HOST: "127.0.0.1" });
        expect(serve.code).toBe(1);
        expect(serve.stderr).toContain("read-only disk");

        disk.remount("rw");
        const after = await runPolicywatch(["sources", "list", "--json"], env);
        expect(after.code).toBe(0);
        expect(after.stdout).toBe(before);
      } finally {
        disk.undo();
      }
    },
  );
});

describe("a data folder on a full disk", () => {
  it.skipIf(!canMount)(
    "says so in words and exits 1 when a new database does not fit, leaving nothing half made",
    async () => {
      // Room for the lock file, not for a database (~40 MB).
      const disk = mountTmpfs("policywatch-full-", "size=3m");
      const env = embeddedEnv(disk.dir);
      try {
        const r = await runPolicywatch(["status"], env);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`cannot be opened in DATA_DIR (${disk.dir}): the disk is full`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(readdirSync(disk.dir)).toEqual([]);
      } finally {
        disk.undo();
      }
    },
  );
});

describe("the service killed in the middle of a backfill", () => {
  // Three service starts and two CLI runs: a generous hang bound on a busy machine.
  it("resumes the walk from the page it stopped at, when started again", { timeout: 240_000 }, async () => {
    const db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", BACKFILL_LEASE_SECONDS: "1" });
    const stalled = gate();
    const server = await startFeedServer({});
    for (const p of [1, 2, 3]) {
      const route = `/archive/feed${p === 1 ? "" : `?page=${p}`}`;
      server.set(route, {
        body: fixture(`archive-page-${p}.atom.xml`).replaceAll("ORIGIN", server.origin),
        contentType: "application/atom+xml",
        // Page 2 does not answer until the test says so: a slow archive, killed in the middle.
        hold: p === 2 ? () => stalled.promise : undefined,
      });
    }
    const children = new Set<ReturnType<typeof spawn>>();
    const start = (args: string[]) => {
      const child = spawn(process.execPath, [path.join(repoRoot, "bin", "policywatch.js"), ...args], {
        env: { ...db.env, PORT: "0", HOST: "127.0.0.1" },
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "ignore"],
      });
      children.add(child);
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
      });
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      const port = () => Number(/running on http:\/\/localhost:(\d+)/.exec(out)?.[1] ?? 0);
      return { child, exited, port };
    };
    const page2 = () => server.arrivals.filter((a) => a === "/archive/feed?page=2").length;
    try {
      const added = await runPolicywatch(
        ["sources", "add", server.url("/archive/feed"), "--kind", "atom", "--json"],
        db.env,
      );
      expect(added.code, added.stderr).toBe(0);
      const id = JSON.parse(added.stdout).id as number;

      // A backfill of three pages, killed while page 2 is on its way.
      const cli = start(["backfill", String(id), "--pages", "3"]);
      await until("the CLI asking for page 2", page2, (n) => n === 1);
      cli.child.kill("SIGKILL");
      await cli.exited;

      // The service resumes it at start, and polls the source (never polled) at once; it is killed
      // too while page 2 is on its way, once that poll is recorded.
      const first = start(["serve"]);
      await until("the service asking for page 2", page2, (n) => n === 2);
      const firstPort = await until("the service listening", first.port, (p) => p > 0);
      await until(
        "the first start's poll",
        async () =>
          (
            (await (await fetch(`http://127.0.0.1:${firstPort}/api/sources/${id}`)).json()) as {
              health: { lastCheckedAt: string | null };
            }
          ).health.lastCheckedAt,
        (at) => at !== null,
      );
      first.child.kill("SIGKILL");
      await first.exited;

      // Started once more, with the archive answering: the walk finishes from page 2.
      stalled.open();
      const second = start(["serve"]);
      const port = await until("the service listening", second.port, (p) => p > 0);
      const view = await until(
        "the backfill finished",
        async () =>
          (await fetch(`http://127.0.0.1:${port}/api/sources/${id}`)).json() as Promise<{
            itemCount: number;
          }>,
        (s) => s.itemCount === 6,
        60_000,
      );
      expect(view.itemCount).toBe(6);
      second.child.kill("SIGINT");
      await second.exited;
      // Page 1 was read by the preview of `sources add`, the CLI's backfill and the first start's
      // poll, never again: each restart resumed the walk at page 2, and page 3 was read once.
      expect(server.arrivals.filter((a) => a === "/archive/feed")).toHaveLength(3);
      expect(server.arrivals.filter((a) => a === "/archive/feed?page=3")).toHaveLength(1);
      const list = await runPolicywatch(["sources", "list", "--json"], db.env);
      expect(list.code).toBe(0);
      const source = (JSON.parse(list.stdout) as { id: number; itemCount: number }[]).find(
        (s) => s.id === id,
      );
      expect(source?.itemCount).toBe(6);
    } finally {
      stalled.open();
      for (const c of children) c.kill("SIGKILL");
      await server.close();
      await db.drop();
    }
  });
});
