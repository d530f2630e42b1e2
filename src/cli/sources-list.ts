// policywatch sources list [--json]
import type { Command } from "./command.js";
import { formatSourceList } from "./format-sources.js";

export const sourcesListCommand: Command = {
  name: "sources list",
  summary: "Every source with its schedule, health and item counts",
  usage: "policywatch sources list [--json]",
  options: { json: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const list = await app.services.sources.list();
    if (ctx.values.json) ctx.printJson(list);
    else ctx.print(formatSourceList(list, app.now()));
    return 0;
  },
};
