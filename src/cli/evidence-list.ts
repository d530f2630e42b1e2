// policywatch evidence list [--milestone SLUG] [--area SLUG] [--pending] [--since YYYY-MM-DD] [--limit N] [--superseded] [--json]
import { parseDateOption } from "./args.js";
import { type Command, stringOption, UserError } from "./command.js";
import { evidenceJson, formatEvidence } from "./format-evidence.js";

const DEFAULT_LIMIT = 100;

const usage =
  "policywatch evidence list [--milestone SLUG] [--area SLUG] [--pending] [--since YYYY-MM-DD] [--limit N] [--superseded] [--json]";

export const evidenceListCommand: Command = {
  name: "evidence list",
  summary: "Evidence the matcher recorded, newest first, 100 at most (--pending: awaiting review)",
  usage,
  options: {
    milestone: { type: "string" },
    area: { type: "string" },
    pending: { type: "boolean" },
    since: { type: "string" },
    limit: { type: "string" },
    superseded: { type: "boolean" },
    json: { type: "boolean" },
  },
  async run(ctx) {
    const since = parseDateOption(stringOption(ctx.values, "since"), "since");
    const limitRaw = stringOption(ctx.values, "limit");
    const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UserError(`--limit must be a positive whole number, not "${limitRaw}".`, "invalid");
    }
    const app = await ctx.app();
    const milestone = stringOption(ctx.values, "milestone");
    const area = stringOption(ctx.values, "area");
    if (milestone) await app.services.status.requireMilestone(milestone);
    if (area) await app.services.status.requireArea(area);
    const rows = await app.services.review.listEvidence({
      milestone,
      area,
      pending: Boolean(ctx.values.pending),
      since,
      limit,
      includeSuperseded: Boolean(ctx.values.superseded),
    });
    if (ctx.values.json) {
      ctx.printJson(rows.map(evidenceJson));
      return 0;
    }
    if (rows.length === 0) {
      ctx.print(ctx.values.pending ? "No evidence awaits review." : "No evidence recorded yet.");
      return 0;
    }
    ctx.print(rows.map(formatEvidence).join("\n\n"));
    ctx.print("");
    const more = rows.length === limit ? ` (the newest ${limit}: --limit N for more)` : "";
    ctx.print(
      `${rows.length} shown${more}. Review with: policywatch evidence confirm ID [--note TEXT] | evidence reject ID [--note TEXT]`,
    );
    return 0;
  },
};
