// policywatch channels add webhook URL [--secret S] [filters] [--json]
// policywatch channels add slack URL [filters] [--json]
// policywatch channels add telegram --bot-token T --chat-id C [--api-url URL] [filters] [--json]
import { type Command, stringOption, UserError } from "./command.js";
import { describeChannel } from "./format-channel.js";

const FILTERS = "[--areas a,b] [--all-matches] [--min-score X] [--json]";

export const channelsAddCommand: Command = {
  name: "channels add",
  summary: "Send alerts to a signed webhook, a Slack-compatible hook or a Telegram chat",
  usage: [
    `policywatch channels add webhook URL [--secret S] ${FILTERS}`,
    `       policywatch channels add slack URL ${FILTERS}`,
    `       policywatch channels add telegram --bot-token T --chat-id C [--api-url URL] ${FILTERS}`,
  ].join("\n"),
  options: {
    secret: { type: "string" },
    "bot-token": { type: "string" },
    "chat-id": { type: "string" },
    "api-url": { type: "string" },
    areas: { type: "string" },
    "all-matches": { type: "boolean" },
    "min-score": { type: "string" },
    json: { type: "boolean" },
  },
  maxPositionals: 2,
  async run(ctx) {
    const [type, url] = ctx.positionals;
    if (!type)
      throw new UserError(
        `say which kind of channel: webhook, slack or telegram.\nUsage: ${this.usage}`,
        "invalid",
      );
    if (type === "telegram" && url)
      throw new UserError(
        `a Telegram channel takes --bot-token and --chat-id, not a URL.\nUsage: ${this.usage}`,
        "invalid",
      );
    const app = await ctx.app();
    const { channel, generatedSecret } = await app.services.channels.add({
      type,
      url,
      secret: stringOption(ctx.values, "secret"),
      botToken: stringOption(ctx.values, "bot-token"),
      chatId: stringOption(ctx.values, "chat-id"),
      apiUrl: stringOption(ctx.values, "api-url"),
      areas: stringOption(ctx.values, "areas"),
      allMatches: ctx.values["all-matches"] === true,
      minScore: stringOption(ctx.values, "min-score"),
    });
    if (ctx.values.json) {
      const { id, type: kind, target, areas, allMatches, minScore } = channel;
      ctx.printJson({
        id,
        type: kind,
        target,
        areas,
        allMatches,
        minScore,
        ...(generatedSecret ? { secret: generatedSecret } : {}),
      });
      return 0;
    }
    ctx.print(`Added channel ${channel.id}: ${describeChannel(channel)}.`);
    if (generatedSecret) {
      ctx.print(
        `Its signing secret (shown only now; keep it to verify X-Policywatch-Signature): ${generatedSecret}`,
      );
    }
    ctx.print(`Send it a test message with: policywatch channels test ${channel.id}`);
    return 0;
  },
};
