// policywatch channels list [--json]
import type { Command } from "./command.js";
import { describeChannel, describeDelivery } from "./format-channel.js";

export const channelsListCommand: Command = {
  name: "channels list",
  summary: "The alert channels, secrets masked, each with its latest message",
  usage: "policywatch channels list [--json]",
  options: { json: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const channels = await app.services.channels.list();
    if (ctx.values.json) ctx.printJson(channels);
    else if (channels.length === 0) ctx.print("No alert channels. Add one with policywatch channels add.");
    else
      for (const c of channels) {
        ctx.print(`${String(c.id).padStart(4)}  ${describeChannel(c)}`);
        ctx.print(`      last message: ${describeDelivery(c.lastDelivery)}`);
      }
    return 0;
  },
};
