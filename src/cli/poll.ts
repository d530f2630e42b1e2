// policywatch poll [--source ID] [--json]: poll now, every source not paused or the one given.
import type { SourcePollResult } from "../services/poll-service.js";
import type { Command } from "./command.js";
import { UserError } from "./command.js";
import { formatError, formatPollSummary } from "./format-sources.js";

const usage = "policywatch poll [--source ID] [--json]";

export const pollCommand: Command = {
  name: "poll",
  summary: "Poll sources now and store what is new; prints a summary",
  usage,
  options: { source: { type: "string" }, json: { type: "boolean" } },
  async run(ctx) {
    const raw = ctx.values.source;
    let sourceId: number | undefined;
    if (typeof raw === "string") {
      if (!/^\d+$/.test(raw) || Number(raw) < 1) {
        throw new UserError(
          `--source must be a source ID (a whole number; see policywatch sources list), not "${raw}".`,
          "invalid",
        );
      }
      sourceId = Number(raw);
    }
    const app = await ctx.app();
    const failures: { result: SourcePollResult; name: string; url: string }[] = [];
    const summary = await app.services.poll.pollAll({
      sourceId,
      onResult: (result, source) => {
        if (result.outcome === "failed") failures.push({ result, name: source.name, url: source.url });
      },
    });
    if (ctx.values.json) ctx.printJson(summary);
    else {
      ctx.print(formatPollSummary(summary));
      for (const f of failures) {
        ctx.print(
          `  source ${f.result.sourceId} (${f.name}): ${f.result.error ? formatError(f.result.error) : "failed"}`,
        );
      }
      if (sourceId !== undefined && summary.sources === 0)
        ctx.print("  It is being polled by another process right now.");
    }
    return sourceId !== undefined && summary.failed > 0 ? 1 : 0;
  },
};
