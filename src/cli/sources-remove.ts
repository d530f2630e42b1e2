// policywatch sources remove ID
import type { Command } from "./command.js";
import { sourceIdArg } from "./source-args.js";

const usage = "policywatch sources remove ID [--json]";

export const sourcesRemoveCommand: Command = {
  name: "sources remove",
  summary: "Stop watching a source and delete its items",
  usage,
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const id = sourceIdArg(ctx, usage);
    const app = await ctx.app();
    const removed = await app.services.sources.remove(id);
    if (ctx.values.json) ctx.printJson(removed);
    else ctx.print(`Removed source ${removed.id} (${removed.name}) and its ${removed.items} items.`);
    return 0;
  },
};
