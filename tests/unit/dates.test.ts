import { describe, expect, it } from "vitest";
import {
  MOSCOW_OFFSET_MINUTES,
  parseDate,
  publishedDate,
  trustDate,
} from "../../src/sources/shared/dates.js";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const MSK = { defaultOffsetMinutes: MOSCOW_OFFSET_MINUTES };

describe("parseDate", () => {
  it("reads RFC 3339 with and without an offset", () => {
    expect(iso(parseDate("2026-04-10T19:30:00+03:00"))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("2026-04-10T16:30:00.123Z"))).toBe("2026-04-10T16:30:00.123Z");
    expect(iso(parseDate("2026-04-10 16:30:00+0000"))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("2026-04-10T19:30"))).toBe("2026-04-10T19:30:00.000Z");
    expect(iso(parseDate("2026-04-10T19:30", MSK))).toBe("2026-04-10T16:30:00.000Z");
  });

  it("reads RFC 822 with numeric and named zones", () => {
    expect(iso(parseDate("Fri, 10 Apr 2026 19:30:00 +0300"))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("Fri, 10 Apr 2026 16:30:00 GMT"))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("10 Apr 2026 12:30 EDT"))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("Fri, 10 Apr 26 19:30:00 MSK"))).toBe("2026-04-10T16:30:00.000Z");
  });

  it("reads Russian month names in Moscow time", () => {
    expect(iso(parseDate("12 августа 2026 года, 16:30", MSK))).toBe("2026-08-12T13:30:00.000Z");
    expect(iso(parseDate("1 января 2026", MSK))).toBe("2025-12-31T21:00:00.000Z");
    expect(iso(parseDate("12.08.2026 16:30", MSK))).toBe("2026-08-12T13:30:00.000Z");
    expect(iso(parseDate("3 Мая 2026 г., 09:05", MSK))).toBe("2026-05-03T06:05:00.000Z");
  });

  it("reads English month names, with a 12-hour clock", () => {
    expect(iso(parseDate("April 10, 2026"))).toBe("2026-04-10T00:00:00.000Z");
    expect(iso(parseDate("April 10, 2026, 19:30", MSK))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("Apr 10, 2026 4:30 PM"))).toBe("2026-04-10T16:30:00.000Z");
    expect(iso(parseDate("10 April 2026"))).toBe("2026-04-10T00:00:00.000Z");
  });

  it("never falls back to the machine's zone and refuses impossible dates", () => {
    expect(parseDate("31 April 2026")).toBeNull();
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("2026-13-01T00:00:00Z")).toBeNull();
    expect(parseDate("yesterday")).toBeNull();
    expect(parseDate("")).toBeNull();
    expect(parseDate("12 foobar 2026")).toBeNull();
  });
});

describe("trustDate", () => {
  const now = new Date("2026-04-11T00:00:00Z");
  it("keeps dates up to a day ahead, drops dates further in the future", () => {
    expect(iso(trustDate(new Date("2026-04-11T23:00:00Z"), now))).toBe("2026-04-11T23:00:00.000Z");
    expect(trustDate(new Date("2026-04-12T01:00:00Z"), now)).toBeNull();
    expect(publishedDate("Mon, 06 Jan 2031 10:00:00 GMT", now)).toBeNull();
  });
});
