// The long-running service: applies migrations, loads the agenda if absent, serves HTTP, starts
// the queue workers and the clock. stop() ends it within seconds with the embedded database
// flushed (PGlite's close), never cut off mid-write.
import { hostname } from "node:os";
import { fixedSchedules, queues, registerWorkers, SOURCE_SCHEDULE_PREFIX, sourcePollSchedules } from "../jobs/index.js";
import { type App, openApp } from "./app.js";
import type { Config } from "./config.js";
import { createHttpApp, type RunningServer, startHttpServer } from "./http/server.js";
import { JobQueue } from "./repositories/job-queue.js";
import { DatabaseTickCoordinator } from "./repositories/tick-coordinator.js";
import { Scheduler } from "./services/scheduler.js";

/** How often a running service re-reads the sources' schedules. */
export const SOURCE_RESYNC_MS = 30_000;

export interface RunningService {
  app: App;
  port: number;
  scheduler: Scheduler | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** How often the sources' schedules are re-read (default SOURCE_RESYNC_MS; tests shorten it). */
  sourceResyncMs?: number;
}

export async function startService(
  config: Config,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  options: ServiceOptions = {},
): Promise<RunningService> {
  const app = await openApp(config, { log: (line) => log(`poll: ${line}`) });
  let server: RunningServer | undefined;
  let queue: JobQueue | undefined;
  let scheduler: Scheduler | null = null;
  let resync: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  const stop = async () => {
    if (resync) clearInterval(resync);
    unsubscribe?.();
    scheduler?.stop();
    await server?.close().catch(() => {});
    await queue?.stop().catch(() => {});
    await app.close();
  };
  try {
    await app.services.status.refresh();
    server = await startHttpServer(createHttpApp(app), config.PORT, config.HOST);
    if (config.SCHEDULER === "on") {
      queue = JobQueue.create(app.db);
      await queue.start(queues);
      const coordinator = new DatabaseTickCoordinator(app.db.prisma, `${hostname()}:${process.pid}`);
      await registerWorkers(queue, app, (olderThan) => coordinator.sweep(olderThan));
      scheduler = new Scheduler(queue, coordinator, (message) => log(`scheduler: ${message}`));
      for (const s of fixedSchedules) scheduler.set(s);
      // Each source on its own schedule, kept in step with the database: right after a change made
      // in this process, and every 30 s for changes made by the CLI or another instance.
      const running = scheduler;
      const timezone = config.TZ?.replace(/^:/, "") || undefined;
      const syncSources = async () => {
        const list = await app.repos.sources.schedules();
        running.sync(SOURCE_SCHEDULE_PREFIX, sourcePollSchedules(list, timezone, (m) => log(`scheduler: ${m}`)));
      };
      const syncQuietly = () =>
        void syncSources().catch((err) => log(`scheduler: could not read the sources' schedules: ${(err as Error).message}`));
      await syncSources();
      resync = setInterval(syncQuietly, options.sourceResyncMs ?? SOURCE_RESYNC_MS);
      resync.unref();
      unsubscribe = app.services.sources.onChange(syncQuietly);
      // A backfill the last run did not finish resumes where it stopped.
      for (const b of await app.repos.sources.unfinishedBackfills()) {
        const state = b.backfill as { target?: number; since?: string | null };
        await queue.send("backfill-source", { sourceId: b.id, pages: state.target, since: state.since ?? null }, {
          singletonKey: `backfill:${b.id}`,
        });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const where = config.databaseKind === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL";
  log(`policywatch is running on http://localhost:${server.port} (${where}; scheduler ${config.SCHEDULER}).`);
  return { app, port: server.port, scheduler, stop };
}
