// The clock of polling: one loop per instance claims the sources whose next check has come (kept
// in each source's row; never polled means due at once), a batch at a time, and polls each batch
// through the same path as `policywatch poll`. The claim is made in the database (PollRepository
// `claimDue`), so instances on one database share the sources and never poll one twice in a slot.
// The loop sleeps until the next source is due, never longer than `idleMs`, and wakes early when
// told the sources changed.
import { setMaxListeners } from "node:events";
import type { PollService } from "./poll-service.js";

export interface PollSchedulerOptions {
  /** Sources claimed at once (default 500). */
  batchSize?: number;
  /** Longest sleep between two looks at the database (default 5 s). */
  idleMs?: number;
  /** Where errors of our own go (the service log). */
  onError?: (message: string) => void;
}

/** Least pause between two looks, so that a source another instance holds locked is not spun on. */
const MIN_PAUSE_MS = 25;

export class PollScheduler {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly onError: (message: string) => void;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly poll: Pick<PollService, "pollDueBatch" | "nextDueAt">,
    private readonly now: () => Date,
    options: PollSchedulerOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.idleMs = Math.max(MIN_PAUSE_MS, options.idleMs ?? 5_000);
    this.onError = options.onError ?? (() => {});
    // Every fetch in flight listens on the one signal.
    setMaxListeners(0, this.abort.signal);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Looks for due sources now (a source was added or resumed). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Claims nothing more, cancels the fetches in flight, and resolves once their polls are recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let pause = this.idleMs;
      try {
        const { claimed } = await this.poll.pollDueBatch(this.batchSize, this.abort.signal);
        if (claimed > 0) continue;
        const next = await this.poll.nextDueAt();
        if (next !== null)
          pause = Math.min(this.idleMs, Math.max(MIN_PAUSE_MS, next.getTime() - this.now().getTime()));
      } catch (err) {
        // The database is away: the polls' leases run out and their sources are claimed again later.
        if (!this.stopping)
          this.onError(`scheduled polls stopped: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!this.stopping && !this.woken) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => {
      this.wakeUp = null;
    });
  }
}
