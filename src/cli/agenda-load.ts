// policywatch agenda load [FILE]
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "../infra/agenda-file.js";
import type { Command } from "./command.js";

export const agendaLoadCommand: Command = {
  name: "agenda load",
  summary: "Load or reload an agenda file (default: the shipped Russia AI agenda)",
  usage: "policywatch agenda load [FILE] [--json]",
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const file = readAgendaFile(ctx.positionals[0] ?? ctx.config().AGENDA_FILE ?? DEFAULT_AGENDA_FILE);
    const app = await ctx.app();
    const result = await app.services.agenda.load(file);
    if (ctx.values.json) ctx.printJson(result);
    else if (!result.changed)
      ctx.print(`Agenda ${result.slug} ${result.version} is already loaded: nothing changed.`);
    else
      ctx.print(
        `Loaded agenda ${result.slug} ${result.version}: ${result.milestonesCreated} milestones added, ` +
          `${result.milestonesUpdated} updated, ${result.statusChanges} status changes.`,
      );
    return 0;
  },
};
