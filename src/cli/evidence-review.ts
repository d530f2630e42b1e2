// policywatch evidence confirm ID [--note TEXT] and policywatch evidence reject ID [--note TEXT]:
// the two review commands differ only in the verdict, so one factory builds both.
import type { ReviewOutcome } from "../services/review-service.js";
import { requireId } from "./args.js";
import { type Command, stringOption } from "./command.js";
import { changeJson, evidenceJson, formatChange } from "./format-evidence.js";

function reviewCommand(verdict: "confirm" | "reject"): Command {
  const usage = `policywatch evidence ${verdict} ID [--note TEXT] [--json]`;
  return {
    name: `evidence ${verdict}`,
    summary:
      verdict === "confirm"
        ? "Confirm evidence: confirmed progress moves the milestone's status"
        : "Reject evidence: it stops counting, and the same false pattern from its source stops matching",
    usage,
    options: { note: { type: "string" }, json: { type: "boolean" } },
    maxPositionals: 1,
    async run(ctx) {
      const id = requireId(ctx.positionals[0], "evidence", usage);
      const app = await ctx.app();
      const note = stringOption(ctx.values, "note") ?? null;
      const outcome =
        verdict === "confirm"
          ? await app.services.review.confirm(id, note)
          : await app.services.review.reject(id, note);
      if (ctx.values.json) {
        ctx.printJson({
          evidence: evidenceJson(outcome.evidence),
          statusChanges: outcome.statusChanges.map(changeJson),
          learned: outcome.learned,
          forgotten: outcome.forgotten,
        });
        return 0;
      }
      printOutcome(ctx.print, verdict, outcome);
      return 0;
    },
  };
}

function printOutcome(print: (line: string) => void, verdict: "confirm" | "reject", o: ReviewOutcome): void {
  const e = o.evidence;
  print(
    `Evidence #${e.id} ${verdict === "confirm" ? "confirmed" : "rejected"} (${e.milestoneSlug}: ${e.item.title ?? e.item.url}).`,
  );
  const own = o.statusChanges.filter((c) => c.milestoneId === e.milestoneId);
  if (own.length === 0) print(`The status of ${e.milestoneSlug} does not change.`);
  for (const c of own) print(formatChange(c, e.milestoneSlug));
  if (o.learned) {
    print(
      `Learned: items from ${e.item.source.name} containing ${o.learned.terms.map((t) => `"${t}"`).join(" + ")} ` +
        `no longer match ${e.milestoneSlug} (run policywatch match --all to apply it to stored items).`,
    );
  } else if (verdict === "reject") {
    print("Nothing distinctive to learn from this item: no negative pattern recorded.");
  }
  if (o.forgotten)
    print(`Forgot ${o.forgotten} negative pattern(s) learned when this evidence was rejected.`);
}

export const evidenceConfirmCommand = reviewCommand("confirm");
export const evidenceRejectCommand = reviewCommand("reject");
