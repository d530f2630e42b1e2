// The service's scheduled work: cron expressions and the queue each one feeds, and the workers
// that call a service for each queued job. No logic here.
import type { App } from "../src/app.js";
import type { JobQueue, QueueDefinition } from "../src/repositories/job-queue.js";
import type { Schedule } from "../src/services/scheduler.js";

export const queues: QueueDefinition[] = [
  { name: "refresh-statuses", retryLimit: 3 },
  { name: "housekeeping", retryLimit: 1 },
];

/** Fixed schedules (sources get their own, one per source). Times are UTC. */
export const fixedSchedules: Schedule[] = [
  // Deadlines move statuses on their own: re-evaluate just after midnight and every 6 hours.
  { name: "refresh-statuses", cron: "5 0,6,12,18 * * *", queue: "refresh-statuses", timezone: "UTC" },
  { name: "housekeeping", cron: "17 3 * * *", queue: "housekeeping", timezone: "UTC" },
];

export async function registerWorkers(queue: JobQueue, app: App, tickSweep: (olderThan: Date) => Promise<unknown>) {
  await queue.work("refresh-statuses", () => app.services.status.refresh());
  await queue.work("housekeeping", () => tickSweep(new Date(app.now().getTime() - 7 * 86_400_000)));
}
