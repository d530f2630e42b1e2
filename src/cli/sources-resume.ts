// policywatch sources resume ID
import type { Command } from "./command.js";
import { sourceIdArg } from "./source-args.js";

const usage = "policywatch sources resume ID [--json]";

export const sourcesResumeCommand: Command = {
  name: "sources resume",
  summary: "Poll a paused source again, on its schedule",
  usage,
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const id = sourceIdArg(ctx, usage);
    const app = await ctx.app();
    const source = await app.services.sources.resume(id);
    if (ctx.values.json) ctx.printJson(source);
    else ctx.print(`Resumed source ${source.id} (${source.name}): polled on "${source.schedule}".`);
    return 0;
  },
};
