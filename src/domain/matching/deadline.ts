// The date an instruction sets for itself ("by June 1, 2027", "Deadline: August 1, 2026",
// "срок – до 1 июня 2027 года"), as YYYY-MM-DD: the commitment an instruction records.

const EN_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const RU_MONTHS = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];

const EN_MONTH = EN_MONTHS.join("|");
const RU_MONTH = RU_MONTHS.join("|");
/** A deadline's cue, then a date written the English ways ("June 1, 2027", "1 June 2027"). */
const EN_DEADLINE = new RegExp(
  `\\b(?:by|before|until|no later than|deadline(?: is|:)?|due(?: date)?(?: is|:)?)\\s+` +
    `(?:(${EN_MONTH})\\s+(\\d{1,2}),?\\s+(\\d{4})|(\\d{1,2})\\s+(${EN_MONTH}),?\\s+(\\d{4}))`,
  "i",
);
/** "до 1 июня 2027 года", "срок – 1 июня 2027", "не позднее 1 июня 2027". */
const RU_DEADLINE = new RegExp(
  `(?:до|срок\\s*[:–—-]?\\s*(?:до\\s+)?|не позднее)\\s+(\\d{1,2})\\s+(${RU_MONTH})\\s+(\\d{4})`,
  "i",
);
const ISO_DEADLINE = /\b(?:by|before|until|deadline:?|до|срок:?)\s+(\d{4})-(\d{2})-(\d{2})\b/i;

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** The first deadline written in the text, or null. */
export function deadlineIn(text: string): string | null {
  const en = EN_DEADLINE.exec(text);
  if (en) {
    const month = EN_MONTHS.indexOf((en[1] ?? en[5])!.toLowerCase()) + 1;
    return isoDate(Number(en[3] ?? en[6]), month, Number(en[2] ?? en[4]));
  }
  const ru = RU_DEADLINE.exec(text);
  if (ru) return isoDate(Number(ru[3]), RU_MONTHS.indexOf(ru[2]!.toLowerCase()) + 1, Number(ru[1]));
  const iso = ISO_DEADLINE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return null;
}

/**
 * A time limit a commitment sets, however loosely dated: "by 1 March", "in September 2023", "in 2026",
 * "by the end of the year", "к 2021 году", "в 2026 году", "до конца года", "до конца февраля",
 * "в апреле 2024 года".
 */
const EN_TIME_LIMIT = new RegExp(
  `\\b(?:(?:by|before|no later than)\\s+(?:the end of\\s+(?:the|this|next)?\\s*(?:year|month|quarter|\\d{4})|` +
    `(?:\\d{1,2}\\s+)?(?:${EN_MONTH})\\b|\\d{4}\\b))`,
  "i",
);
/** "in September": the month written with its capital, so that "in may" is not one. */
const EN_IN_MONTH = new RegExp(
  `\\bin\\s+(?:${EN_MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1)).join("|")})\\b`,
);
/** "in 2026": a year this century, with its preposition. */
const EN_IN_YEAR = /\b[Ii]n\s+20\d\d\b/;
const RU_MONTH_IN = "январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре";
const RU_TIME_LIMIT = new RegExp(
  `(?:^|[^\\p{L}])(?:(?:до|к|не позднее)\\s+(?:(?:конца|концу)\\s+(?:текущего\\s+|этого\\s+|следующего\\s+)?(?:года|\\d{4}|${RU_MONTH})|` +
    `(?:\\d{1,2}\\s+)?(?:${RU_MONTH})|\\d{4}\\s+(?:года|году))|в\\s+(?:${RU_MONTH_IN})(?:\\s+\\d{4})?|в\\s+20\\d\\d\\s+году)(?![\\p{L}])`,
  "iu",
);

/** Whether the text sets a time limit, a full date or a looser one (a month, a year, a year's end). */
export function setsTimeLimit(text: string): boolean {
  return (
    EN_TIME_LIMIT.test(text) ||
    EN_IN_MONTH.test(text) ||
    EN_IN_YEAR.test(text) ||
    RU_TIME_LIMIT.test(text) ||
    deadlineIn(text) !== null
  );
}
