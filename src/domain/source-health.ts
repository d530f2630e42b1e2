// A source's health in words a user acts on, and when to look at it again. Rules:
//  - `pending`: never polled. `healthy`: the last poll succeeded (304 included).
//  - `failing`: the last poll failed; `blocked`: it failed because the site refuses us (a bot
//    wall, or robots.txt forbids the URL). Both keep every stored item and are retried with an
//    exponential backoff capped at a ceiling: a source is never silently disabled for good.
//  - `stale`: the last poll succeeded but the source has published nothing for longer than its own
//    usual cadence. The cadence comes from the source's item history: the mean gap between its
//    newest items (up to 20, by published time, else first-seen time). "Longer" means more than
//    STALE_FACTOR × that gap, and never less than a day, because publishing is bursty (the Kremlin
//    posts several items in an hour, then nothing overnight). Fewer than 3 dated items: too little
//    history to judge, never stale.
// Pure: the clock is an argument.
import { backoffDelay, nextCheckAt } from "./fetch-timing.js";
import type { FetchErrorInfo, FetchErrorKind } from "./fetch-error.js";

export const SOURCE_STATES = ["pending", "healthy", "failing", "stale", "blocked"] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

export const STALE_FACTOR = 3;
export const STALE_MIN_MS = 24 * 60 * 60_000;
export const CADENCE_SAMPLE = 20;
const CADENCE_MIN_ITEMS = 3;

/** Mean gap between the newest item times, or null with too little history. */
export function usualGapMs(itemTimes: readonly Date[]): number | null {
  const times = itemTimes
    .map((d) => d.getTime())
    .filter(Number.isFinite)
    .sort((a, b) => b - a)
    .slice(0, CADENCE_SAMPLE);
  if (times.length < CADENCE_MIN_ITEMS) return null;
  return (times[0]! - times[times.length - 1]!) / (times.length - 1);
}

/**
 * When a source with these item times turns stale if nothing new arrives: its newest item's time
 * plus max(STALE_FACTOR × usual gap, a day); null with too little history (never stale).
 * Kept on the source (`staleAfter`) so that an unchanged poll judges staleness without reading items.
 */
export function staleAfter(itemTimes: readonly Date[]): Date | null {
  const gap = usualGapMs(itemTimes);
  if (gap === null) return null;
  const newest = Math.max(...itemTimes.map((d) => d.getTime()).filter(Number.isFinite));
  return new Date(newest + Math.max(STALE_FACTOR * gap, STALE_MIN_MS));
}

/** True when the newest item is older than the source's usual cadence allows (see the rules). */
export function isStale(itemTimes: readonly Date[], now: Date): boolean {
  const after = staleAfter(itemTimes);
  return after !== null && now.getTime() > after.getTime();
}

/** The state of a source that answered: `stale` past its `staleAfter`, else `healthy`. */
export function stateAfterSuccess(staleAt: Date | null, now: Date): "healthy" | "stale" {
  return staleAt !== null && now.getTime() > staleAt.getTime() ? "stale" : "healthy";
}

/** The state a failure puts a source in. */
export function stateForError(kind: FetchErrorKind | string): SourceState {
  return kind === "blocked" || kind === "robots" ? "blocked" : "failing";
}

/** What is kept of a failure in `Source.lastError`: kind and words, and the details that apply. */
export function errorRecord(error: FetchErrorInfo): {
  kind: string;
  message: string;
  status?: number;
  retryAfterSeconds?: number;
} {
  const out: { kind: string; message: string; status?: number; retryAfterSeconds?: number } = {
    kind: error.kind,
    message: error.message,
  };
  if (error.status !== undefined) out.status = error.status;
  if (error.retryAfterSeconds !== undefined) out.retryAfterSeconds = error.retryAfterSeconds;
  return out;
}

export interface TimingPolicy {
  /** Cap on server-asked delays (TTL, Cache-Control, Retry-After); minutes. */
  ceilingMinutes?: number;
  /** First backoff delay after a failure; minutes. */
  backoffBaseMinutes?: number;
  /** Longest backoff delay; minutes. */
  backoffCeilingMinutes?: number;
}

/** Next check after a successful answer: max(schedule, TTL, Cache-Control, Retry-After), capped. */
export function nextCheckAfterSuccess(
  input: {
    now: Date;
    scheduledNext: Date | null;
    ttlMinutes?: number | null;
    maxAgeSeconds?: number | null;
    retryAfterSeconds?: number | null;
  },
  policy: TimingPolicy = {},
): Date {
  return nextCheckAt({ ...input, ceilingMinutes: policy.ceilingMinutes });
}

/** Next check after the `consecutiveFailures`-th failure in a row: backoff, Retry-After, schedule. */
export function nextCheckAfterFailure(
  input: {
    now: Date;
    scheduledNext: Date | null;
    consecutiveFailures: number;
    retryAfterSeconds?: number | null;
  },
  policy: TimingPolicy = {},
): Date {
  const server = nextCheckAt({
    now: input.now,
    scheduledNext: input.scheduledNext,
    retryAfterSeconds: input.retryAfterSeconds,
    ceilingMinutes: policy.ceilingMinutes,
  });
  const backoff = backoffDelay(input.consecutiveFailures, {
    baseMinutes: policy.backoffBaseMinutes,
    ceilingMinutes: policy.backoffCeilingMinutes,
  });
  return new Date(Math.max(server.getTime(), input.now.getTime() + backoff));
}

/**
 * Whether a scheduled poll should go ahead. A tick can fire a hair before `nextCheckAt` (the
 * next check was computed from the end of the previous poll), so a tenth of the imposed wait, at
 * least one second and at most a minute, counts as due; a Retry-After or backoff still holds a
 * source back.
 */
export function isDue(nextCheck: Date | null, lastChecked: Date | null, now: Date): boolean {
  if (nextCheck === null) return true;
  const imposed = lastChecked ? Math.max(0, nextCheck.getTime() - lastChecked.getTime()) : 0;
  const slack = Math.min(60_000, Math.max(1000, imposed / 10));
  return nextCheck.getTime() <= now.getTime() + slack;
}
