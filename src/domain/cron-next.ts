// The next time a cron expression fires after a given instant, in a given time zone.
// Why not ask node-cron: its tasks only answer "next run after the real now", and polling needs
// "next run after this poll" under the app's clock (tests pin it). node-cron still parses the
// expression (`cron.parse`), so both agree on what an expression means, including its day rule:
// a day matches when its month, day of month AND weekday all match (node-cron's rule, not Vixie's OR).
// Pure: the clock and the zone are arguments.
import cron from "node-cron";

type Fields = ReturnType<typeof cron.parse>;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Give up after this many days without a match (an impossible expression such as 31 February). */
const SEARCH_DAYS = 366 * 5;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `instant` in `timeZone`, written as if it were a UTC instant. */
function wallMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function lastDayOfMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

function dayMatches(fields: Fields, d: Date): boolean {
  const year = d.getUTCFullYear();
  const month0 = d.getUTCMonth();
  const day = d.getUTCDate();
  const weekday = d.getUTCDay();
  const domOk = fields.dayOfMonth.some((v) =>
    typeof v === "number" ? v === day : v === "L" ? day === lastDayOfMonth(year, month0) : true,
  );
  // Rare string tokens (nth weekday, last weekday) count as matching: the result is then early,
  // never late, and the scheduler's own tick decides the real run.
  const dowOk = fields.dayOfWeek.some((v) => (typeof v === "number" ? v % 7 === weekday : true));
  return domOk && dowOk;
}

function nextIn(list: number[], from: number): number | undefined {
  let best: number | undefined;
  for (const v of list) if (v >= from && (best === undefined || v < best)) best = v;
  return best;
}

interface Parsed {
  fields: Fields;
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: Set<number>;
}

// A poll of 1,000 sources asks for the next run of each, mostly of the same few expressions:
// parse each once. Bounded, so a stream of distinct expressions cannot grow it without end.
const parsedCache = new Map<string, Parsed>();

function parsed(expression: string): Parsed {
  let p = parsedCache.get(expression);
  if (!p) {
    const fields = cron.parse(expression);
    p = {
      fields,
      seconds: [...fields.second].sort((a, b) => a - b),
      minutes: [...fields.minute].sort((a, b) => a - b),
      hours: [...fields.hour].sort((a, b) => a - b),
      months: new Set(fields.month),
    };
    if (parsedCache.size >= 500) parsedCache.clear();
    parsedCache.set(expression, p);
  }
  return p;
}

/**
 * The first instant strictly after `after` at which `expression` fires in `timeZone`
 * (default UTC), or null when it never does within five years. Throws on an invalid expression.
 */
export function nextCronRun(expression: string, after: Date, timeZone = "UTC"): Date | null {
  // A round of polls asks this for each of its sources, mostly with the same expression within
  // the same second: the answer depends on nothing finer than the second.
  const key = `${timeZone}\u0000${Math.floor(after.getTime() / SECOND)}\u0000${expression}`;
  const known = recent.get(key);
  if (known !== undefined) return known === null ? null : new Date(known);
  const next = computeNextRun(expression, after, timeZone);
  if (recent.size >= 1000) recent.clear();
  recent.set(key, next === null ? null : next.getTime());
  return next;
}

/** Answers of nextCronRun, by zone, second and expression (bounded: cleared when full). */
const recent = new Map<string, number | null>();

function computeNextRun(expression: string, after: Date, timeZone: string): Date | null {
  const p = parsed(expression);
  // Walk the zone's wall clock under one UTC offset at a time: where the offset changes before the
  // match, start again at the change, so that neither pass of a repeated hour is skipped.
  let from = Math.floor(after.getTime() / SECOND) * SECOND + SECOND;
  for (let changes = 0; changes < 8; changes++) {
    const offset = wallMs(from, timeZone) - from;
    const wall = nextWallMatch(p, from + offset);
    if (wall === null) return null;
    const candidate = wall - offset;
    if (wallMs(candidate, timeZone) - candidate === offset) return new Date(candidate);
    const change = offsetChange(from, candidate, offset, timeZone);
    const newOffset = wallMs(change, timeZone) - change;
    // A wall time the change skipped (clocks forward) fires at the change, as cron does.
    if (wall < change + newOffset) return new Date(change);
    // Clocks back: the repeated wall times fire again only for an hourly (or finer) schedule.
    from = newOffset < offset && p.hours.length < 24 ? change + (offset - newOffset) : change;
  }
  return null;
}

/** The first second in (from, until] whose UTC offset in `timeZone` is not `offset`. */
function offsetChange(from: number, until: number, offset: number, timeZone: string): number {
  let lo = from;
  let hi = until;
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
    if (wallMs(mid, timeZone) - mid === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The first wall-clock time at or after `start` (as UTC arithmetic) the expression matches. */
function nextWallMatch({ fields, seconds, minutes, hours, months }: Parsed, start: number): number | null {
  // One field at a time, skipping whole units.
  let t = start;
  const limit = t + SEARCH_DAYS * DAY;
  while (t < limit) {
    const d = new Date(t);
    if (!months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    if (!dayMatches(fields, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const hour = nextIn(hours, d.getUTCHours());
    if (hour === undefined) {
      t = dayStart + DAY;
      continue;
    }
    if (hour !== d.getUTCHours()) {
      t = dayStart + hour * HOUR;
      continue;
    }
    const minute = nextIn(minutes, d.getUTCMinutes());
    if (minute === undefined) {
      t = dayStart + (hour + 1) * HOUR;
      continue;
    }
    if (minute !== d.getUTCMinutes()) {
      t = dayStart + hour * HOUR + minute * MINUTE;
      continue;
    }
    const second = nextIn(seconds, d.getUTCSeconds());
    if (second === undefined) {
      t = dayStart + hour * HOUR + (minute + 1) * MINUTE;
      continue;
    }
    return dayStart + hour * HOUR + minute * MINUTE + second * SECOND;
  }
  return null;
}

/** The time zone schedules run in when none is configured: the process's own. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
