// Digest periods and send times in a subscriber's time zone. Pure: the clock and the zone are
// arguments. Rules:
//   - a daily period is a calendar day in the zone, keyed YYYY-MM-DD; a weekly period is an ISO
//     week (Monday to Sunday) in the zone, keyed YYYY-Www with the ISO week-numbering year;
//   - a subscriber's digest for the period that contains `now` is due once the local send time
//     of that period (hour:00 on the day, or on the chosen weekday of the week) has passed, and
//     the subscriber already existed at that time (someone subscribing at 15:00 for 08:00 gets
//     tomorrow's digest). "Has passed" rather than "is this hour" lets a tick that runs late, or
//     the first tick after a restart, still send the period's digest; the delivery key makes
//     sure it goes out once.
//   - local times that do not exist (a DST gap) resolve to the first minute after the gap;
//     local times that exist twice (a DST overlap) resolve to the first of the two.

/** The digests there are, declared once: the API's schemas, the forms, the CLI and the job read it. */
export const DIGEST_FREQUENCIES = ["daily", "weekly"] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export function isDigestFrequency(value: string): value is DigestFrequency {
  return (DIGEST_FREQUENCIES as readonly string[]).includes(value);
}

/** "daily or weekly", "immediate, daily or weekly": a list of choices in words. */
export function choiceWords(choices: readonly string[]): string {
  return choices.length < 2 ? (choices[0] ?? "") : `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`;
}

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export interface DigestPeriod {
  frequency: DigestFrequency;
  /** "2026-11-26" or "2026-W48": part of the delivery key. */
  key: string;
  /** First instant of the period in the zone. */
  start: Date;
  /** First instant after the period. */
  end: Date;
  /** For people: "26 Nov" or "23–29 Nov". */
  label: string;
  timeZone: string;
}

export interface DigestSchedule {
  frequency: DigestFrequency;
  timeZone: string;
  /** Local hour 0–23. */
  hour: number;
  /** ISO weekday for weekly digests (1 = Monday). */
  weekday: number;
  /** When the subscriber subscribed. */
  createdAt: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `zone` at `instant`. */
export function localParts(instant: Date, zone: string): LocalDateTime & { second: number } {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? 1,
  };
}

/** Minutes the zone is ahead of UTC at `instant`. */
export function zoneOffsetMinutes(instant: Date, zone: string): number {
  const p = localParts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE_MS);
}

function localKey(p: { year: number; month: number; day: number; hour: number; minute: number }): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
}

/** The instant at which the zone's clocks show the given local date and time. */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
  zone: string,
): Date {
  const wanted = localKey({ hour: 0, minute: 0, ...local });
  // The zone's offsets a day either side cover any transition near the wanted time.
  const candidates = [
    ...new Set(
      [wanted - DAY_MS, wanted, wanted + DAY_MS].map(
        (t) => wanted - zoneOffsetMinutes(new Date(t), zone) * MINUTE_MS,
      ),
    ),
  ];
  // Of the candidates that show the wanted time, the earlier one (a DST overlap shows it twice).
  const exact = candidates
    .filter((t) => localKey(localParts(new Date(t), zone)) === wanted)
    .sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]!);
  // A DST gap: the wanted time never shows; take the first minute the clocks show after it.
  let lo = Math.min(...candidates) - DAY_MS / 24;
  let hi = Math.max(...candidates) + DAY_MS / 24;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (localKey(localParts(new Date(mid), zone)) >= wanted) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Calendar arithmetic on plain dates (no zone involved). */
function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isoWeekday(date: { year: number; month: number; day: number }): number {
  const w = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** ISO 8601 week number and week-numbering year of a calendar date. */
export function isoWeekOf(date: { year: number; month: number; day: number }): {
  isoYear: number;
  week: number;
} {
  // The week belongs to the year that holds its Thursday.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const jan1 = Date.UTC(thursday.year, 0, 1);
  const week =
    Math.floor((Date.UTC(thursday.year, thursday.month - 1, thursday.day) - jan1) / DAY_MS / 7) + 1;
  return { isoYear: thursday.year, week };
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function dayMonth(d: { month: number; day: number }): string {
  return `${d.day} ${MONTHS[d.month - 1]}`;
}

/** The daily or weekly period that contains `instant` in `zone`. */
export function periodContaining(instant: Date, frequency: DigestFrequency, zone: string): DigestPeriod {
  const p = localParts(instant, zone);
  const today = { year: p.year, month: p.month, day: p.day };
  if (frequency === "daily") {
    const next = addDays(today, 1);
    return {
      frequency,
      key: `${p.year}-${pad2(p.month)}-${pad2(p.day)}`,
      start: zonedTimeToUtc(today, zone),
      end: zonedTimeToUtc(next, zone),
      label: dayMonth(today),
      timeZone: zone,
    };
  }
  const monday = addDays(today, 1 - p.weekday);
  const sunday = addDays(monday, 6);
  const { isoYear, week } = isoWeekOf(today);
  const label =
    monday.month === sunday.month
      ? `${monday.day}–${sunday.day} ${MONTHS[sunday.month - 1]}`
      : `${dayMonth(monday)} – ${dayMonth(sunday)}`;
  return {
    frequency,
    key: `${isoYear}-W${pad2(week)}`,
    start: zonedTimeToUtc(monday, zone),
    end: zonedTimeToUtc(addDays(monday, 7), zone),
    label,
    timeZone: zone,
  };
}

/** The period just before `period` (same frequency and zone). */
export function previousPeriod(period: DigestPeriod): DigestPeriod {
  return periodContaining(new Date(period.start.getTime() - 1), period.frequency, period.timeZone);
}

/** When the subscriber's digest for `period` is meant to go out. */
export function scheduledSendTime(
  period: DigestPeriod,
  schedule: Pick<DigestSchedule, "hour" | "weekday">,
): Date {
  const start = localParts(period.start, period.timeZone);
  const day =
    period.frequency === "daily" ? start : addDays(start, Math.min(Math.max(schedule.weekday, 1), 7) - 1);
  return zonedTimeToUtc(
    { year: day.year, month: day.month, day: day.day, hour: schedule.hour },
    period.timeZone,
  );
}

/**
 * The period whose digest is due for this subscriber at `now`, or null when the current
 * period's send time has not come yet (or came before they subscribed).
 */
export function duePeriod(now: Date, schedule: DigestSchedule): DigestPeriod | null {
  const period = periodContaining(now, schedule.frequency, schedule.timeZone);
  const at = scheduledSendTime(period, schedule);
  if (at.getTime() > now.getTime()) return null;
  if (schedule.createdAt.getTime() > at.getTime()) return null;
  return period;
}

/** Length of a period as a window looking back from `asOf`: what a first digest may cover. */
export function firstDigestSince(asOf: Date, frequency: DigestFrequency): Date {
  return new Date(asOf.getTime() - (frequency === "daily" ? DAY_MS : 7 * DAY_MS));
}

/** "26 Nov 2026" in the zone. */
export function formatDay(instant: Date, zone: string): string {
  const p = localParts(instant, zone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "26 Nov 2026, 08:00" in the zone. */
export function formatDayTime(instant: Date, zone: string): string {
  const p = localParts(instant, zone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${pad2(p.hour)}:${pad2(p.minute)}`;
}
