// Reading the ids and dates a user types, refused in words (exit 2) when malformed.
import { UserError } from "./command.js";

export function requireId(raw: string | undefined, what: string, usage: string): number {
  if (raw === undefined) throw new UserError(`Give the ${what} id.\nUsage: ${usage}`, 2);
  const id = /^#?\d{1,9}$/.test(raw) ? Number(raw.replace("#", "")) : Number.NaN;
  if (!Number.isInteger(id) || id < 1) throw new UserError(`"${raw}" is not a valid ${what} id: ids are positive whole numbers.`, 2);
  return id;
}

export function parseDateOption(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    throw new UserError(`--${name} must be a date written YYYY-MM-DD, not "${raw}".`, 2);
  }
  return new Date(`${raw}T00:00:00Z`);
}
