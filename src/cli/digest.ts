// policywatch digest [--frequency daily|weekly] [--to EMAIL] [--dry-run] [--send] [--json]
// Without --send nothing is written or sent: the text part of each digest is printed.
import { choiceWords, DIGEST_FREQUENCIES, isDigestFrequency } from "../domain/digest/period.js";
import { type Command, stringOption, UserError } from "./command.js";
import { failureWords } from "./format-mail.js";

export const digestCommand: Command = {
  name: "digest",
  summary: "Show (--dry-run) or send (--send) the current period's digests",
  usage: `policywatch digest [--frequency ${DIGEST_FREQUENCIES.join("|")}] [--to EMAIL] [--dry-run] [--send] [--json]`,
  options: {
    frequency: { type: "string" },
    to: { type: "string" },
    "dry-run": { type: "boolean" },
    send: { type: "boolean" },
    json: { type: "boolean" },
  },
  async run(ctx) {
    const frequency = stringOption(ctx.values, "frequency") ?? "daily";
    if (!isDigestFrequency(frequency)) {
      throw new UserError(
        `--frequency must be ${choiceWords(DIGEST_FREQUENCIES)}, not "${frequency}" (immediate subscribers get alerts, not digests).`,
        "invalid",
      );
    }
    if (ctx.values.send && ctx.values["dry-run"])
      throw new UserError("--send and --dry-run exclude each other: choose one.", "invalid");
    const to = stringOption(ctx.values, "to");
    const app = await ctx.app();

    if (!ctx.values.send) {
      const previews = await app.services.digests.preview({ frequency, to });
      if (ctx.values.json) {
        ctx.printJson(previews);
        return 0;
      }
      for (const [i, p] of previews.entries()) {
        if (i > 0) ctx.print("");
        if (p.sample)
          ctx.print(
            `(No active ${frequency} subscriber yet: this is what an all-areas subscriber in UTC would get.)`,
          );
        ctx.print(`To: ${p.email}`);
        ctx.print(`Subject: ${p.subject}`);
        ctx.print("");
        ctx.print(p.text.trimEnd());
      }
      return 0;
    }

    const summary = await app.services.digests.sendDigests({ frequency, to });
    if (ctx.values.json) ctx.printJson(summary);
    else if (summary.subscribers === 0)
      ctx.print(`There are no active ${frequency} subscribers: nothing to send.`);
    else {
      const parts = [
        `Sent ${summary.sent} ${frequency} digest${summary.sent === 1 ? "" : "s"} through ${summary.transport}`,
      ];
      if (summary.alreadySent > 0)
        parts.push(
          `${summary.alreadySent} subscriber${summary.alreadySent === 1 ? "" : "s"} had this period's digest already`,
        );
      if (summary.inProgress > 0) parts.push(`${summary.inProgress} being sent by another instance`);
      ctx.print(`${parts.join("; ")}.`);
    }
    if (summary.failed.length > 0) {
      throw new UserError(
        failureWords(`${frequency} digests`, summary.sent + summary.failed.length, summary),
        "unavailable",
      );
    }
    return 0;
  },
};
