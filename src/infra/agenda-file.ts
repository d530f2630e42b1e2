// Reads an agenda data file from disk. The default agenda ships in prisma/agenda/.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AgendaSpec, AgendaFileError, parseAgenda } from "../domain/agenda.js";
import { duplicateJsonKeys } from "../domain/json-duplicate-keys.js";

export const DEFAULT_AGENDA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../prisma/agenda/russia-ai-2026.json",
);

export interface AgendaFile {
  path: string;
  spec: AgendaSpec;
  /** sha256 of the file's bytes (and its learned model's): the same files loaded twice change nothing. */
  contentHash: string;
  /** The learned model's file the agenda names, or null when it names none. */
  learnedFile: string | null;
}

/**
 * Reads and checks an agenda file and the learned model it names. `withLearned: false` leaves the
 * model out (`matching.learned` null): `npm run fit` refits it whatever state the old file is in.
 */
export function readAgendaFile(file: string = DEFAULT_AGENDA_FILE, { withLearned = true } = {}): AgendaFile {
  const abs = path.resolve(file);
  const text = readText(abs, (why) => new AgendaFileError(abs, [`the file ${why}`]));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AgendaFileError(abs, [`it is not valid JSON: ${(err as Error).message}`]);
  }
  const twice = duplicateJsonKeys(text);
  if (twice.length > 0)
    throw new AgendaFileError(
      abs,
      twice.map((key) => `${key} is written twice in its object (JSON would keep only the last one)`),
    );
  const hash = createHash("sha256").update(text);
  const learnedFile = learnedFileOf(abs, json);
  if (learnedFile) {
    const learned = withLearned ? readLearnedModel(abs, learnedFile) : { json: null, text: "" };
    (json as { matching: { learned: unknown } }).matching.learned = learned.json;
    hash.update(learned.text);
  }
  return { path: abs, spec: parseAgenda(json, abs), contentHash: hash.digest("hex"), learnedFile };
}

/** The file the agenda names as its learned model (`matching.learned`, beside it or a full path). */
function learnedFileOf(agendaPath: string, json: unknown): string | null {
  const name = (json as { matching?: { learned?: unknown } } | null)?.matching?.learned;
  return typeof name === "string" ? path.resolve(path.dirname(agendaPath), name) : null;
}

/** The learned model's text and JSON. */
function readLearnedModel(agendaPath: string, file: string): { json: unknown; text: string } {
  const text = readText(file, (why) => new AgendaFileError(agendaPath, [`matching.learned: ${file} ${why}`]));
  try {
    return { json: JSON.parse(text), text };
  } catch (err) {
    throw new AgendaFileError(agendaPath, [
      `matching.learned: ${file} is not valid JSON: ${(err as Error).message}`,
    ]);
  }
}

/** The agenda file for classify, eval and benchmarks, which need no database. */
export async function loadAgendaFile(file?: string): Promise<AgendaSpec> {
  return readAgendaFile(file).spec;
}

/** A file's text; a file that cannot be read is the error `refuse` makes of why, in words. */
function readText(file: string, refuse: (why: string) => Error): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "unknown error"})`);
  }
}
