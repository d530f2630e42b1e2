// Mail that did not go out, in the CLI's words.
import type { DeliverySummary } from "../services/delivery-service.js";

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
