// The channels feature's errors as CLI words and exit codes (bad input 2, a missing channel 1),
// and how a channel reads on one line.
import type { ChannelView } from "../domain/channels/channel-input.js";
import { ChannelError } from "../services/channel-service.js";
import { UserError } from "./command.js";

export async function withChannelErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ChannelError) throw new UserError(err.message, err.kind === "invalid" ? 2 : 1);
    throw err;
  }
}

/** "webhook → https://hooks.example.org/***: all areas, progress only". */
export function describeChannel(c: ChannelView): string {
  const where = c.type === "telegram" ? `chat ${c.target} via ${c.apiUrl}` : c.target;
  const areas = c.areas.length ? `areas ${c.areas.join(", ")}` : "all areas";
  const what = c.allMatches ? "every match" : "progress only";
  const score = c.minScore > 0 ? `, score at least ${c.minScore}` : "";
  return `${c.type} → ${where}: ${areas}, ${what}${score}`;
}
