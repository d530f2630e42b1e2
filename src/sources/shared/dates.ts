// Published dates as sources write them, read without ever falling back to the machine's local zone.
//
// Rules, in order:
// 1. RFC 3339 / ISO 8601 (`2026-04-10T19:30:00+03:00`, `2026-04-10 19:30Z`, `2026-08-12`).
// 2. RFC 822 / 1123 as RSS uses it (`Fri, 10 Apr 2026 16:30:00 GMT`, `+0300`, `EST`, `MSK`, 2-digit years).
// 3. Russian (`12 августа 2026 года, 16:30`, `12.08.2026 16:30`) and English
//    (`April 10, 2026`, `10 April 2026 4:30 PM`) month names.
// A date written without a zone is read in the caller's default zone (Moscow for the Kremlin, UTC
// otherwise), given as minutes east of UTC. Anything else is null: a wrong date is worse than none.
// `trustDate` then drops dates more than a day in the future (a typo or a clock gone wrong).

export const MOSCOW_OFFSET_MINUTES = 180;
export const UTC_OFFSET_MINUTES = 0;

const ZONES: Record<string, number> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  WET: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  BST: 60,
  EET: 120,
  EEST: 180,
  MSK: 180,
  MSD: 240,
};

const EN_MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

// Genitive ("августа") as dates are written, nominative ("август") and common abbreviations.
const RU_MONTHS: Array<[RegExp, number]> = [
  [/^янв/, 1],
  [/^фев/, 2],
  [/^мар/, 3],
  [/^апр/, 4],
  [/^ма[йя]/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^авг/, 8],
  [/^сен/, 9],
  [/^окт/, 10],
  [/^ноя/, 11],
  [/^дек/, 12],
];

export interface DateOptions {
  /** Zone for dates written without one, minutes east of UTC. Default UTC. */
  defaultOffsetMinutes?: number;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
): Date | null {
  if (y < 100) y += y < 50 ? 2000 : 1900;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  if (h === 24 && (mi > 0 || s > 0)) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offset * 60_000;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null; // 31 April and the like
  const out = new Date(t);
  return Number.isNaN(out.getTime()) ? null : out;
}

function offsetOf(zone: string | undefined, fallback: number): number | null {
  if (!zone) return fallback;
  const z = zone.toUpperCase();
  if (z in ZONES) return ZONES[z]!;
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (mins > 14 * 60) return null;
  return m[1] === "-" ? -mins : mins;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase().startsWith("p");
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i;
const RFC822 =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;
const EN_MDY =
  /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/i;
const EN_DMY_12H =
  /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?$/i;
const RU = /^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\s*(?:года|г\.?))?(?:[,\s]+(?:в\s+)?(\d{1,2}):(\d{2}))?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[,\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses a date as sources write it; null when it cannot be read unambiguously. */
export function parseDate(input: string | null | undefined, opts: DateOptions = {}): Date | null {
  if (!input) return null;
  const text = input.replace(/\s+/g, " ").trim();
  if (text === "") return null;
  const dflt = opts.defaultOffsetMinutes ?? UTC_OFFSET_MINUTES;

  let m = ISO.exec(text);
  if (m) {
    const off = offsetOf(m[8], dflt);
    if (off === null) return null;
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
    return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, off);
  }
  m = RFC822.exec(text);
  if (m) {
    const mo = EN_MONTHS[m[2]!.toLowerCase()];
    const off = offsetOf(m[7], dflt);
    if (mo === undefined || off === null) return null;
    return build(+m[3]!, mo, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, off);
  }
  m = EN_MDY.exec(text);
  if (m) {
    const mo = EN_MONTHS[m[1]!.toLowerCase()];
    const off = offsetOf(m[8], dflt);
    if (mo === undefined || off === null) return null;
    const h = hour12(+(m[4] ?? 0), m[7]);
    return build(+m[3]!, mo, +m[2]!, h, +(m[5] ?? 0), +(m[6] ?? 0), 0, off);
  }
  m = EN_DMY_12H.exec(text);
  if (m) {
    const mo = EN_MONTHS[m[2]!.toLowerCase()];
    if (mo === undefined) return null;
    return build(+m[3]!, mo, +m[1]!, hour12(+(m[4] ?? 0), m[6]), +(m[5] ?? 0), 0, 0, dflt);
  }
  m = RU.exec(text);
  if (m) {
    const word = m[2]!.toLowerCase();
    const mo = RU_MONTHS.find(([re]) => re.test(word))?.[1];
    if (mo === undefined) return null;
    return build(+m[3]!, mo, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), 0, 0, dflt);
  }
  m = DOTTED.exec(text);
  if (m) return build(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, dflt);
  return null;
}

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

/** A date more than a day ahead of `now` is not trusted: null. */
export function trustDate(date: Date | null, now: Date): Date | null {
  if (!date) return null;
  return date.getTime() - now.getTime() > ONE_DAY_MS ? null : date;
}

/** parseDate then trustDate: the usual path for an item's published time. */
export function publishedDate(
  input: string | null | undefined,
  now: Date,
  opts: DateOptions = {},
): Date | null {
  return trustDate(parseDate(input, opts), now);
}

/** True when the text carries a time of day (not just a calendar date). */
export function hasTimeOfDay(input: string | null | undefined): boolean {
  return !!input && /\d{1,2}:\d{2}/.test(input);
}
