// policywatch backfill ID [--pages N] [--since DATE] [--json]: walk a source's archive, with a
// progress bar on a terminal and one plain line per page otherwise. Interrupted, it resumes.
import { SingleBar } from "cli-progress";
import type { BackfillProgress } from "../services/backfill-service.js";
import type { Command } from "./command.js";
import { dateOption, positiveIntOption, sourceIdArg } from "./source-args.js";

const usage = "policywatch backfill ID [--pages N] [--since YYYY-MM-DD] [--json]";

export const backfillCommand: Command = {
  name: "backfill",
  summary: "Walk a source's archive and store its older items (resumes where it stopped)",
  usage,
  options: { pages: { type: "string" }, since: { type: "string" }, json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const id = sourceIdArg(ctx, usage);
    const pages = positiveIntOption(ctx, "pages");
    const since = dateOption(ctx, "since");
    const app = await ctx.app();
    const tty = Boolean((ctx.io.stdout as { isTTY?: boolean }).isTTY) && !ctx.values.json;
    let bar: SingleBar | null = null;
    const onProgress = (p: BackfillProgress) => {
      if (ctx.values.json) return;
      if (tty) {
        if (!bar) {
          bar = new SingleBar({
            format: "backfill {bar} {value}/{total} pages | {items} new items",
            stream: ctx.io.stdout,
            hideCursor: true,
          });
          bar.start(p.target, 0, { items: 0 });
        }
        bar.update(p.pagesDone, { items: p.totalNewItems });
      } else {
        ctx.print(
          `page ${p.page} (${p.pagesDone}/${p.target}): ${p.newItems} new items, ${p.totalNewItems} in all — ${p.url}`,
        );
      }
    };
    try {
      // Not resumeOnly: a walk always runs (or the call throws), so there is a result.
      const result = (await app.services.backfill.backfill(id, { pages, since: since ?? null, onProgress }))!;
      (bar as SingleBar | null)?.stop();
      if (ctx.values.json) ctx.printJson(result);
      else
        ctx.print(
          `${result.resumed ? "Resumed and finished" : "Finished"} the backfill of source ${id}: ${result.pagesDone} pages, ` +
            `${result.newItems} new items, ${result.updatedItems} updated` +
            `${result.morePages ? " (the archive goes on: a larger --pages reaches older items)" : ""}.`,
        );
      return 0;
    } finally {
      (bar as SingleBar | null)?.stop();
    }
  },
};
