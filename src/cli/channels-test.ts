// policywatch channels test ID [--json]: a test message to that channel only.
import { requireId } from "./args.js";
import { type Command, UserError } from "./command.js";
import { describeChannel } from "./format-channel.js";

export const channelsTestCommand: Command = {
  name: "channels test",
  summary: "Send a test message to one alert channel",
  usage: "policywatch channels test ID [--json]",
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const id = requireId(ctx.positionals[0], "channel", this.usage);
    const app = await ctx.app();
    const result = await app.services.channels.test(id);
    if (ctx.values.json) ctx.printJson(result);
    else if (result.sent)
      ctx.print(`Sent a test message to channel ${id} (${describeChannel(result.channel)}).`);
    if (!result.sent)
      throw new UserError(`the test message to channel ${id} did not arrive: ${result.error}`, "unavailable");
    return 0;
  },
};
