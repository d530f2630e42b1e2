// The service's scheduled work: cron expressions and the queue each one feeds, and the workers
// that call a service for each queued job. No logic here.
import cron from "node-cron";
import type { App } from "../src/app.js";
import type { JobQueue, QueueDefinition } from "../src/repositories/job-queue.js";
import type { Schedule } from "../src/services/scheduler.js";
import { SourceError } from "../src/services/source-errors.js";

export const queues: QueueDefinition[] = [
  { name: "refresh-statuses", retryLimit: 3 },
  { name: "housekeeping", retryLimit: 1 },
  // One job per source per tick; retried when the poll fails on our side (the database), never
  // for the source failing (that is its health, with its own backoff).
  { name: "poll-source", retryLimit: 3, retryDelay: 30, retryDelayMax: 600, expireInSeconds: 15 * 60 },
  // A backfill killed midway comes back and resumes from its saved state.
  { name: "backfill-source", retryLimit: 10, retryDelay: 60, retryDelayMax: 3600, expireInSeconds: 60 * 60 },
  // Digests: the job writes and sends what is due; a failed mail is left to deliver-mail.
  { name: "digests", retryLimit: 2, retryDelay: 60 },
  // Outbox delivery: a run with failures throws, and pg-boss retries it with doubling delays.
  { name: "deliver-mail", retryLimit: 8, retryDelay: 60, retryDelayMax: 3600, expireInSeconds: 15 * 60 },
];

/** Fixed schedules (sources get their own, one per source). Times are UTC. */
export const fixedSchedules: Schedule[] = [
  // Deadlines move statuses on their own: re-evaluate just after midnight and every 6 hours.
  { name: "refresh-statuses", cron: "5 0,6,12,18 * * *", queue: "refresh-statuses", timezone: "UTC" },
  { name: "housekeeping", cron: "17 3 * * *", queue: "housekeeping", timezone: "UTC" },
  // Every hour on the hour: each subscriber's digest goes out once their local send time has come.
  { name: "digests", cron: "0 * * * *", queue: "digests", timezone: "UTC" },
  // Mails that failed (or whose sender died) are picked up again, each after its own backoff.
  { name: "deliver-mail", cron: "*/5 * * * *", queue: "deliver-mail", timezone: "UTC" },
];

export const SOURCE_SCHEDULE_PREFIX = "poll:";

/**
 * One schedule per source not paused, named `poll:<id>`, feeding `poll-source`. A source whose
 * stored expression node-cron refuses is left out and reported (it would otherwise stop the rest).
 */
export function sourcePollSchedules(
  sources: { id: number; schedule: string; paused: boolean }[],
  timezone?: string,
  report: (message: string) => void = () => {},
): Schedule[] {
  const out: Schedule[] = [];
  for (const s of sources) {
    if (s.paused) continue;
    if (!cron.validate(s.schedule)) {
      report(`source ${s.id} has an invalid schedule "${s.schedule}"; it is not polled until it is fixed.`);
      continue;
    }
    out.push({
      name: `${SOURCE_SCHEDULE_PREFIX}${s.id}`,
      cron: s.schedule,
      queue: "poll-source",
      data: { sourceId: s.id },
      ...(timezone ? { timezone } : {}),
    });
  }
  return out;
}

export interface BackfillJob {
  sourceId: number;
  pages?: number;
  since?: string | null;
}

export async function registerWorkers(queue: JobQueue, app: App, tickSweep: (olderThan: Date) => Promise<unknown>) {
  await queue.work("refresh-statuses", () => app.services.status.refresh());
  await queue.work("housekeeping", async () => {
    await tickSweep(new Date(app.now().getTime() - 7 * 86_400_000));
    await app.services.poll.prunePolls(30);
  });
  await queue.work<{ sourceId: number }>("poll-source", (job) => app.services.poll.pollSource(job.sourceId), {
    concurrency: Math.min(app.config.POLL_CONCURRENCY, 16),
  });
  await queue.work<BackfillJob>("backfill-source", async (job) => {
    try {
      // Only ever resumes the walk it was queued for: a job retried after that walk finished does
      // nothing (never a new walk from page 1). Another walker holding it (BackfillBusyError) is
      // retried later, after that walker finished or its lease went stale.
      return await app.services.backfill.backfill(job.sourceId, {
        pages: job.pages,
        since: job.since ? new Date(job.since) : null,
        resumeOnly: true,
      });
    } catch (err) {
      // A removed source or a page kind: retrying cannot help. A page that failed to load: retry.
      if (err instanceof SourceError && err.usage) return null;
      throw err;
    }
  });
  await queue.work("digests", () => app.services.digests.sendDue());
  await queue.work("deliver-mail", () => app.services.outbox.deliverPending({ throwOnFailure: true }));
}
