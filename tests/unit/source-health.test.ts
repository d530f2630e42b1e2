import { describe, expect, it } from "vitest";
import {
  isDue,
  isStale,
  nextCheckAfterFailure,
  staleAfter,
  stateAfterSuccess,
  stateForError,
  usualGapMs,
} from "../../src/domain/source-health.js";

const day = 86_400_000;
const times = (...iso: string[]) => iso.map((s) => new Date(s));

describe("a source's health", () => {
  it("judges staleness on the source's own cadence, never under a day", () => {
    // Daily items: stale once three days pass without one.
    const daily = times(
      "2026-04-10T10:00:00Z",
      "2026-04-09T10:00:00Z",
      "2026-04-08T10:00:00Z",
      "2026-04-07T10:00:00Z",
    );
    expect(usualGapMs(daily)).toBe(day);
    expect(isStale(daily, new Date("2026-04-12T10:00:00Z"))).toBe(false);
    expect(isStale(daily, new Date("2026-04-13T11:00:00Z"))).toBe(true);
    // Hourly items: a quiet night is not stale.
    const hourly = times("2026-04-10T10:00:00Z", "2026-04-10T09:00:00Z", "2026-04-10T08:00:00Z");
    expect(isStale(hourly, new Date("2026-04-10T22:00:00Z"))).toBe(false);
    expect(isStale(hourly, new Date("2026-04-11T11:00:00Z"))).toBe(true);
  });

  it("keeps the moment a source turns stale, so that an unchanged poll needs no item history", () => {
    const daily = times("2026-04-10T10:00:00Z", "2026-04-09T10:00:00Z", "2026-04-08T10:00:00Z");
    const at = staleAfter(daily)!;
    expect(at.toISOString()).toBe("2026-04-13T10:00:00.000Z");
    expect(stateAfterSuccess(at, new Date("2026-04-13T09:00:00Z"))).toBe("healthy");
    expect(stateAfterSuccess(at, new Date("2026-04-13T11:00:00Z"))).toBe("stale");
    expect(stateAfterSuccess(null, new Date("2030-01-01T00:00:00Z"))).toBe("healthy");
  });

  it("does not call a source with too little history stale", () => {
    expect(
      isStale(times("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"), new Date("2026-04-10T00:00:00Z")),
    ).toBe(false);
  });

  it("marks bot walls and robots.txt refusals as blocked, other failures as failing", () => {
    expect(stateForError("blocked")).toBe("blocked");
    expect(stateForError("robots")).toBe("blocked");
    expect(stateForError("http")).toBe("failing");
    expect(stateForError("rate-limited")).toBe("failing");
  });

  it("backs off exponentially on failures, honours Retry-After, and always retries within the ceiling", () => {
    const now = new Date("2026-04-10T10:00:00Z");
    const waitAfter = (n: number, retryAfterSeconds?: number) =>
      nextCheckAfterFailure({
        now,
        scheduledNext: null,
        consecutiveFailures: n,
        retryAfterSeconds,
      }).getTime() - now.getTime();
    expect(waitAfter(1)).toBe(15 * 60_000);
    expect(waitAfter(3)).toBe(60 * 60_000);
    expect(waitAfter(1, 7200)).toBe(2 * 3600_000);
    expect(waitAfter(50)).toBe(day);
  });

  it("lets a tick through when it fires a hair before the next check, not when a backoff holds", () => {
    const last = new Date("2026-04-10T10:00:03Z");
    const next = new Date("2026-04-10T10:15:03Z");
    expect(isDue(next, last, new Date("2026-04-10T10:15:00Z"))).toBe(true);
    expect(isDue(new Date("2026-04-10T11:00:00Z"), last, new Date("2026-04-10T10:15:00Z"))).toBe(false);
    expect(isDue(null, null, new Date())).toBe(true);
  });
});
