// Reading the ids and dates a user types, refused in words (exit 2) when malformed.
import { calendarDateProblem, startOfDay } from "../domain/calendar-date.js";
import { UserError } from "./command.js";

export function requireId(raw: string | undefined, what: string, usage: string): number {
  if (raw === undefined) throw new UserError(`Give the ${what} id.\nUsage: ${usage}`, "invalid");
  const id = /^#?\d{1,9}$/.test(raw) ? Number(raw.replace("#", "")) : Number.NaN;
  if (!Number.isInteger(id) || id < 1)
    throw new UserError(`"${raw}" is not a valid ${what} id: ids are positive whole numbers.`, "invalid");
  return id;
}

export function parseDateOption(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const problem = calendarDateProblem(raw);
  if (problem) throw new UserError(`--${name} ${problem}, not "${raw}".`, "invalid");
  return startOfDay(raw);
}

/**
 * `--chat-id -100123` as parseArgs reads it: a string option's value may be a negative number,
 * which parseArgs would otherwise take for an option and refuse as ambiguous.
 */
export function joinNegativeValues(args: string[], options: Record<string, { type: string }> = {}): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : null;
    if (name && options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
