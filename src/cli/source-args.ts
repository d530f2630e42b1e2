// Arguments the sources commands share, checked before anything is opened: an ID, a kind,
// selectors, a date. Bad ones are usage errors (exit 2) in words.
import { calendarDateProblem } from "../domain/calendar-date.js";
import { parseSelectorSpec, SelectorSpecError, type SelectorSpec } from "../domain/selector-spec.js";
import { isVoice, type SourceVoice, VOICES } from "../domain/source-voice.js";
import { allAdapters } from "../sources/registry.js";
import { SOURCE_KINDS, type SourceKind } from "../sources/types.js";
import { type CommandContext, stringOption, UserError } from "./command.js";

export function sourceIdArg(ctx: CommandContext, usage: string): number {
  const raw = ctx.positionals[0];
  if (raw === undefined) throw new UserError(`a source ID is needed.\nUsage: ${usage}`, "invalid");
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new UserError(
      `"${raw}" is not a source ID: IDs are whole numbers (see policywatch sources list).`,
      "invalid",
    );
  }
  return Number(raw);
}

export function urlArg(ctx: CommandContext, usage: string): string {
  const raw = ctx.positionals[0];
  if (raw === undefined) throw new UserError(`a URL is needed.\nUsage: ${usage}`, "invalid");
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`"${raw}" is not a URL: give an absolute http:// or https:// address.`, "invalid");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new UserError(`"${raw}" is not an http:// or https:// address.`, "invalid");
  }
  return raw;
}

/** `--kind auto|rss|…`, for the usage lines of the commands that take it. */
export const KIND_USAGE = `--kind ${["auto", ...SOURCE_KINDS].join("|")}`;

/** What each `--kind` is, for --help: the adapters' own words. */
export function kindHelp(): string {
  const width = Math.max(...SOURCE_KINDS.map((k) => k.length)) + 2;
  return [
    "Kinds (--kind; auto: decided from the address and the answer):",
    ...allAdapters.map((a) => `  ${a.kind.padEnd(width)}${a.title}: ${a.describe}`),
  ].join("\n");
}

export function kindOption(ctx: CommandContext): SourceKind | "auto" | undefined {
  const raw = stringOption(ctx.values, "kind");
  if (raw === undefined) return undefined;
  const kind = raw.toLowerCase();
  if (kind === "auto") return "auto";
  if ((SOURCE_KINDS as readonly string[]).includes(kind)) return kind as SourceKind;
  throw new UserError(`--kind must be auto or one of ${SOURCE_KINDS.join(", ")}, not "${raw}".`, "invalid");
}

/** A repeatable option's values (none: an empty list). */
export function listOption(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? [raw] : [];
}

export function voiceOption(ctx: CommandContext): SourceVoice | undefined {
  const raw = stringOption(ctx.values, "voice");
  if (raw === undefined) return undefined;
  const voice = raw.toLowerCase();
  if (isVoice(voice)) return voice;
  throw new UserError(
    `--voice must be ${VOICES.join(" or ")} (official: the state itself speaks; press: reports on others), not "${raw}".`,
    "invalid",
  );
}

export function selectorOption(ctx: CommandContext): SelectorSpec | undefined {
  const raw = ctx.values.selector;
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  if (list.length === 0) return undefined;
  try {
    return parseSelectorSpec(list);
  } catch (err) {
    if (err instanceof SelectorSpecError) throw new UserError(`--selector: ${err.message}`, "invalid");
    throw err;
  }
}

export function positiveIntOption(ctx: CommandContext, name: string): number | undefined {
  const raw = stringOption(ctx.values, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new UserError(`--${name} must be a whole number of at least 1, not "${raw}".`, "invalid");
  return Number(raw);
}

export function dateOption(ctx: CommandContext, name: string): Date | undefined {
  const raw = stringOption(ctx.values, name);
  if (raw === undefined) return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  const problem = calendarDateProblem(raw.slice(0, 10));
  if (problem || Number.isNaN(d.getTime())) {
    throw new UserError(
      `--${name} ${problem ?? "must be a date written YYYY-MM-DD"}, not "${raw}".`,
      "invalid",
    );
  }
  return d;
}
