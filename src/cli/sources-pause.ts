// policywatch sources pause ID
import type { Command } from "./command.js";
import { sourceIdArg } from "./source-args.js";

const usage = "policywatch sources pause ID [--json]";

export const sourcesPauseCommand: Command = {
  name: "sources pause",
  summary: "Stop polling a source for now; its items stay",
  usage,
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const id = sourceIdArg(ctx, usage);
    const app = await ctx.app();
    const source = await app.services.sources.pause(id);
    if (ctx.values.json) ctx.printJson(source);
    else
      ctx.print(
        `Paused source ${source.id} (${source.name}). Resume it with policywatch sources resume ${source.id}.`,
      );
    return 0;
  },
};
