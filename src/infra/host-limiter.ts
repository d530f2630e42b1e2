// Politeness per host: at most `concurrency` requests in flight to one host, and request starts
// to one host at least `spacingMs` apart (a site's robots.txt crawl-delay can ask for more).
// Waiters are served first come, first served; an aborted waiter leaves the queue at once.
// A request asked for `unspaced` (robots.txt, which every crawler reads right before its first
// page) takes a concurrency slot but neither waits for the spacing nor restarts it: otherwise a
// host's first poll costs a whole spacing more, which for 1,000 sources is minutes.
// Hosts with nothing in flight and nothing queued are forgotten, so 1,000 hosts cost nothing idle.

interface Waiter {
  grant: () => void;
  spaced: boolean;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface HostState {
  active: number;
  lastStart: number;
  spacingMs: number;
  queue: Waiter[];
  timer: NodeJS.Timeout | null;
}

export type Release = () => void;

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  // Crawl delays outlive the per-host state, which is dropped when a host goes idle.
  private readonly spacingOverrides = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly concurrency: number,
    private readonly spacingMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Ask for at least `spacingMs` between starts to `host` (robots.txt crawl-delay). */
  setMinimumSpacing(host: string, spacingMs: number): void {
    if (spacingMs > this.spacingMs) this.spacingOverrides.set(host, spacingMs);
    else this.spacingOverrides.delete(host);
    const state = this.hosts.get(host);
    if (state) state.spacingMs = Math.max(this.spacingMs, spacingMs);
  }

  /** Waits for a slot to `host`; resolves with the function that gives it back. */
  acquire(host: string, signal?: AbortSignal, opts: { unspaced?: boolean } = {}): Promise<Release> {
    if (this.closed) return Promise.reject(new Error("limiter closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const state = this.stateFor(host);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => resolve(this.releaser(host, state)),
        spaced: !opts.unspaced,
        reject,
        signal,
      };
      if (signal) {
        waiter.onAbort = () => {
          const i = state.queue.indexOf(waiter);
          if (i >= 0) state.queue.splice(i, 1);
          reject(signal.reason);
          this.pump(host, state);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      state.queue.push(waiter);
      this.pump(host, state);
    });
  }

  /** Rejects every waiter and stops timers. */
  close(): void {
    this.closed = true;
    for (const state of this.hosts.values()) {
      if (state.timer) clearTimeout(state.timer);
      for (const w of state.queue.splice(0)) {
        if (w.onAbort) w.signal?.removeEventListener("abort", w.onAbort);
        w.reject(new Error("limiter closed"));
      }
    }
    this.hosts.clear();
  }

  private stateFor(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = {
        active: 0,
        lastStart: Number.NEGATIVE_INFINITY,
        spacingMs: Math.max(this.spacingMs, this.spacingOverrides.get(host) ?? 0),
        queue: [],
        timer: null,
      };
      this.hosts.set(host, state);
    }
    return state;
  }

  private releaser(host: string, state: HostState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      this.pump(host, state);
    };
  }

  private pump(host: string, state: HostState): void {
    if (state.timer || this.closed) return;
    while (state.queue.length > 0 && state.active < this.concurrency) {
      const spaced = state.queue[0]!.spaced;
      const wait = spaced ? state.lastStart + state.spacingMs - this.now() : 0;
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = null;
          this.pump(host, state);
        }, wait);
        return;
      }
      const waiter = state.queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      state.active++;
      if (spaced) state.lastStart = this.now();
      waiter.grant();
    }
    if (state.active === 0 && state.queue.length === 0 && this.now() - state.lastStart >= state.spacingMs) {
      this.hosts.delete(host);
    }
  }
}
