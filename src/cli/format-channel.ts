// How a channel, and its latest message, read on one line in the CLI.
import type { ChannelView } from "../domain/channels/channel-input.js";
import type { DeliveryView } from "../domain/channels/delivery-rules.js";

/** "webhook → https://hooks.example.org/***: all areas, progress only". */
export function describeChannel(c: ChannelView): string {
  const where = c.type === "telegram" ? `chat ${c.target} via ${c.apiUrl}` : c.target;
  const areas = c.areas.length ? `areas ${c.areas.join(", ")}` : "all areas";
  const what = c.allMatches ? "every match" : "progress only";
  const score = c.minScore > 0 ? `, score at least ${c.minScore}` : "";
  return `${c.type} → ${where}: ${areas}, ${what}${score}`;
}

function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** "delivered 2026-04-11 12:00 UTC (progress, poll 12)", or a failure with its error in words. */
export function describeDelivery(d: DeliveryView | null): string {
  if (!d) return "nothing sent yet";
  const what = d.pollId === null ? d.event : `${d.event}, poll ${d.pollId}`;
  if (d.status === "delivered") return `delivered ${utcMinute(d.at)} (${what})`;
  if (d.status === "pending") return `pending since ${utcMinute(d.at)} (${what}), not sent yet`;
  const tries = `${d.attempts} ${d.attempts === 1 ? "try" : "tries"}`;
  const next = d.retrying ? "tried again later" : "not retried";
  return `failed ${utcMinute(d.at)} (${what}) after ${tries}, ${next}: ${d.error ?? "no error recorded"}`;
}
