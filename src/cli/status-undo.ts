// policywatch status undo CHANGE_ID [--note TEXT]
import { requireId } from "./args.js";
import { type Command, stringOption } from "./command.js";
import { changeJson, formatChange } from "./format-evidence.js";
import { statusLabel } from "./format-status.js";

const usage = "policywatch status undo CHANGE_ID [--note TEXT] [--json]";

export const statusUndoCommand: Command = {
  name: "status undo",
  summary: "Undo an analyst's status override; the status is recomputed and the change recorded",
  usage,
  options: { note: { type: "string" }, json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const id = requireId(ctx.positionals[0], "status change", usage);
    const app = await ctx.app();
    const { undone, change, status } = await app.services.status.undo(
      id,
      stringOption(ctx.values, "note") ?? null,
    );
    if (ctx.values.json) {
      ctx.printJson({ undone: changeJson(undone), change: change ? changeJson(change) : null, status });
      return 0;
    }
    ctx.print(`Undid status change #${undone.id} (${statusLabel(undone.toStatus)}).`);
    const slug = (await app.services.agenda.milestoneSlug(undone.milestoneId)) ?? "";
    ctx.print(change ? formatChange(change, slug) : `${slug} stays ${statusLabel(status)}.`);
    return 0;
  },
};
