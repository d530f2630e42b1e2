// policywatch subscribers list [--json]
import type { SubscriberView } from "../services/subscriber-service.js";
import type { Command } from "./command.js";

const WEEKDAYS = ["", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

export function describeSchedule(
  s: Pick<SubscriberView, "frequency" | "hour" | "timeZone" | "weekday">,
): string {
  const time = `${String(s.hour).padStart(2, "0")}:00 ${s.timeZone}`;
  if (s.frequency === "immediate") return "immediate alerts";
  if (s.frequency === "weekly") return `weekly digest, ${WEEKDAYS[s.weekday] ?? "Mondays"} at ${time}`;
  return `daily digest at ${time}`;
}

export const subscribersListCommand: Command = {
  name: "subscribers list",
  summary: "List subscribers: address, schedule, areas, status",
  usage: "policywatch subscribers list [--json]",
  options: { json: { type: "boolean" } },
  async run(ctx) {
    const app = await ctx.app();
    const subs = await app.services.subscribers.list();
    if (ctx.values.json) {
      ctx.printJson(subs);
      return 0;
    }
    if (subs.length === 0) {
      ctx.print("No subscribers yet. Add one with policywatch subscribers add EMAIL.");
      return 0;
    }
    for (const s of subs) {
      const last = s.lastDigestAt
        ? `last digest ${s.lastDigestAt.slice(0, 16).replace("T", " ")} UTC`
        : "no digest yet";
      ctx.print(
        `${String(s.id).padStart(4)}  ${s.email}${s.name ? ` (${s.name})` : ""}  ${describeSchedule(s)}; ${s.areas.length ? s.areas.join(", ") : "all areas"}; ${s.status}${s.frequency === "immediate" ? "" : `; ${last}`}`,
      );
    }
    return 0;
  },
};
