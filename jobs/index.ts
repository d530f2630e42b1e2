// The service's scheduled work: cron expressions and the queue each one feeds, and the workers
// that call a service for each queued job. No logic here.
import type { App } from "../src/app.js";
import type { JobQueue, QueueDefinition } from "../src/infra/job-queue.js";
import type { QueuedBackfill } from "../src/services/backfill-service.js";
import type { Schedule } from "../src/services/scheduler.js";

export const queues: QueueDefinition[] = [
  { name: "refresh-statuses", retryLimit: 3 },
  { name: "housekeeping", retryLimit: 1 },
  // A backfill killed midway comes back and resumes from its saved state.
  { name: "backfill-source", retryLimit: 10, retryDelay: 60, retryDelayMax: 3600, expireInSeconds: 60 * 60 },
  // Digests: the job writes and sends what is due; a failed mail is left to deliver-mail.
  { name: "digests", retryLimit: 2, retryDelay: 60 },
  // Outbox delivery: a run with failures throws, and pg-boss retries it with doubling delays.
  { name: "deliver-mail", retryLimit: 8, retryDelay: 60, retryDelayMax: 3600, expireInSeconds: 15 * 60 },
];

/** Fixed schedules (sources are polled by the due-time loop, poll-scheduler.ts). Times are UTC. */
export const fixedSchedules: Schedule[] = [
  // Deadlines move statuses on their own: re-evaluate just after midnight and every 6 hours.
  { name: "refresh-statuses", cron: "5 0,6,12,18 * * *", queue: "refresh-statuses", timezone: "UTC" },
  { name: "housekeeping", cron: "17 3 * * *", queue: "housekeeping", timezone: "UTC" },
  // Every hour on the hour: each subscriber's digest goes out once their local send time has come.
  { name: "digests", cron: "0 * * * *", queue: "digests", timezone: "UTC" },
  // Mails that failed (or whose sender died) are picked up again, each after its own backoff.
  { name: "deliver-mail", cron: "*/5 * * * *", queue: "deliver-mail", timezone: "UTC" },
];

export async function registerWorkers(
  queue: JobQueue,
  app: App,
  tickSweep: (olderThan: Date) => Promise<unknown>,
) {
  await queue.work("refresh-statuses", () => app.services.status.refresh());
  await queue.work("housekeeping", async () => {
    await tickSweep(new Date(app.now().getTime() - 7 * 86_400_000));
    await app.services.poll.prunePolls(30);
    await app.services.authThrottle.prune();
    await app.services.sessions.prune();
  });
  await queue.work<QueuedBackfill>("backfill-source", (job) => app.services.backfill.resumeQueued(job));
  await queue.work("digests", () => app.services.digests.sendDue());
  await queue.work("deliver-mail", () => app.services.outbox.deliverPending({ throwOnFailure: true }));
}
