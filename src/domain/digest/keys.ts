// Outbox keys and Message-IDs. A delivery key names one mail for all time: the same key is the
// same mail, so the unique key in the outbox is what makes each mail be created once. The
// Message-ID is derived from the key, so a mail sent twice (see delivery-repository.ts for when
// that can happen) carries the same Message-ID both times and mail systems can tell.
import { createHash } from "node:crypto";
import type { DigestFrequency } from "./period.js";

export function digestKey(frequency: DigestFrequency, periodKey: string, subscriberId: number): string {
  return `digest:${frequency}:${periodKey}:${subscriberId}`;
}

export function alertKey(pollId: number | string, subscriberId: number): string {
  return `alert:${pollId}:${subscriberId}`;
}

/** The domain part of an address such as `policywatch <alerts@example.org>`. */
export function addressDomain(address: string): string {
  const m = /@([^\s@<>]+)>?\s*$/.exec(address);
  return m?.[1]?.toLowerCase() ?? "localhost";
}

/**
 * A stable Message-ID for a delivery key: `<hash.policywatch@domain>`. `salt` is the
 * subscriber's random token, so two deployments with the same keys never share an id.
 */
export function messageIdFor(key: string, salt: string, fromAddress: string): string {
  const hash = createHash("sha256").update(`${salt}\n${key}`).digest("hex").slice(0, 32);
  return `<${hash}.policywatch@${addressDomain(fromAddress)}>`;
}

/** The bare address of `Name <a@b>` or `a@b`. */
export function bareAddress(address: string): string {
  const m = /<([^<>]+)>\s*$/.exec(address);
  return (m?.[1] ?? address).trim();
}
