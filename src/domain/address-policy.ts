// Which IP addresses a user-added source may point at. A URL a user types is fetched by the
// server, so without this check it could read the cloud metadata service or an internal admin
// page (SSRF). Rule: only public unicast addresses are allowed; every private, loopback,
// link-local, CGNAT, unique-local, multicast, unspecified, reserved or metadata address is refused.
// IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4
// address.
// Pure: the fetcher resolves the host and asks this module about every answer.

import ipaddr from "ipaddr.js";

// Cloud metadata endpoints get their own words: they are the classic SSRF target.
const METADATA_ADDRESSES = new Set([
  "169.254.169.254", // AWS, GCP, Azure, OpenStack, DigitalOcean…
  "169.254.170.2", // AWS ECS task metadata
  "100.100.100.200", // Alibaba Cloud
  "fd00:ec2::254", // AWS IPv6
]);

const IPV4_RANGE_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private network address",
  reserved: "a reserved address",
  as112: "a reserved address",
  amt: "a reserved address",
};

const IPV6_RANGE_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  loopback: "a loopback address",
  uniqueLocal: "a unique-local (private) address",
  deprecatedSiteLocal: "a site-local (private) address",
};

/**
 * Why `address` must not be fetched, as words ("a loopback address"), or null when it is a public
 * unicast address. Anything that does not parse as an IP address is refused.
 */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  // A zone id (fe80::1%eth0) only ever appears on link-local addresses.
  const withoutZone = bare.split("%")[0] ?? bare;
  if (!ipaddr.isValid(withoutZone)) return "not a valid IP address";
  const parsed = ipaddr.parse(withoutZone);
  const normalized = parsed.toString().toLowerCase();
  if (METADATA_ADDRESSES.has(normalized)) return "a cloud metadata address";
  if (parsed.kind() === "ipv4") return ipv4Reason(parsed as ipaddr.IPv4);
  return ipv6Reason(parsed as ipaddr.IPv6);
}

/** True when the address is public unicast, i.e. `forbiddenAddressReason` is null. */
export function isPublicAddress(address: string): boolean {
  return forbiddenAddressReason(address) === null;
}

function ipv4Reason(ip: ipaddr.IPv4): string | null {
  if (METADATA_ADDRESSES.has(ip.toString())) return "a cloud metadata address";
  const range = ip.range();
  if (range === "unicast") return null;
  return IPV4_RANGE_WORDS[range] ?? "a special-purpose address";
}

function ipv6Reason(ip: ipaddr.IPv6): string | null {
  const range = ip.range();
  // IPv4-compatible (::a.b.c.d, written ::7f00:1 once a URL is normalised) is deprecated but
  // still reaches the IPv4 host on some stacks, so it is judged as that IPv4 address.
  const p = ip.parts;
  if (range === "unicast" && p.slice(0, 6).every((w) => w === 0)) {
    return ipv4Reason(new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]));
  }
  if (range === "unicast") return null;
  const embedded = embeddedIpv4(ip, range);
  if (embedded) return ipv4Reason(embedded);
  return IPV6_RANGE_WORDS[range] ?? "a special-purpose address";
}

// The IPv4 address an IPv6 address stands for, for the forms that carry one.
function embeddedIpv4(ip: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = ip.parts;
  const fromWords = (hi: number, lo: number) =>
    new ipaddr.IPv4([(hi >> 8) & 0xff, hi & 0xff, (lo >> 8) & 0xff, lo & 0xff]);
  if (range === "ipv4Mapped" || range === "rfc6145") return fromWords(p[6]!, p[7]!);
  // NAT64 well-known prefix 64:ff9b::/96 (the /48 local-use prefix has no fixed layout: refuse it).
  if (range === "rfc6052" && p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0) return fromWords(p[6]!, p[7]!);
  if (range === "6to4") return fromWords(p[1]!, p[2]!);
  return null;
}
