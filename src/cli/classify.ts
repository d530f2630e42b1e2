// policywatch classify [--json] [--agenda FILE]: JSON Lines in on stdin, one JSON line out per
// input line, in order. Needs no network and no database: it reads the agenda file itself.
import { compileAgenda } from "../domain/matching/index.js";
import { DEFAULT_AGENDA_FILE, loadAgendaFile } from "../infra/agenda-file.js";
import { classifyStream } from "../services/classify.js";
import { type Command, stringOption } from "./command.js";

export const classifyCommand: Command = {
  name: "classify",
  summary: "Match JSON Lines items from stdin against the agenda; one JSON line out per item",
  usage:
    'policywatch classify [--json] [--agenda FILE] < items.jsonl\n  input:  {"id","title","excerpt","url","published","language"}\n  output: {"id","areas","milestones","progress","score","terms","quote"}',
  options: { json: { type: "boolean" }, agenda: { type: "string" } },
  async run(ctx) {
    const file = stringOption(ctx.values, "agenda") ?? ctx.config().AGENDA_FILE ?? DEFAULT_AGENDA_FILE;
    const compiled = compileAgenda(await loadAgendaFile(file));
    const { errors } = await classifyStream(ctx.io.stdin, ctx.io.stdout, compiled);
    if (errors > 0)
      ctx.io.stderr.write(`${errors} line(s) could not be read; each was answered with an error line.\n`);
    return 0;
  },
};
