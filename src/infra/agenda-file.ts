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
  /** sha256 of the file's bytes: the same file loaded twice changes nothing. */
  contentHash: string;
}

export function readAgendaFile(file: string = DEFAULT_AGENDA_FILE): AgendaFile {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AgendaFileError(abs, [
      code === "ENOENT" ? "the file does not exist" : `it cannot be read (${code ?? "unknown error"})`,
    ]);
  }
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
  return {
    path: abs,
    spec: parseAgenda(json, abs),
    contentHash: createHash("sha256").update(text).digest("hex"),
  };
}

/** The agenda file for classify, eval and benchmarks, which need no database. */
export async function loadAgendaFile(file?: string): Promise<AgendaSpec> {
  return readAgendaFile(file).spec;
}
