// When the scheduler next finds a source due: its schedule's next slot after the poll (cron-next.ts),
// held back by backoff or what the server asked (source-health.ts). Pure arithmetic around the
// places clocks and calendars jump: DST changes, month ends, leap days, and a tick that overran.
import { describe, expect, it } from "vitest";
import { nextCronRun } from "../../src/domain/cron-next.js";
import { nextCheckAfterFailure, nextCheckAfterSuccess } from "../../src/domain/source-health.js";

const next = (expression: string, after: string, zone = "UTC") =>
  nextCronRun(expression, new Date(after), zone)?.toISOString() ?? null;

/** The instants a schedule fires at from `after`, `count` of them. */
function slots(expression: string, after: string, zone: string, count: number): string[] {
  const out: string[] = [];
  let at = new Date(after);
  for (let i = 0; i < count; i++) {
    at = nextCronRun(expression, at, zone)!;
    out.push(at.toISOString());
  }
  return out;
}

describe("slots across a DST change", () => {
  it("keeps a 30-second schedule every 30 s through both passes of the hour clocks go back over", () => {
    // Berlin, 25 Oct 2026: 03:00 CEST (01:00Z) becomes 02:00 CET; 02:xx happens twice.
    expect(next("*/30 * * * * *", "2026-10-25T00:10:00Z", "Europe/Berlin")).toBe("2026-10-25T00:10:30.000Z");
    expect(next("*/30 * * * * *", "2026-10-25T00:59:30Z", "Europe/Berlin")).toBe("2026-10-25T01:00:00.000Z");
    const run = slots("*/30 * * * * *", "2026-10-25T00:58:00Z", "Europe/Berlin", 10);
    const gaps = run.slice(1).map((t, i) => Date.parse(t) - Date.parse(run[i]!));
    expect(new Set(gaps)).toEqual(new Set([30_000]));
  });

  it("polls an hourly source in both passes of the repeated hour, a daily one once", () => {
    expect(slots("0 * * * *", "2026-10-24T23:30:00Z", "Europe/Berlin", 4)).toEqual([
      "2026-10-25T00:00:00.000Z", // 02:00 CEST
      "2026-10-25T01:00:00.000Z", // 02:00 CET
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T03:00:00.000Z",
    ]);
    expect(slots("30 2 * * *", "2026-10-24T12:00:00Z", "Europe/Berlin", 2)).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("runs a slot the clocks skip at the moment they jump, and the schedule's others as usual", () => {
    // Berlin, 29 Mar 2026: 02:00 CET (01:00Z) becomes 03:00 CEST; 02:30 never happens.
    expect(next("30 2 * * *", "2026-03-28T12:00:00Z", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(next("30 2 * * *", "2026-03-29T01:00:00Z", "Europe/Berlin")).toBe("2026-03-30T00:30:00.000Z");
    expect(next("*/15 * * * *", "2026-03-08T06:50:00Z", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    const run = slots("*/30 * * * * *", "2026-03-29T00:59:00Z", "Europe/Berlin", 4);
    expect(run).toEqual([
      "2026-03-29T00:59:30.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:00:30.000Z",
      "2026-03-29T01:01:00.000Z",
    ]);
  });
});

describe("slots at month ends", () => {
  it("skips months without the day, finds the last day and leap days", () => {
    expect(next("0 0 31 * *", "2026-01-31T00:00:00Z")).toBe("2026-03-31T00:00:00.000Z");
    expect(next("0 0 L * *", "2028-02-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
    expect(next("0 0 L * *", "2027-02-01T00:00:00Z")).toBe("2027-02-28T00:00:00.000Z");
    expect(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
    expect(next("*/30 * * * * *", "2026-12-31T23:59:45Z")).toBe("2027-01-01T00:00:00.000Z");
  });

  it("reads month ends in the source's zone, not UTC", () => {
    // Midnight on 1 March in Moscow is 21:00 UTC on the last day of February.
    expect(next("0 0 1 * *", "2026-02-15T00:00:00Z", "Europe/Moscow")).toBe("2026-02-28T21:00:00.000Z");
  });
});

describe("the next check after a tick", () => {
  const at = (iso: string) => new Date(iso);

  it("is the first slot after the poll ended: a tick that overran skips a slot, never runs it twice", () => {
    // A 30-second schedule whose tick started at :00 and ended at :41 next looks at 01:00, once.
    const ended = at("2026-12-06T10:00:41Z");
    const due = nextCheckAfterSuccess({ now: ended, scheduledNext: nextCronRun("*/30 * * * * *", ended) });
    expect(due.toISOString()).toBe("2026-12-06T10:01:00.000Z");
    const onTime = at("2026-12-06T10:00:02Z");
    expect(
      nextCheckAfterSuccess({
        now: onTime,
        scheduledNext: nextCronRun("*/30 * * * * *", onTime),
      }).toISOString(),
    ).toBe("2026-12-06T10:00:30.000Z");
  });

  it("waits for Retry-After or backoff past the schedule's slot", () => {
    const now = at("2026-12-06T10:00:02Z");
    const slot = nextCronRun("*/30 * * * * *", now);
    expect(nextCheckAfterSuccess({ now, scheduledNext: slot, retryAfterSeconds: 120 }).toISOString()).toBe(
      "2026-12-06T10:02:02.000Z",
    );
    expect(nextCheckAfterFailure({ now, scheduledNext: slot, consecutiveFailures: 2 }).toISOString()).toBe(
      "2026-12-06T10:30:02.000Z",
    );
  });
});
