// The mail feature's errors as CLI words and exit codes: bad input 2, anything else 1.
import { DigestError } from "../services/digest-service.js";
import type { DeliverySummary } from "../services/delivery-service.js";
import { SubscriberError } from "../services/subscriber-service.js";
import { UserError } from "./command.js";

export async function withMailErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SubscriberError) throw new UserError(err.message, err.kind === "invalid" ? 2 : 1);
    if (err instanceof DigestError) throw new UserError(err.message, 2);
    throw err;
  }
}

/** Words for mails that did not go out, and what happens to them. */
export function failureWords(
  what: string,
  total: number,
  summary: Pick<DeliverySummary, "failed" | "transport">,
): string {
  const shown = summary.failed.slice(0, 5).map((f) => `  - ${f.email}: ${f.error}`);
  const more =
    summary.failed.length > 5
      ? [`  … and ${summary.failed.length - 5} more (see policywatch outbox list)`]
      : [];
  return [
    `could not send ${summary.failed.length} of ${total} ${what} through ${summary.transport}:`,
    ...shown,
    ...more,
    "They stay in the outbox and are retried automatically; once the problem is fixed, run",
    "policywatch outbox retry (or the same command again) to send them now.",
  ].join("\n");
}
