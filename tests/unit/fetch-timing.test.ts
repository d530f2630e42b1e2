import { describe, expect, it } from "vitest";
import { backoffDelay, nextCheckAt } from "../../src/domain/fetch-timing.js";

const now = new Date("2026-04-10T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe("nextCheckAt", () => {
  it("follows the schedule when the server asks for nothing", () => {
    expect(nextCheckAt({ now, scheduledNext: minutes(15) })).toEqual(minutes(15));
  });

  it("waits for the longest of feed TTL, max-age and Retry-After when they exceed the schedule", () => {
    expect(nextCheckAt({ now, scheduledNext: minutes(15), ttlMinutes: 60 })).toEqual(minutes(60));
    expect(nextCheckAt({ now, scheduledNext: minutes(15), maxAgeSeconds: 1800 })).toEqual(minutes(30));
    expect(
      nextCheckAt({
        now,
        scheduledNext: minutes(15),
        ttlMinutes: 20,
        maxAgeSeconds: 600,
        retryAfterSeconds: 7200,
      }),
    ).toEqual(minutes(120));
  });

  it("keeps the schedule when the server's delays are shorter", () => {
    expect(
      nextCheckAt({ now, scheduledNext: minutes(15), maxAgeSeconds: 60, retryAfterSeconds: 30 }),
    ).toEqual(minutes(15));
  });

  it("caps what the server asks at the ceiling, 24 hours by default", () => {
    expect(nextCheckAt({ now, scheduledNext: minutes(15), maxAgeSeconds: 365 * 86_400 })).toEqual(
      minutes(1440),
    );
    expect(nextCheckAt({ now, retryAfterSeconds: 86_400 * 3, ceilingMinutes: 120 })).toEqual(minutes(120));
  });

  it("never shortens the user's own schedule to the ceiling", () => {
    const weekly = minutes(7 * 1440);
    expect(nextCheckAt({ now, scheduledNext: weekly, maxAgeSeconds: 60, ceilingMinutes: 60 })).toEqual(
      weekly,
    );
  });

  it("ignores missing, zero, negative and non-finite hints and never returns the past", () => {
    expect(
      nextCheckAt({
        now,
        scheduledNext: null,
        ttlMinutes: null,
        maxAgeSeconds: -5,
        retryAfterSeconds: Number.NaN,
      }),
    ).toEqual(now);
    expect(nextCheckAt({ now, scheduledNext: minutes(-30) })).toEqual(now);
  });
});

describe("backoffDelay", () => {
  const min = 60_000;

  it("does not delay a source that has not failed", () => {
    expect(backoffDelay(0)).toBe(0);
    expect(backoffDelay(-1)).toBe(0);
  });

  it("doubles from the base with each consecutive failure", () => {
    const opts = { baseMinutes: 5, ceilingMinutes: 1440 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, opts) / min)).toEqual([5, 10, 20, 40]);
  });

  it("defaults to 15 minutes doubling up to 24 hours", () => {
    expect(backoffDelay(1)).toBe(15 * min);
    expect(backoffDelay(7)).toBe(960 * min);
    expect(backoffDelay(8)).toBe(1440 * min);
  });

  it("stops at the ceiling and stays finite however many failures", () => {
    const opts = { baseMinutes: 15, ceilingMinutes: 360 };
    expect(backoffDelay(6, opts)).toBe(360 * min);
    for (const n of [100, 10_000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(n, opts);
      expect(Number.isFinite(delay)).toBe(true);
      expect(delay).toBe(360 * min);
    }
  });

  it("spreads retries with jitter within the ceiling", () => {
    const opts = { baseMinutes: 10, ceilingMinutes: 1440, jitter: 0.2 };
    expect(backoffDelay(1, { ...opts, random: () => 0 })).toBe(8 * min);
    expect(backoffDelay(1, { ...opts, random: () => 0.999999 })).toBeCloseTo(12 * min, -2);
    expect(backoffDelay(20, { ...opts, random: () => 0.999999 })).toBe(1440 * min);
  });
});
