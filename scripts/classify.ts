// Temporary entry point until the CLI's `policywatch classify` exists:
//   npx tsx scripts/classify.ts [agenda.json] < items.jsonl > answers.jsonl
import { AgendaFileError } from "../src/domain/agenda.js";
import { compileAgenda } from "../src/domain/matching/index.js";
import { loadAgendaFile } from "../src/repositories/agenda-file.js";
import { classifyStream } from "../src/services/classify.js";

try {
  const compiled = compileAgenda(await loadAgendaFile(process.argv[2]));
  const { errors } = await classifyStream(process.stdin, process.stdout, compiled);
  if (errors > 0) console.error(`${errors} line(s) could not be read; each was answered with an error line.`);
} catch (e) {
  console.error(e instanceof AgendaFileError ? e.message : `classify failed: ${(e as Error).message}`);
  process.exitCode = 2;
}
