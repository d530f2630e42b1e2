// policywatch subscribers add EMAIL [--name NAME] [--areas a,b] [--frequency F] [--tz ZONE] [--hour H] [--json]
import { FREQUENCIES } from "../domain/digest/subscriber-input.js";
import { type Command, stringOption, UserError } from "./command.js";
import { describeSchedule } from "./subscribers-list.js";

export const subscribersAddCommand: Command = {
  name: "subscribers add",
  summary: "Subscribe an address to digests or immediate alerts",
  usage: `policywatch subscribers add EMAIL [--name NAME] [--areas a,b] [--frequency ${FREQUENCIES.join("|")}] [--tz ZONE] [--hour 0-23] [--json]`,
  options: {
    name: { type: "string" },
    areas: { type: "string" },
    frequency: { type: "string" },
    tz: { type: "string" },
    hour: { type: "string" },
    json: { type: "boolean" },
  },
  maxPositionals: 1,
  async run(ctx) {
    const email = ctx.positionals[0];
    if (!email) throw new UserError(`an address is needed.\nUsage: ${this.usage}`, "invalid");
    const app = await ctx.app();
    const sub = await app.services.subscribers.add({
      email,
      name: stringOption(ctx.values, "name"),
      areas: stringOption(ctx.values, "areas"),
      frequency: stringOption(ctx.values, "frequency"),
      timeZone: stringOption(ctx.values, "tz"),
      hour: stringOption(ctx.values, "hour"),
    });
    if (ctx.values.json) ctx.printJson(sub);
    else
      ctx.print(
        `Subscribed ${sub.email} (subscriber ${sub.id}): ${describeSchedule(sub)}, ${sub.areas.length ? `areas ${sub.areas.join(", ")}` : "all areas"}.`,
      );
    return 0;
  },
};
