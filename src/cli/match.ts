// policywatch match --all [--json] | policywatch match ITEM_ID... [--json]
// Re-runs matching over stored items (after the agenda or the matcher changed). Idempotent: a
// second run changes nothing. A progress bar on a terminal, plain lines otherwise (on stderr, so
// --json output stays clean).
import cliProgress from "cli-progress";
import type { MatchProgress } from "../services/match-service.js";
import { requireId } from "./args.js";
import { type Command, UserError } from "./command.js";

const usage = "policywatch match --all [--json]   |   policywatch match ITEM_ID... [--json]";

export const matchCommand: Command = {
  name: "match",
  summary: "Re-match stored items against the agenda (--all: every item), updating evidence and statuses",
  usage,
  options: { all: { type: "boolean" }, json: { type: "boolean" } },
  maxPositionals: 1000,
  async run(ctx) {
    const ids = ctx.positionals.map((p) => requireId(p, "item", usage));
    if (!ctx.values.all && ids.length === 0)
      throw new UserError(
        `Say --all to re-match every stored item, or give item ids.\nUsage: ${usage}`,
        "invalid",
      );
    if (ctx.values.all && ids.length)
      throw new UserError(`Give either --all or item ids, not both.\nUsage: ${usage}`, "invalid");
    const app = await ctx.app();
    if (ids.length) {
      const r = await app.services.match.matchItems(ids);
      const summary = {
        items: r.items,
        matchedItems: r.matchedItems,
        created: r.created.length,
        updated: r.updated.length,
        superseded: r.superseded.length,
        revived: r.revived.length,
        newProgressEvidenceIds: r.newProgressEvidenceIds,
        statusChanges: r.statusChanges.length,
      };
      if (ctx.values.json) ctx.printJson(summary);
      else ctx.print(describe(summary));
      return 0;
    }
    const progress = progressReporter(ctx.io.stderr);
    let summary: Awaited<ReturnType<typeof app.services.ingest.rematchAll>>;
    try {
      summary = await app.services.ingest.rematchAll({ onProgress: progress.update });
    } finally {
      progress.stop();
    }
    if (ctx.values.json) ctx.printJson(summary);
    else {
      ctx.print(
        `Matched with ${summary.matcherVersion} against ${summary.agendas.map((a) => `${a.slug} ${a.version}`).join(", ")}.`,
      );
      ctx.print(describe(summary));
    }
    return 0;
  },
};

function describe(s: {
  items: number;
  matchedItems: number;
  created: number;
  updated: number;
  superseded: number;
  revived: number;
  statusChanges: number;
}): string {
  return (
    `${s.items} items, ${s.matchedItems} with matches: ${s.created} new evidence, ${s.updated} updated, ` +
    `${s.revived} revived, ${s.superseded} superseded; ${s.statusChanges} status changes.`
  );
}

function progressReporter(stream: NodeJS.WritableStream): {
  update: (p: MatchProgress) => void;
  stop: () => void;
} {
  if ((stream as NodeJS.WriteStream).isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WriteStream,
        format: "matching [{bar}] {percentage}% | {value}/{total} items",
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(p.total, p.done);
          started = true;
        } else {
          bar.setTotal(p.total);
          bar.update(p.done);
        }
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    update: (p) => {
      stream.write(`matched ${p.done}/${p.total} items\n`);
    },
    stop: () => {},
  };
}
