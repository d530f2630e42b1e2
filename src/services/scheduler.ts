// The clock of the fixed schedules (digests, mail, statuses, housekeeping): node-cron fires each
// in every instance; the database coordinator lets one instance per tick through, and that instance
// only enqueues the work (pg-boss runs it). Sources are polled by due time instead (poll-scheduler.ts).
import cron, { type RunCoordinator, type ScheduledTask } from "node-cron";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";

export interface Schedule {
  /** Unique and stable: the tick key is `${name}:${slot}`. */
  name: string;
  /** node-cron syntax, optional seconds field. */
  cron: string;
  queue: string;
  data?: object;
  timezone?: string;
}

export interface Enqueuer {
  send(queue: string, data: object, opts?: { singletonKey?: string }): Promise<unknown>;
}

export class InvalidScheduleError extends Error implements CategorizedError {
  constructor(readonly expression: string) {
    super(
      `"${expression}" is not a valid cron schedule (minute hour day month weekday, optional seconds first).`,
    );
    this.name = "InvalidScheduleError";
  }

  get category(): ErrorCategory {
    return "invalid";
  }
}

export function assertValidCron(expression: string): void {
  if (!cron.validate(expression)) throw new InvalidScheduleError(expression);
}

export class Scheduler {
  private readonly tasks = new Map<string, { task: ScheduledTask; schedule: Schedule }>();

  constructor(
    private readonly queue: Enqueuer,
    private readonly coordinator: RunCoordinator,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  /** Adds or replaces a schedule; an identical one is left running. */
  set(schedule: Schedule): void {
    assertValidCron(schedule.cron);
    const existing = this.tasks.get(schedule.name);
    if (existing && JSON.stringify(existing.schedule) === JSON.stringify(schedule)) return;
    if (existing) this.remove(schedule.name);
    const task = cron.schedule(
      schedule.cron,
      async () => {
        try {
          await this.queue.send(schedule.queue, schedule.data ?? {}, { singletonKey: schedule.name });
        } catch (err) {
          this.onError(
            `could not enqueue ${schedule.name}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      },
      {
        name: schedule.name,
        timezone: schedule.timezone,
        distributed: true,
        runCoordinator: this.coordinator,
        noOverlap: true,
        suppressMissedWarning: true,
      },
    );
    this.tasks.set(schedule.name, { task, schedule });
  }

  remove(name: string): void {
    const entry = this.tasks.get(name);
    if (!entry) return;
    void entry.task.destroy();
    this.tasks.delete(name);
  }

  stop(): void {
    for (const name of [...this.tasks.keys()]) this.remove(name);
  }
}
