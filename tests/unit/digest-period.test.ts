import { describe, expect, it } from "vitest";
import {
  duePeriod,
  firstDigestSince,
  isoWeekOf,
  isValidTimeZone,
  periodContaining,
  previousPeriod,
  scheduledSendTime,
  zonedTimeToUtc,
} from "../../src/domain/digest/period.js";

const at = (iso: string) => new Date(iso);
const sub = (over: Partial<Parameters<typeof duePeriod>[1]> = {}) => ({
  frequency: "daily" as const,
  timeZone: "UTC",
  hour: 8,
  weekday: 1,
  createdAt: at("2026-01-01T00:00:00Z"),
  ...over,
});

describe("calendar days in the subscriber's zone", () => {
  it("keys the day by the local date, not the UTC one", () => {
    // 22:30 UTC on 26 Nov is already 27 Nov in Moscow (UTC+3).
    const p = periodContaining(at("2026-11-26T22:30:00Z"), "daily", "Europe/Moscow");
    expect(p.key).toBe("2026-11-27");
    expect(p.label).toBe("27 Nov");
    expect(p.start.toISOString()).toBe("2026-11-26T21:00:00.000Z");
    expect(p.end.toISOString()).toBe("2026-11-27T21:00:00.000Z");
    expect(periodContaining(at("2026-11-26T22:30:00Z"), "daily", "UTC").key).toBe("2026-11-26");
  });

  it("gives a 23-hour day when clocks go forward and a 25-hour day when they go back", () => {
    const spring = periodContaining(at("2026-03-29T12:00:00Z"), "daily", "Europe/Berlin");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = periodContaining(at("2026-10-25T12:00:00Z"), "daily", "Europe/Berlin");
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
  });

  it("resolves a local time inside a DST gap to the first minute after it, and an overlap to the first", () => {
    // 02:30 does not exist in Berlin on 29 Mar 2026: clocks jump from 02:00 to 03:00 (01:00 UTC).
    expect(
      zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Berlin").toISOString(),
    ).toBe("2026-03-29T01:00:00.000Z");
    // 02:30 happens twice on 25 Oct 2026: the first is 00:30 UTC (still summer time).
    expect(
      zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Berlin").toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
  });

  it("handles zones with half-hour offsets", () => {
    const p = periodContaining(at("2026-11-26T20:00:00Z"), "daily", "Asia/Kolkata");
    expect(p.key).toBe("2026-11-27");
    expect(p.start.toISOString()).toBe("2026-11-26T18:30:00.000Z");
  });
});

describe("ISO weeks", () => {
  it("numbers weeks the ISO way, including the ones that straddle a new year", () => {
    expect(isoWeekOf({ year: 2026, month: 11, day: 26 })).toEqual({ isoYear: 2026, week: 48 });
    // 1 Jan 2027 is a Friday: it belongs to the last week of 2026 (week 53).
    expect(isoWeekOf({ year: 2027, month: 1, day: 1 })).toEqual({ isoYear: 2026, week: 53 });
    // 29 Dec 2025 is a Monday in week 1 of 2026.
    expect(isoWeekOf({ year: 2025, month: 12, day: 29 })).toEqual({ isoYear: 2026, week: 1 });
  });

  it("runs a weekly period from Monday 00:00 to the next Monday in the zone", () => {
    const p = periodContaining(at("2026-11-26T10:00:00Z"), "weekly", "Europe/Moscow");
    expect(p.key).toBe("2026-W48");
    expect(p.label).toBe("23–29 Nov");
    expect(p.start.toISOString()).toBe("2026-11-22T21:00:00.000Z");
    expect(p.end.toISOString()).toBe("2026-11-29T21:00:00.000Z");
    const across = periodContaining(at("2026-12-31T12:00:00Z"), "weekly", "UTC");
    expect(across.key).toBe("2026-W53");
    expect(across.label).toBe("28 Dec – 3 Jan");
    expect(previousPeriod(across).key).toBe("2026-W52");
  });
});

describe("when a subscriber's digest is due", () => {
  it("is due from the subscriber's local hour on, not before", () => {
    const moscow = sub({ timeZone: "Europe/Moscow", hour: 8 });
    expect(duePeriod(at("2026-11-26T04:59:00Z"), moscow)).toBeNull();
    expect(duePeriod(at("2026-11-26T05:00:00Z"), moscow)?.key).toBe("2026-11-26");
    // A tick that runs late (or the first after a restart) still finds the day's digest due.
    expect(duePeriod(at("2026-11-26T15:00:00Z"), moscow)?.key).toBe("2026-11-26");
  });

  it("sends weekly digests on the chosen weekday (Monday by default)", () => {
    const weekly = sub({ frequency: "weekly", hour: 8 });
    expect(duePeriod(at("2026-11-23T07:00:00Z"), weekly)).toBeNull();
    expect(duePeriod(at("2026-11-23T08:00:00Z"), weekly)?.key).toBe("2026-W48");
    expect(duePeriod(at("2026-11-26T08:00:00Z"), sub({ frequency: "weekly", weekday: 5 }))).toBeNull();
    expect(
      scheduledSendTime(periodContaining(at("2026-11-26T08:00:00Z"), "weekly", "UTC"), {
        hour: 9,
        weekday: 5,
      }).toISOString(),
    ).toBe("2026-11-27T09:00:00.000Z");
  });

  it("waits for the next period when someone subscribes after today's send time", () => {
    const late = sub({ createdAt: at("2026-11-26T15:00:00Z") });
    expect(duePeriod(at("2026-11-26T16:00:00Z"), late)).toBeNull();
    expect(duePeriod(at("2026-11-27T08:00:00Z"), late)?.key).toBe("2026-11-27");
  });

  it("lets a first digest look back one period at most", () => {
    expect(firstDigestSince(at("2026-11-26T08:00:00Z"), "daily").toISOString()).toBe(
      "2026-11-25T08:00:00.000Z",
    );
    expect(firstDigestSince(at("2026-11-26T08:00:00Z"), "weekly").toISOString()).toBe(
      "2026-11-19T08:00:00.000Z",
    );
  });
});

describe("time zone names", () => {
  it("accepts IANA names and refuses made-up ones", () => {
    expect(isValidTimeZone("Europe/Moscow")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});
