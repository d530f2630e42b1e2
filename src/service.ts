// The long-running service: applies migrations, loads the agenda if absent, serves HTTP, starts
// the queue workers and the clock. stop() ends it within seconds with the embedded database
// flushed (PGlite's close), never cut off mid-write.
import { hostname } from "node:os";
import { fixedSchedules, queues, registerWorkers } from "../jobs/index.js";
import { type App, openApp } from "./app.js";
import type { Config } from "./config.js";
import { createHttpApp, type RunningServer, startHttpServer } from "./http/server.js";
import { JobQueue } from "./repositories/job-queue.js";
import { DatabaseTickCoordinator } from "./repositories/tick-coordinator.js";
import { Scheduler } from "./services/scheduler.js";

export interface RunningService {
  app: App;
  port: number;
  scheduler: Scheduler | null;
  stop(): Promise<void>;
}

export async function startService(
  config: Config,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<RunningService> {
  const app = await openApp(config);
  let server: RunningServer | undefined;
  let queue: JobQueue | undefined;
  let scheduler: Scheduler | null = null;
  const stop = async () => {
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
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const where = config.databaseKind === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL";
  log(`policywatch is running on http://localhost:${server.port} (${where}; scheduler ${config.SCHEDULER}).`);
  return { app, port: server.port, scheduler, stop };
}
