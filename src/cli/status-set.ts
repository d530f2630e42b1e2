// policywatch status set SLUG STATUS --note TEXT
import { MILESTONE_STATUSES } from "../domain/agenda.js";
import { type Command, stringOption, UserError } from "./command.js";
import { changeJson, formatChange } from "./format-evidence.js";

const usage = "policywatch status set SLUG STATUS --note TEXT [--json]";

export const statusSetCommand: Command = {
  name: "status set",
  summary: "Override a milestone's status (an analyst's call, with a note; undo with status undo)",
  usage,
  options: { note: { type: "string" }, json: { type: "boolean" } },
  maxPositionals: 2,
  async run(ctx) {
    const [slug, status] = ctx.positionals;
    if (!slug || !status) {
      throw new UserError(
        `Give the milestone and the status.\nUsage: ${usage}\nStatuses: ${MILESTONE_STATUSES.join(", ")}.`,
        "invalid",
      );
    }
    const note = stringOption(ctx.values, "note")?.trim();
    if (!note)
      throw new UserError(`An override needs a note saying why: --note TEXT.\nUsage: ${usage}`, "invalid");
    const app = await ctx.app();
    const change = await app.services.status.override(slug, status, note);
    if (ctx.values.json) ctx.printJson(changeJson(change));
    else {
      ctx.print(formatChange(change, slug));
      ctx.print(`Undo with: policywatch status undo ${change.id}`);
    }
    return 0;
  },
};
