// policywatch subscribers remove ID|EMAIL
import { type Command, UserError } from "./command.js";

export const subscribersRemoveCommand: Command = {
  name: "subscribers remove",
  summary: "Remove a subscriber (by id or address) and its outbox",
  usage: "policywatch subscribers remove ID|EMAIL",
  maxPositionals: 1,
  async run(ctx) {
    const which = ctx.positionals[0];
    if (!which)
      throw new UserError(`say which subscriber: an id or an address.\nUsage: ${this.usage}`, "invalid");
    const app = await ctx.app();
    const removed = await app.services.subscribers.remove(which);
    ctx.print(`Removed subscriber ${removed.id} (${removed.email}); no more mail goes to it.`);
    return 0;
  },
};
