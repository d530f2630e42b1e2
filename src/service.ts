// The long-running service: applies migrations, loads the agenda if absent, serves HTTP, starts
// the queue workers, the clock of fixed schedules and the loop that polls sources when they are
// due. stop() ends it within seconds with the embedded database flushed (PGlite's close), never
// cut off mid-write.
import { hostname } from "node:os";
import { fixedSchedules, queues, registerWorkers } from "../jobs/index.js";
import { type App, openApp } from "./app.js";
import type { Config } from "./config.js";
import { createHttpApp, type RunningServer, startHttpServer } from "./http/server.js";
import { JobQueue } from "./infra/job-queue.js";
import { DatabaseTickCoordinator } from "./infra/tick-coordinator.js";
import { PollScheduler } from "./services/poll-scheduler.js";
import type { TokenOnStart } from "./services/admin-token-service.js";
import { Scheduler } from "./services/scheduler.js";

export interface RunningService {
  app: App;
  port: number;
  scheduler: Scheduler | null;
  polls: PollScheduler | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Longest sleep of the poll loop between two looks at the database (tests shorten it). */
  pollIdleMs?: number;
}

export async function startService(
  config: Config,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  options: ServiceOptions = {},
): Promise<RunningService> {
  const app = await openApp(config, { log: (line) => log(`poll: ${line}`) });
  let server: RunningServer | undefined;
  let token: TokenOnStart | undefined;
  let queue: JobQueue | undefined;
  let scheduler: Scheduler | null = null;
  let polls: PollScheduler | null = null;
  let unsubscribe: (() => void) | undefined;
  const stop = async () => {
    unsubscribe?.();
    scheduler?.stop();
    await polls?.stop();
    await server?.close().catch(() => {});
    await queue?.stop().catch(() => {});
    await app.close();
  };
  try {
    await app.services.status.refresh();
    token = await app.services.adminToken.ensure();
    server = await startHttpServer(createHttpApp(app), config.PORT, config.HOST);
    if (config.SCHEDULER === "on") {
      // Sources never polled are due at once: a first start polls them within seconds.
      polls = new PollScheduler(app.services.poll, app.now, {
        idleMs: options.pollIdleMs,
        onError: (message) => log(`scheduler: ${message}`),
      });
      polls.start();
      const loop = polls;
      unsubscribe = app.services.sources.onChange(() => loop.wake());
      queue = JobQueue.create(app.db);
      await queue.start(queues);
      const coordinator = new DatabaseTickCoordinator(app.db.prisma, `${hostname()}:${process.pid}`);
      await registerWorkers(queue, app, (olderThan) => coordinator.sweep(olderThan));
      scheduler = new Scheduler(queue, coordinator, (message) => log(`scheduler: ${message}`));
      for (const s of fixedSchedules) scheduler.set(s);
      // A backfill the last run did not finish resumes where it stopped.
      for (const walk of await app.services.backfill.unfinishedWalks()) {
        await queue.send("backfill-source", walk, { singletonKey: `backfill:${walk.sourceId}` });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const where = config.databaseKind === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL";
  log(`policywatch is running on http://localhost:${server.port} (${where}; scheduler ${config.SCHEDULER}).`);
  log(
    tokenNotice(token!, `${config.PUBLIC_URL ? config.publicUrl : `http://localhost:${server.port}`}/login`),
  );
  return { app, port: server.port, scheduler, polls, stop };
}

/** Where the admin token is, in words: the file's path and the sign-in page, never the token. */
function tokenNotice(token: TokenOnStart, signIn: string): string {
  if (token.origin === "environment") return `Sign in with ADMIN_TOKEN at ${signIn}.`;
  const where = (file: string) =>
    `${file} (\`policywatch token show\` prints it). Sign in with it at ${signIn}.`;
  if (token.origin === "generated")
    return `Made an admin token for this database: it is in ${where(token.file)}`;
  if (token.file) return `The admin token is in ${where(token.file)}`;
  return (
    "This database's admin token was made by another instance, whose DATA_DIR holds it; " +
    `\`policywatch token rotate\` makes a new one here. Sign in at ${signIn}.`
  );
}
