// Checking what someone typed to subscribe: every problem named in words, all at once. Pure.
import { choiceWords, DIGEST_FREQUENCIES, isValidTimeZone } from "./period.js";
import { cleanText } from "./text.js";

/** How often a subscriber hears from policywatch: alerts as progress is found, or a digest. */
export const FREQUENCIES = ["immediate", ...DIGEST_FREQUENCIES] as const;
export type SubscriberFrequency = (typeof FREQUENCIES)[number];

export interface SubscriberInput {
  email: string;
  name?: string | null;
  /** Area slugs, or a comma-separated list; empty or "all" means all areas. */
  areas?: string[] | string | null;
  frequency?: string | null;
  timeZone?: string | null;
  hour?: number | string | null;
  /** ISO weekday 1–7 for weekly digests. */
  weekday?: number | string | null;
}

export interface ValidSubscriber {
  email: string;
  name: string | null;
  areas: string[];
  frequency: SubscriberFrequency;
  timeZone: string;
  hour: number;
  weekday: number;
}

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A normalised address (trimmed, lower case), or null when it is not one. */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > 254) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return null;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) return null;
  return email;
}

function parseWhole(value: number | string, min: number, max: number): number | null {
  const n = typeof value === "number" ? value : /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

export function validateSubscriber(
  input: SubscriberInput,
  knownAreas: string[],
): { ok: true; value: ValidSubscriber } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const email = normaliseEmail(input.email ?? "");
  if (!email)
    problems.push(
      `"${cleanText(input.email)}" is not an email address (expected something like analyst@example.org)`,
    );

  const rawAreas = typeof input.areas === "string" ? input.areas.split(",") : (input.areas ?? []);
  let areas = [...new Set(rawAreas.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (areas.includes("all")) areas = [];
  const unknown = areas.filter((a) => !knownAreas.includes(a));
  if (unknown.length > 0)
    problems.push(
      `${unknown.length === 1 ? "there is no area" : "there are no areas"} ${unknown.map((a) => `"${cleanText(a)}"`).join(", ")} (areas: ${knownAreas.join(", ")})`,
    );

  const frequency = (input.frequency ?? "daily").trim().toLowerCase();
  if (!(FREQUENCIES as readonly string[]).includes(frequency))
    problems.push(`frequency must be ${choiceWords(FREQUENCIES)}, not "${cleanText(input.frequency)}"`);

  const zoneRaw = (input.timeZone ?? "UTC").trim();
  let timeZone = zoneRaw;
  if (!isValidTimeZone(zoneRaw))
    problems.push(
      `"${cleanText(zoneRaw)}" is not a time zone (use an IANA name such as UTC or Europe/Moscow)`,
    );
  else timeZone = new Intl.DateTimeFormat("en", { timeZone: zoneRaw }).resolvedOptions().timeZone;

  const hour = parseWhole(input.hour ?? 8, 0, 23);
  if (hour === null)
    problems.push(`hour must be a whole number from 0 to 23, not "${cleanText(String(input.hour))}"`);
  const weekday = parseWhole(input.weekday ?? 1, 1, 7);
  if (weekday === null)
    problems.push(`weekday must be 1 (Monday) to 7 (Sunday), not "${cleanText(String(input.weekday))}"`);

  const name = cleanText(input.name).slice(0, 100) || null;
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      email: email!,
      name,
      areas,
      frequency: frequency as SubscriberFrequency,
      timeZone,
      hour: hour!,
      weekday: weekday!,
    },
  };
}
