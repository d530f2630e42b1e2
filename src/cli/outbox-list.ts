// policywatch outbox list [--json]
import type { Command } from "./command.js";

export const outboxListCommand: Command = {
  name: "outbox list",
  summary: "The latest mails in the outbox: to whom, status, attempts, last error",
  usage: "policywatch outbox list [--json]",
  options: { json: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const rows = await app.services.outbox.list({ limit: 100 });
    if (ctx.values.json) {
      ctx.printJson(rows);
      return 0;
    }
    if (rows.length === 0) {
      ctx.print("The outbox is empty.");
      return 0;
    }
    for (const r of rows) {
      const when = (r.sentAt ?? r.createdAt).slice(0, 16).replace("T", " ");
      ctx.print(`${String(r.id).padStart(5)}  ${r.status.padEnd(10)} ${when}  ${r.email}  ${r.subject}`);
      if (r.status !== "sent" && r.lastError)
        ctx.print(`       ${r.attempts} attempt${r.attempts === 1 ? "" : "s"}, last error: ${r.lastError}`);
    }
    return 0;
  },
};
