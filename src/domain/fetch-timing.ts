// When to look at a source again. Rules:
//  - After an answer: the latest of the source's own schedule and what the server asked for (feed
//    TTL, Cache-Control max-age, Retry-After). The server's wishes are capped at a ceiling (24 h by
//    default) so a careless `max-age=31536000` cannot silence a source for a year; the user's own
//    schedule is never cut short by the ceiling.
//  - After failures: an exponential backoff, base × 2^(failures − 1), capped at a ceiling. It is
//    never infinite: a failing source is always retried, and shows up as failing, never silently
//    disabled.
// Pure: the clock is an argument.

export const DEFAULT_CEILING_MINUTES = 24 * 60;
export const DEFAULT_BACKOFF_BASE_MINUTES = 15;

export interface NextCheckInput {
  now: Date;
  /** The next time the source's own schedule fires, if known. */
  scheduledNext?: Date | null;
  /** The feed's `<ttl>` (RSS) in minutes. */
  ttlMinutes?: number | null;
  /** Cache-Control max-age (FetchResult.maxAgeSeconds). */
  maxAgeSeconds?: number | null;
  /** Retry-After (FetchResult.retryAfterSeconds or FetchError.retryAfterSeconds). */
  retryAfterSeconds?: number | null;
  /** Cap on the server-derived delays; default 24 h. */
  ceilingMinutes?: number;
}

/** The earliest time the source should be fetched again. Never before `now`. */
export function nextCheckAt(input: NextCheckInput): Date {
  const now = input.now.getTime();
  const ceilingMs = positiveOr(input.ceilingMinutes, DEFAULT_CEILING_MINUTES) * 60_000;
  const serverDelays = [
    msOrZero(input.ttlMinutes, 60_000),
    msOrZero(input.maxAgeSeconds, 1000),
    msOrZero(input.retryAfterSeconds, 1000),
  ];
  const serverAt = now + Math.min(Math.max(...serverDelays), ceilingMs);
  const scheduled = input.scheduledNext ? input.scheduledNext.getTime() : Number.NaN;
  const at = Number.isFinite(scheduled) ? Math.max(scheduled, serverAt) : serverAt;
  return new Date(Math.max(at, now));
}

export interface BackoffOptions {
  /** Delay after the first failure; default 15 minutes. */
  baseMinutes?: number;
  /** Longest delay; default 24 h. */
  ceilingMinutes?: number;
  /**
   * Spread, as a fraction (0.1 = ±10 %), so sources that failed together (the network was down)
   * do not all retry in the same second. Default 0: deterministic.
   */
  jitter?: number;
  /** Random source in [0, 1) for the jitter; default Math.random. */
  random?: () => number;
}

/**
 * Milliseconds to wait before retrying a source that failed `consecutiveFailures` times in a row:
 * 0 when it has not failed, base × 2^(n − 1) after n failures, never more than the ceiling.
 */
export function backoffDelay(consecutiveFailures: number, options: BackoffOptions = {}): number {
  if (!Number.isFinite(consecutiveFailures) || consecutiveFailures <= 0) return 0;
  const baseMs = positiveOr(options.baseMinutes, DEFAULT_BACKOFF_BASE_MINUTES) * 60_000;
  const ceilingMs = Math.max(baseMs, positiveOr(options.ceilingMinutes, DEFAULT_CEILING_MINUTES) * 60_000);
  // 2^52 already exceeds any ceiling; clamping the exponent keeps the arithmetic finite.
  const exponent = Math.min(Math.floor(consecutiveFailures) - 1, 52);
  const delay = Math.min(baseMs * 2 ** exponent, ceilingMs);
  const jitter = Math.min(Math.max(options.jitter ?? 0, 0), 1);
  if (jitter === 0) return delay;
  const r = (options.random ?? Math.random)();
  return Math.round(Math.min(delay * (1 + jitter * (2 * r - 1)), ceilingMs));
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function msOrZero(value: number | null | undefined, unitMs: number): number {
  return value !== null && value !== undefined && Number.isFinite(value) && value > 0 ? value * unitMs : 0;
}
