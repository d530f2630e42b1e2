// The per-address throttle on wrong admin tokens, shared by the sign-in form and the API's bearer
// tokens (rules in src/domain/auth-throttle.ts, counts in the database).
import {
  BLOCK_MS,
  FAILURE_WINDOW_MS,
  MAX_FAILED_ATTEMPTS,
  retryAfterSeconds,
  throttleKey,
} from "../domain/auth-throttle.js";
import type { AuthThrottleRepository } from "../repositories/auth-throttle-repository.js";

export interface Refusal {
  until: Date;
  /** Whole seconds until the block ends (the Retry-After header). */
  retryAfter: number;
}

export class AuthThrottleService {
  constructor(
    private readonly repo: AuthThrottleRepository,
    private readonly now: () => Date,
  ) {}

  /** Null when `address` may present a token now; else when it may again. */
  async refusal(address: string): Promise<Refusal | null> {
    const now = this.now();
    const until = await this.repo.blockedUntil(throttleKey(address), now);
    return until ? { until, retryAfter: retryAfterSeconds(until, now) } : null;
  }

  /** Counts a wrong token from `address`. */
  async failed(address: string): Promise<void> {
    await this.repo.recordFailure(throttleKey(address), this.now(), {
      maxFailures: MAX_FAILED_ATTEMPTS,
      windowMs: FAILURE_WINDOW_MS,
      blockMs: BLOCK_MS,
    });
  }

  /** A sign-in with the right token: the address's earlier mistakes are forgotten. */
  async succeeded(address: string): Promise<void> {
    await this.repo.clear(throttleKey(address));
  }

  /** Housekeeping: rows whose window and block have ended. */
  prune(): Promise<number> {
    return this.repo.prune(this.now());
  }
}
