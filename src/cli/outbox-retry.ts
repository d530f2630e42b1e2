// policywatch outbox retry: sends every unsent mail now (failed ones without waiting for backoff).
import { type Command, UserError } from "./command.js";
import { failureWords } from "./mail-errors.js";

export const outboxRetryCommand: Command = {
  name: "outbox retry",
  summary: "Send every mail still waiting in the outbox, now",
  usage: "policywatch outbox retry [--json]",
  options: { json: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const summary = await app.services.outbox.retry();
    if (ctx.values.json) ctx.printJson(summary);
    else if (summary.sent + summary.failed.length + summary.skipped === 0) ctx.print("Nothing is waiting in the outbox.");
    else ctx.print(`Sent ${summary.sent} mail${summary.sent === 1 ? "" : "s"} through ${summary.transport}.`);
    if (summary.failed.length > 0) throw new UserError(failureWords("mails", summary.sent + summary.failed.length, summary), 1);
    return 0;
  },
};
