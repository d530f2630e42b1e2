// When a failed mail is tried again on its own (the deliver-mail job): after a delay that doubles
// with each attempt, from one minute up to an hour, and not at all after MAX_AUTOMATIC_ATTEMPTS
// (then only `policywatch outbox retry` or `digest --send` try it, at once).

export const MAX_AUTOMATIC_ATTEMPTS = 12;
const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(attempts - 1, 0), MAX_DELAY_MS);
}

/** Whether the deliver-mail job should try this row now. Pending rows always; failed ones after the delay. */
export function isRetryDue(
  row: { status: string; attempts: number; claimedAt: Date | null },
  now: Date,
): boolean {
  if (row.status === "pending") return true;
  if (row.attempts >= MAX_AUTOMATIC_ATTEMPTS) return false;
  if (!row.claimedAt) return true;
  return row.claimedAt.getTime() + retryDelayMs(row.attempts) <= now.getTime();
}
