// policywatch channels remove ID
import { requireId } from "./args.js";
import type { Command } from "./command.js";
import { describeChannel } from "./format-channel.js";

export const channelsRemoveCommand: Command = {
  name: "channels remove",
  summary: "Remove an alert channel and its unsent messages",
  usage: "policywatch channels remove ID",
  maxPositionals: 1,
  async run(ctx) {
    const id = requireId(ctx.positionals[0], "channel", this.usage);
    const app = await ctx.app();
    const removed = await app.services.channels.remove(id);
    ctx.print(`Removed channel ${removed.id} (${describeChannel(removed)}); no more alerts go to it.`);
    return 0;
  },
};
