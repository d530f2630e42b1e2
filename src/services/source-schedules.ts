// Which sources the clock polls, each on its own schedule: those not paused whose stored cron
// expression node-cron accepts. A source with an expression it refuses is left out and reported,
// since scheduling it would throw and stop every source after it.
import cron from "node-cron";

export interface SourceScheduleRow {
  id: number;
  schedule: string;
  paused: boolean;
}

/** The sources to schedule, in the order given; `report` hears of each one left out for its expression. */
export function pollableSources<T extends SourceScheduleRow>(
  sources: readonly T[],
  report: (message: string) => void = () => {},
): T[] {
  const out: T[] = [];
  for (const s of sources) {
    if (s.paused) continue;
    if (!cron.validate(s.schedule)) {
      report(`source ${s.id} has an invalid schedule "${s.schedule}"; it is not polled until it is fixed.`);
      continue;
    }
    out.push(s);
  }
  return out;
}
