// Guessing the admin token: wrong tokens (a failed sign-in, a wrong bearer token on the API) are
// counted per client address, and an address with too many in a window is refused, even with the
// right token, until its block ends. The counts live in the database (one row per address), so no
// number of other addresses can push a blocked one out, and every instance sees the same counts.
import ipaddr from "ipaddr.js";

/** Wrong tokens an address may send within FAILURE_WINDOW_MS before it is blocked. */
export const MAX_FAILED_ATTEMPTS = 10;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** How long a blocked address is refused, from its last counted failure. */
export const BLOCK_MS = 15 * 60_000;

/**
 * The address a request comes from: the socket's peer, or, behind a reverse proxy that the
 * operator trusts (TRUST_PROXY), the last address in X-Forwarded-For, which that proxy appended.
 * Earlier entries are the client's own say and may be anything.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .at(-1);
    if (last) return last;
  }
  return socketAddress ?? "unknown";
}

/**
 * What the throttle counts by: an IPv4 address (an IPv4-mapped IPv6 one included), or an IPv6
 * address's /64 network, which one subscriber usually holds whole; anything else as written.
 */
export function throttleKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return address.slice(0, 100);
  const ip = ipaddr.parse(bare);
  if (ip.kind() === "ipv4") return ip.toString();
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(":")}::/64`;
}

/** Whole seconds until `until`, at least 1: the Retry-After of a refusal. */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
