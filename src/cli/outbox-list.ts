// policywatch outbox list [--json [--channels]]: the latest mails, then the latest channel messages
// (which channel, status, tries, last error), so that what `outbox retry` would send is in view.
// The JSON array holds mails only unless --channels asks for channel messages too: scripts written
// for its mail rows keep working.
import type { ChannelOutboxEntry } from "../services/channel-service.js";
import type { OutboxEntry } from "../services/delivery-service.js";
import type { Command } from "./command.js";

function minute(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

function tries(n: number): string {
  return `${n} attempt${n === 1 ? "" : "s"}`;
}

function mailLines(r: OutboxEntry): string[] {
  const lines = [
    `${String(r.id).padStart(5)}  ${r.status.padEnd(10)} ${minute(r.sentAt ?? r.createdAt)}  ${r.email}  ${r.subject}`,
  ];
  if (r.status !== "sent" && r.lastError)
    lines.push(`       ${tries(r.attempts)}, last error: ${r.lastError}`);
  return lines;
}

function channelLines(r: ChannelOutboxEntry): string[] {
  const what = r.pollId === null ? r.event : `${r.event}, poll ${r.pollId}`;
  const lines = [
    `${String(r.id).padStart(5)}  ${r.status.padEnd(10)} ${minute(r.sentAt ?? r.createdAt)}  ` +
      `channel ${r.channel.id}: ${r.to}  (${what})`,
  ];
  if (r.status !== "sent" && r.lastError)
    lines.push(`       ${tries(r.attempts)}, last error: ${r.lastError}`);
  if (r.status !== "sent" && r.notBefore)
    lines.push(`       not before ${minute(r.notBefore)} (the receiver asked to wait)`);
  return lines;
}

export const outboxListCommand: Command = {
  name: "outbox list",
  summary: "The latest mails and channel messages in the outbox: to whom, status, attempts, last error",
  usage: "policywatch outbox list [--json [--channels]]",
  options: { json: { type: "boolean" }, channels: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const mails = await app.services.outbox.list({ limit: 100 });
    const messages = await app.services.channels.outbox({ limit: 100 });
    if (ctx.values.json) {
      // Mails as they always were, then with --channels the channel messages (kind "channel").
      ctx.printJson(ctx.values.channels ? [...mails, ...messages] : mails);
      return 0;
    }
    if (mails.length + messages.length === 0) {
      ctx.print("The outbox is empty.");
      return 0;
    }
    if (mails.length === 0) ctx.print("No mail in the outbox.");
    for (const r of mails) for (const line of mailLines(r)) ctx.print(line);
    if (messages.length > 0) {
      ctx.print("Channel messages:");
      for (const r of messages) for (const line of channelLines(r)) ctx.print(line);
    }
    return 0;
  },
};
