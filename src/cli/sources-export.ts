// policywatch sources export: every source as OPML 2.0 on standard output.
import type { Command } from "./command.js";

export const sourcesExportCommand: Command = {
  name: "sources export",
  summary: "Write every source as OPML 2.0 (for feed readers, or sources import elsewhere)",
  usage: "policywatch sources export > sources.opml",
  async run(ctx) {
    const app = await ctx.app();
    ctx.io.stdout.write(await app.services.sources.exportOpml());
    return 0;
  },
};
