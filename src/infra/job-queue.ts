// pg-boss on the same database as everything else: on PostgreSQL through its own pool, on the
// embedded database through the shared PGlite instance. Queued work survives restarts and is
// taken by exactly one worker across instances; failures are retried with backoff.
import { fromPglite, PgBoss } from "pg-boss";
import type { Database } from "./database.js";

export interface QueueDefinition {
  name: string;
  retryLimit?: number;
  /** Seconds before the first retry; doubles each time (with jitter) up to retryDelayMax. */
  retryDelay?: number;
  retryDelayMax?: number;
  /** A job running longer than this is failed and retried (a crashed worker's job comes back). */
  expireInSeconds?: number;
}

export type JobHandler<T> = (data: T) => Promise<unknown>;

export class JobQueue {
  private started = false;

  private constructor(private readonly boss: PgBoss) {}

  static create(db: Database): JobQueue {
    const boss =
      db.kind === "pglite"
        ? new PgBoss({ db: fromPglite(db.pglite as never), backend: "pglite", schema: "pgboss" } as never)
        : new PgBoss({ connectionString: db.connectionString!, schema: "pgboss", max: 4 });
    // Errors inside pg-boss's own maintenance loops are reported, never thrown at the process.
    boss.on("error", (err: Error) => {
      if (process.env.LOG_LEVEL === "debug") process.stderr.write(`queue: ${err.message}\n`);
    });
    return new JobQueue(boss);
  }

  async start(queues: QueueDefinition[]): Promise<void> {
    if (!this.started) {
      await this.boss.start();
      this.started = true;
    }
    for (const q of queues) {
      await this.boss.createQueue(q.name, {
        retryLimit: q.retryLimit ?? 5,
        retryDelay: q.retryDelay ?? 30,
        retryBackoff: true,
        retryDelayMax: q.retryDelayMax ?? 3600,
        expireInSeconds: q.expireInSeconds ?? 15 * 60,
      });
    }
  }

  /** Enqueues once per singleton key while a job with that key is queued or active. */
  async send(queue: string, data: object, opts: { singletonKey?: string } = {}): Promise<string | null> {
    return this.boss.send(queue, data, opts.singletonKey ? { singletonKey: opts.singletonKey } : {});
  }

  async work<T>(
    queue: string,
    handler: JobHandler<T>,
    opts: { concurrency?: number; pollingIntervalSeconds?: number } = {},
  ) {
    await this.boss.work<T>(
      queue,
      {
        batchSize: 1,
        localConcurrency: opts.concurrency ?? 1,
        pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2,
      },
      async (jobs) => {
        for (const job of jobs) await handler(job.data);
      },
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 5_000 });
  }
}
