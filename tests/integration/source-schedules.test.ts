// Each source on its own schedule while the service runs: a source added, paused or changed is
// (re)scheduled without a restart, and its ticks go through the queue to a poll.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startService } from "../../src/service.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { repoRoot } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

let server: FeedServer;
let db: TestDatabase;
let service: RunningService;
const log: string[] = [];

async function eventually<T>(
  what: string,
  probe: () => Promise<T> | T,
  ok: (v: T) => boolean,
  limitMs = 30_000,
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > until)
      throw new Error(`${what} did not happen; last seen: ${JSON.stringify(value)}\n${log.join("\n")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  server = await startFeedServer({
    "/feed.xml": {
      body: readFileSync(path.join(repoRoot, "tests/fixtures/pipeline/digital-policy.rss.xml"), "utf8"),
      contentType: "application/rss+xml",
    },
  });
  db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", PORT: "0", HOST: "127.0.0.1" });
  service = await startService(db.config, (line) => log.push(line), { sourceResyncMs: 200 });
});
afterAll(async () => {
  await service?.stop();
  await server?.close();
  await db?.drop();
});

describe("source schedules in a running service", () => {
  it("schedules a source added while it runs, polls it through the queue, and follows pauses and outside changes", async () => {
    const { app, scheduler } = service;
    // Every second, so that the test sees a tick soon.
    const { source } = await app.services.sources.add({
      url: server.url("/feed.xml"),
      schedule: "* * * * * *",
    });
    const name = `poll:${source.id}`;
    await eventually(
      "the new source's schedule",
      () => scheduler!.names(),
      (n) => n.includes(name),
    );
    await eventually(
      "a scheduled poll",
      () => app.repos.items.count({ sourceId: source.id }),
      (n) => n === 3,
    );
    const health = (await app.services.sources.get(source.id)).health;
    expect(health).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(health.lastSuccessAt).not.toBeNull();

    await app.services.sources.pause(source.id);
    await eventually(
      "the paused source unscheduled",
      () => scheduler!.names(),
      (n) => !n.includes(name),
    );

    // A change made by another process (the CLI) reaches the schedule on the next re-read.
    await app.db.prisma.source.update({
      where: { id: source.id },
      data: { paused: false, schedule: "*/5 * * * *" },
    });
    await eventually(
      "the outside change picked up",
      () => scheduler!.names(),
      (n) => n.includes(name),
    );
    const next = scheduler!.nextRun(name)!;
    expect(next.getUTCMinutes() % 5).toBe(0);
    expect(next.getUTCSeconds()).toBe(0);
  });
});
