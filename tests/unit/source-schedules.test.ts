// Which sources the clock schedules: paused ones are left out, and so is one whose stored
// expression node-cron refuses, reported in words instead of stopping the rest.
import { describe, expect, it } from "vitest";
import { pollableSources } from "../../src/services/source-schedules.js";

describe("pollableSources", () => {
  it("keeps the sources not paused with a valid expression, in order, and reports the invalid ones", () => {
    const reported: string[] = [];
    const kept = pollableSources(
      [
        { id: 1, schedule: "*/15 * * * *", paused: false },
        { id: 2, schedule: "0 * * * *", paused: true },
        { id: 3, schedule: "every hour", paused: false },
        { id: 4, schedule: "* * * * * *", paused: false },
      ],
      (m) => reported.push(m),
    );
    expect(kept.map((s) => s.id)).toEqual([1, 4]);
    expect(reported).toEqual([
      'source 3 has an invalid schedule "every hour"; it is not polled until it is fixed.',
    ]);
  });
});
