// Writes gathered into batches, for the many small writes of a round of polls: one statement (and
// one commit) for many sources instead of one each. A batch goes when it holds `size` entries or
// `windowMs` after its first entry, with at most `maxInFlight` batches being written at once;
// entries that come meanwhile wait for the next, so batches grow by themselves when the database is
// slower (the embedded one runs in this very thread, where each statement costs a millisecond or
// two however small it is). Each entry's promise settles with its own result, or with its batch's
// error: a failed statement wrote nothing, for any entry of it.

export interface WriteBatcherOptions {
  size: number;
  windowMs: number;
  maxInFlight: number;
}

interface Waiting<In, Out> {
  entry: In;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

export class WriteBatcher<In, Out> {
  private pending: Waiting<In, Out>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    /** Writes a batch; returns one result per entry, in order. */
    private readonly write: (entries: In[]) => Promise<Out[]>,
    private readonly options: WriteBatcherOptions,
  ) {}

  add(entry: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is waiting now, and resolves once nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight > 0) {
      if (this.pending.length > 0 && this.inFlight < this.options.maxInFlight) this.flush();
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  private schedule(): void {
    if (this.pending.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    if (this.pending.length >= this.options.size) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0, this.options.size);
    if (batch.length === 0) return;
    this.inFlight++;
    this.write(batch.map((w) => w.entry))
      .then(
        (results) => {
          for (const [i, w] of batch.entries()) w.resolve(results[i]!);
        },
        (err) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        this.inFlight--;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
        this.schedule();
      });
  }
}
