// policywatch status [--json] [--area SLUG] [--at YYYY-MM-DD]
import { type Command, stringOption, UserError } from "./command.js";
import { formatStatusReport } from "./format-status.js";

export const statusCommand: Command = {
  name: "status",
  summary: "Each area and its milestones: status, due date, days left, evidence count",
  usage: "policywatch status [--json] [--area SLUG] [--at YYYY-MM-DD]",
  options: {
    json: { type: "boolean" },
    area: { type: "string" },
    at: { type: "string" },
  },
  async run(ctx) {
    const at = stringOption(ctx.values, "at");
    let asOf: Date | undefined;
    if (at !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(at) || Number.isNaN(Date.parse(`${at}T00:00:00Z`))) {
        throw new UserError(`--at must be a date written YYYY-MM-DD, not "${at}".`, "invalid");
      }
      asOf = new Date(`${at}T12:00:00Z`);
    }
    const app = await ctx.app();
    if (!asOf) await app.services.status.refresh();
    const report = await app.services.status.report({ asOf, area: stringOption(ctx.values, "area") });
    if (ctx.values.json) ctx.printJson(report);
    else ctx.print(formatStatusReport(report));
    return 0;
  },
};
