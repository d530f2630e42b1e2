import { describe, expect, it } from "vitest";
import { nextCronRun } from "../../src/domain/cron-next.js";

const at = (iso: string) => new Date(iso);

describe("the next run of a source's schedule", () => {
  it("finds the next quarter hour, strictly after the given time", () => {
    expect(nextCronRun("*/15 * * * *", at("2026-04-10T10:07:12Z"))?.toISOString()).toBe(
      "2026-04-10T10:15:00.000Z",
    );
    expect(nextCronRun("*/15 * * * *", at("2026-04-10T10:15:00Z"))?.toISOString()).toBe(
      "2026-04-10T10:30:00.000Z",
    );
  });

  it("honours a seconds field", () => {
    expect(nextCronRun("*/5 * * * * *", at("2026-04-10T10:00:01Z"))?.toISOString()).toBe(
      "2026-04-10T10:00:05.000Z",
    );
  });

  it("rolls over hours, days, months and weekdays", () => {
    expect(nextCronRun("0 */2 * * *", at("2026-04-10T23:30:00Z"))?.toISOString()).toBe(
      "2026-04-11T00:00:00.000Z",
    );
    expect(nextCronRun("0 9 * * 1-5", at("2026-04-10T10:00:00Z"))?.toISOString()).toBe(
      "2026-04-13T09:00:00.000Z",
    );
    expect(nextCronRun("0 0 1 * *", at("2026-12-15T00:00:00Z"))?.toISOString()).toBe(
      "2027-01-01T00:00:00.000Z",
    );
  });

  it("reads the expression in the given time zone", () => {
    // 09:00 in Moscow (UTC+3) is 06:00 UTC.
    expect(nextCronRun("0 9 * * *", at("2026-04-10T07:00:00Z"), "Europe/Moscow")?.toISOString()).toBe(
      "2026-04-11T06:00:00.000Z",
    );
  });

  it("refuses an expression that is not cron", () => {
    expect(() => nextCronRun("every day", at("2026-01-01T00:00:00Z"))).toThrow();
  });
});
