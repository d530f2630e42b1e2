// One walk of a source's archive at a time, across processes and instances: a second walker finds
// the walk held and says so; a walker that died leaves a hold that goes stale and the next walker
// resumes from the stored state; a queued resume after the walk finished does nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BackfillBusyError } from "../../src/services/source-errors.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { type LoopbackFetcher, loopbackFetcher } from "../helpers/loopback-fetcher.js";
import { repoRoot } from "../helpers/run-cli.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const fixture = (name: string) => readFileSync(path.join(repoRoot, "tests/fixtures/pipeline", name), "utf8");

let app: TestApp;
let server: FeedServer;
let fetcher: LoopbackFetcher;
const clock = fixedClock("2026-04-11T12:00:00Z");
let release: () => void = () => {};
let hold = false;

beforeAll(async () => {
  fetcher = loopbackFetcher();
  app = await openTestApp({ now: clock, fetcher: { fetch: (url, init) => fetcher.fetch(url, init) } });
});
afterAll(async () => {
  await app?.dispose();
  await fetcher?.close();
});
beforeEach(async () => {
  release();
  hold = false;
  clock.set("2026-04-11T12:00:00Z");
  await server?.close();
  server = await startFeedServer({});
  for (const p of [1, 2, 3]) {
    server.set(`/archive/feed${p === 1 ? "" : `?page=${p}`}`, {
      body: fixture(`archive-page-${p}.atom.xml`).replaceAll("ORIGIN", server.origin),
      contentType: "application/atom+xml",
      hold: () =>
        hold
          ? new Promise<void>((resolve) => {
              release = resolve;
            })
          : Promise.resolve(),
    });
  }
  await app.db.prisma.source.deleteMany();
});

async function addArchive() {
  return (await app.services.sources.add({ url: server.url("/archive/feed"), kind: "atom" })).source;
}

/** Starts a walk of three pages and waits until the server holds its first page request. */
async function walkHeldOnFirstPage(sourceId: number) {
  hold = true;
  const seen = server.arrivals.length;
  const walk = app.services.backfill.backfill(sourceId, { pages: 3 });
  while (server.arrivals.length === seen) await new Promise((r) => setTimeout(r, 20));
  return { walk };
}

describe("the backfill lease", () => {
  it("refuses a second walk of the same archive while one runs, in words, and allows one after", async () => {
    const source = await addArchive();
    const { walk: first } = await walkHeldOnFirstPage(source.id);
    const second = app.services.backfill.backfill(source.id, { pages: 3 });
    await expect(second).rejects.toBeInstanceOf(BackfillBusyError);
    await expect(second).rejects.toThrow(/already running .* resumes where it stopped/);
    hold = false;
    release();
    expect(await first).toMatchObject({ pagesDone: 3, newItems: 6, done: true });
    expect(await app.repos.items.count({ sourceId: source.id })).toBe(6);
    // Released: a new walk (from page 1) is allowed, and finds nothing new.
    expect(await app.services.backfill.backfill(source.id, { pages: 1 })).toMatchObject({
      pagesDone: 1,
      newItems: 0,
    });
  });

  it("takes over the walk of a walker that died once its hold is stale, resuming where it stopped", async () => {
    const source = await addArchive();
    // A walker stored page 1 and died 9 min 59 s ago: its hold goes stale in 1 s (10 minutes).
    await app.db.prisma.source.update({
      where: { id: source.id },
      data: {
        backfill: {
          nextUrl: server.url("/archive/feed?page=2"),
          page: 2,
          pagesDone: 1,
          target: 3,
          since: null,
          done: false,
          complete: false,
          newItems: 2,
          updatedItems: 0,
          startedAt: "2026-04-11T11:40:00.000Z",
          updatedAt: "2026-04-11T11:50:01.000Z",
          lastError: null,
          walking: true,
          walker: "dead",
        },
      },
    });
    await expect(app.services.backfill.backfill(source.id, { pages: 3 })).rejects.toBeInstanceOf(
      BackfillBusyError,
    );
    clock.set("2026-04-11T12:00:02Z");
    const result = await app.services.backfill.backfill(source.id, { pages: 3, resumeOnly: true });
    expect(result).toMatchObject({ resumed: true, pagesDone: 3, done: true });
    expect(server.requestsTo("/archive/feed")).toHaveLength(1); // the preview of `sources add` only
    expect(server.requestsTo("/archive/feed?page=2")).toHaveLength(1);
    expect(server.requestsTo("/archive/feed?page=3")).toHaveLength(1);
    const state = (await app.repos.sources.findById(source.id))!.backfill as {
      walking: boolean;
      done: boolean;
    };
    expect(state).toMatchObject({ walking: false, done: true });
  });

  it("does nothing for a queued resume when the walk already finished (a job retried late)", async () => {
    const source = await addArchive();
    await app.services.backfill.backfill(source.id, { pages: 3 });
    const asked = server.arrivals.length;
    expect(await app.services.backfill.backfill(source.id, { pages: 3, resumeOnly: true })).toBeNull();
    expect(server.arrivals.length).toBe(asked);
  });

  it("answers a queued resume of a removed source with null, so the queue does not retry it, and a busy walk with an error", async () => {
    const source = await addArchive();
    const { walk: first } = await walkHeldOnFirstPage(source.id);
    // Another walker holds it: thrown, so the queue tries again later.
    await expect(
      app.services.backfill.resumeQueued({ sourceId: source.id, pages: 3 }),
    ).rejects.toBeInstanceOf(BackfillBusyError);
    hold = false;
    release();
    await first;
    await app.services.sources.remove(source.id);
    expect(
      await app.services.backfill.resumeQueued({ sourceId: source.id, pages: 3, since: null }),
    ).toBeNull();
  });
});
