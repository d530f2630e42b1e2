// Reads the agenda data file (the one file the matcher needs). Everything else about the agenda is
// validated by the pure parseAgenda; this module only adds "the file is missing / is not JSON".
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type AgendaSpec, AgendaFileError, parseAgenda } from "../domain/agenda.js";

/** prisma/agenda/russia-ai-2026.json in this checkout, wherever the process was started from. */
export const DEFAULT_AGENDA_FILE = fileURLToPath(
  new URL("../../prisma/agenda/russia-ai-2026.json", import.meta.url),
);

export async function loadAgendaFile(file: string = DEFAULT_AGENDA_FILE): Promise<AgendaSpec> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AgendaFileError(file, [
      code === "ENOENT" ? "the file does not exist" : `it cannot be read (${code ?? "unknown error"})`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AgendaFileError(file, [`it is not valid JSON: ${(e as Error).message}`]);
  }
  return parseAgenda(json, file);
}
