// Polling by due time (poll-scheduler.ts, PollRepository.claimDue): a service that starts polls
// the sources never polled at once; two schedulers on one database never claim the same source,
// and never poll a source twice in one slot; the sources of a claimer that died are claimed again
// once its claim is older than SCHEDULER_CLAIM_LEASE_SECONDS. Real database (PGlite, or PostgreSQL
// on the second pass), real loopback feed server.
import { afterEach, describe, expect, it } from "vitest";
import { type App, openApp } from "../../src/app.js";
import { startService } from "../../src/service.js";
import { PollScheduler } from "../../src/services/poll-scheduler.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { rssFeed } from "../helpers/feeds.js";
import {
  createTestDatabase,
  fixedClock,
  onPostgres,
  openTestApp,
  type TestDatabase,
} from "../helpers/test-app.js";
import { until } from "../helpers/until.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

/** A feed server with `n` small feeds at /feed/1.xml … /feed/n.xml. */
async function feeds(n: number): Promise<FeedServer> {
  const routes: Record<string, { body: string; contentType: string }> = {};
  for (let i = 1; i <= n; i++) {
    const body = rssFeed(`Feed ${i}`, [
      { title: `Entry of feed ${i}`, link: `http://example.org/feed-${i}/1`, date: "2026-11-24T09:00:00Z" },
    ]);
    routes[`/feed/${i}.xml`] = { body, contentType: "application/rss+xml" };
  }
  const server = await startFeedServer(routes);
  cleanups.push(() => server.close());
  return server;
}

async function addSources(app: App, server: FeedServer, n: number, schedule: string): Promise<void> {
  await app.repos.sources.createMany(
    Array.from({ length: n }, (_, k) => ({
      name: `Feed ${k + 1}`,
      url: server.url(`/feed/${k + 1}.xml`),
      kind: "rss",
      schedule,
      options: {},
      language: "en",
    })),
  );
}

async function testDatabase(env: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  const db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", FETCH_HOST_CONCURRENCY: "16", ...env });
  cleanups.push(() => db.drop());
  return db;
}

// Each test opens databases and a service of its own: a generous hang bound on a busy machine.
describe("polling by due time", { timeout: 240_000 }, () => {
  it("polls every source never polled as soon as the service starts, each once", async () => {
    const server = await feeds(25);
    const db = await testDatabase({ PORT: "0", HOST: "127.0.0.1" });
    const setup = await openApp(db.config);
    // Once a year: only the first-start poll can fetch them during the test.
    await addSources(setup, server, 25, "0 0 1 1 *");
    await setup.close();

    const service = await startService(db.config, () => {});
    cleanups.push(() => service.stop());
    await until(
      "every source's first poll",
      () => service.app.repos.items.count({}),
      (n) => n === 25,
    );
    for (let i = 1; i <= 25; i++) expect(server.requestsTo(`/feed/${i}.xml`)).toHaveLength(1);
    const sources = await service.app.repos.sources.findAll();
    expect(
      sources.every((s) => s.state === "healthy" && s.nextCheckAt !== null && s.pollingSince === null),
    ).toBe(true);
  });

  it("gives each due source to one of two claimers asking at once", async () => {
    const server = await feeds(60);
    const db = await testDatabase();
    const [a, b] = await twoInstances(db);
    await addSources(a, server, 60, "*/15 * * * *");
    const now = new Date();
    const lease = new Date(now.getTime() - 120_000);
    const got: number[][] = [[], []];
    // Small claims racing each other until nothing is left.
    await Promise.all(
      [a, b].map(async (app, k) => {
        for (;;) {
          const claims = await app.repos.polls.claimDue(now, 7, lease);
          if (claims.length === 0) return;
          got[k]!.push(...claims.map((c) => c.sourceId));
        }
      }),
    );
    const all = [...got[0]!, ...got[1]!];
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
  });

  it("with two schedulers on one database, polls each source once per slot between them", async () => {
    const server = await feeds(30);
    const db = await testDatabase();
    const [a, b] = await twoInstances(db);
    await addSources(a, server, 30, "* * * * * *");
    const loops = [a, b].map(
      (app) => new PollScheduler(app.services.poll, app.now, { batchSize: 8, idleMs: 200 }),
    );
    for (const loop of loops) loop.start();
    // Each source polled in three slots at least: the loops woke up for each slot.
    const polled = async () =>
      (
        await a.db.prisma.poll.groupBy({
          by: ["sourceId"],
          where: { outcome: { not: "running" } },
          _count: true,
        })
      ).filter((g) => g._count >= 3).length;
    await until("three polls of every source", polled, (n) => n === 30, 60_000);
    await Promise.all(loops.map((l) => l.stop()));

    const polls = await a.db.prisma.poll.findMany({ orderBy: { id: "asc" } });
    const bySource = new Map<number, typeof polls>();
    for (const p of polls) bySource.set(p.sourceId, [...(bySource.get(p.sourceId) ?? []), p]);
    expect(bySource.size).toBe(30);
    for (const [sourceId, list] of bySource) {
      const slots = list.map((p) => Math.floor(p.startedAt.getTime() / 1000));
      expect(new Set(slots).size, `source ${sourceId} polled twice in one slot`).toBe(list.length);
      // One poll of a source at a time: each starts after the one before it finished.
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(list[i - 1]!.finishedAt!.getTime());
      }
      // Each poll fetched once (the stop may cancel one last fetch before it reached the site).
      const fetched = server.requestsTo(`/feed/${sourceId - (await firstId(a)) + 1}.xml`).length;
      const cancelled = list.filter(
        (p) => (p.error as { kind?: string } | null)?.kind === "cancelled",
      ).length;
      expect(fetched).toBeGreaterThanOrEqual(list.length - cancelled);
      expect(fetched).toBeLessThanOrEqual(list.length);
    }
  });

  it("claims again the sources of a claimer that died, once its claim is older than the lease", async () => {
    const server = await feeds(5);
    const clock = fixedClock("2026-12-06T10:00:00Z");
    const app = await openTestApp({
      now: clock,
      env: { FETCH_HOST_SPACING_MS: "0", SCHEDULER_CLAIM_LEASE_SECONDS: "120" },
    });
    cleanups.push(() => app.dispose());
    await app.db.prisma.source.deleteMany();
    await addSources(app, server, 5, "*/15 * * * *");
    // A claimer takes them all and dies before fetching anything.
    const dead = await app.repos.polls.claimDue(clock(), 100, new Date(clock().getTime() - 120_000));
    expect(dead).toHaveLength(5);

    clock.set("2026-12-06T10:01:30Z");
    expect((await app.services.poll.pollDueBatch(100)).claimed).toBe(0);
    expect(server.requests).toHaveLength(0);

    clock.set("2026-12-06T10:02:01Z");
    const batch = await app.services.poll.pollDueBatch(100);
    expect(batch.claimed).toBe(5);
    expect(batch.summary).toMatchObject({ sources: 5, fetched: 5, failed: 0, newItems: 5 });
    const polls = await app.db.prisma.poll.findMany({ orderBy: { id: "asc" } });
    expect(polls.slice(0, 5).every((p) => (p.error as { kind?: string }).kind === "interrupted")).toBe(true);
    expect(polls.slice(5).every((p) => p.outcome === "ok")).toBe(true);
    // Their next check is the next slot of their schedule; until then nothing is due.
    const next = await app.services.poll.nextDueAt();
    expect(next?.toISOString()).toBe("2026-12-06T10:15:00.000Z");
    expect((await app.services.poll.pollDueBatch(100)).claimed).toBe(0);
  });

  it("polls a source whose schedule never fires (edited by hand) every 15 minutes, not over and over", async () => {
    const server = await feeds(1);
    const clock = fixedClock("2026-12-06T10:07:00Z");
    const app = await openTestApp({ now: clock, env: { FETCH_HOST_SPACING_MS: "0" } });
    cleanups.push(() => app.dispose());
    await app.db.prisma.source.deleteMany();
    await addSources(app, server, 1, "*/15 * * * *");
    await app.db.prisma.source.updateMany({ data: { schedule: "every hour" } });
    expect((await app.services.poll.pollDueBatch(10)).summary).toMatchObject({ sources: 1, fetched: 1 });
    expect((await app.services.poll.pollDueBatch(10)).claimed).toBe(0);
    expect((await app.services.poll.nextDueAt())?.toISOString()).toBe("2026-12-06T10:15:00.000Z");
  });
});

let firstSourceId: number | null = null;
async function firstId(app: App): Promise<number> {
  firstSourceId ??= (await app.db.prisma.source.findFirstOrThrow({ orderBy: { id: "asc" } })).id;
  return firstSourceId;
}

/**
 * Two instances on one database: two apps with their own connections on PostgreSQL; on the
 * embedded database (one process by design) one app whose two schedulers share its connection.
 */
async function twoInstances(db: TestDatabase): Promise<[App, App]> {
  firstSourceId = null;
  const a = await openApp(db.config, { inMemory: !onPostgres });
  cleanups.push(() => a.close());
  await a.db.prisma.source.deleteMany();
  if (!onPostgres) return [a, a];
  const b = await openApp(db.config);
  cleanups.push(() => b.close());
  return [a, b];
}
