// The dates a user types (API query parameters, CLI options): a real calendar day written
// YYYY-MM-DD within the years the service can mean. JavaScript's Date quietly rolls 2026-02-31
// over to 3 March and accepts year 9999, which then overflows the database's range.

export const EARLIEST_DATE = "1990-01-01";
export const LATEST_DATE = "2100-12-31";

/** What is wrong with the typed date, in words, or null when it is a real day within range. */
export function calendarDateProblem(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return "must be a date written YYYY-MM-DD";
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return `is not a day of the calendar (${raw})`;
  }
  if (raw < EARLIEST_DATE || raw > LATEST_DATE) return `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;
  return null;
}

/** Midnight UTC of a date `calendarDateProblem` accepted. */
export function startOfDay(raw: string): Date {
  return new Date(`${raw}T00:00:00Z`);
}
