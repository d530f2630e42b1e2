// policywatch outbox retry: sends every unsent mail and channel message now (failed ones without
// waiting for their backoff; a receiver's Retry-After still holds).
import { type Command, UserError } from "./command.js";
import { failureWords } from "./format-mail.js";

export const outboxRetryCommand: Command = {
  name: "outbox retry",
  summary: "Send every mail and channel message still waiting in the outbox, now",
  usage: "policywatch outbox retry [--json]",
  options: { json: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const summary = await app.services.outbox.retry();
    const ch = summary.channels;
    const mails = summary.sent + summary.failed.length + summary.skipped;
    const nothing = mails + ch.sent + ch.failed.length + ch.skipped === 0;
    if (ctx.values.json) ctx.printJson(summary);
    else if (nothing) ctx.print("Nothing is waiting in the outbox.");
    else {
      if (mails > 0 || ch.sent + ch.failed.length === 0) {
        ctx.print(`Sent ${summary.sent} mail${summary.sent === 1 ? "" : "s"} through ${summary.transport}.`);
      }
      if (ch.sent + ch.failed.length > 0)
        ctx.print(`Sent ${ch.sent} channel message${ch.sent === 1 ? "" : "s"}.`);
    }
    if (summary.failed.length > 0) {
      throw new UserError(
        failureWords("mails", summary.sent + summary.failed.length, summary),
        "unavailable",
      );
    }
    if (ch.failed.length > 0) {
      const lines = ch.failed.slice(0, 5).map((f) => `  - ${f.error}${f.final ? " (not retried)" : ""}`);
      throw new UserError(
        [
          `could not send ${ch.failed.length} of ${ch.sent + ch.failed.length} channel messages:`,
          ...lines,
          "Those not marked (not retried) stay in the outbox and are retried automatically.",
        ].join("\n"),
        "unavailable",
      );
    }
    return 0;
  },
};
