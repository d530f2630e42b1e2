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
