// Every way a fetch can fail, turned into a FetchError a user can read: one sentence naming the
// URL (and, after redirects, where it came from), the kind scripts branch on, and the low-level
// code for logs. Never a stack trace.

import { FetchError, type FetchErrorInfo, isFetchError } from "../domain/fetch-error.js";

// Where a failure happened: the hop's URL, and the URL the caller asked for.
export interface Place {
  requested: URL;
  current: URL;
}

const MiB = 1024 * 1024;

export function describePlace(place: Place): string {
  return place.current.href === place.requested.href
    ? place.requested.href
    : `${place.current.href} (redirected from ${place.requested.href})`;
}

export function cancelled(place: Place): FetchError {
  return new FetchError({
    kind: "cancelled",
    url: place.requested.href,
    message: `The fetch of ${describePlace(place)} was cancelled.`,
  });
}

export function parseHttpUrl(raw: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(raw.trim());
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    throw new FetchError({
      kind: "invalid-url",
      url: raw,
      message: `"${raw}" is not a valid web address; give a full http:// or https:// URL.`,
    });
  }
  url.hash = "";
  return url;
}

const DNS_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NODATA",
  "EAI_NONAME",
  "ENODATA",
  "ESERVFAIL",
]);

export function dnsError(error: unknown, hostname: string, place: Place, timeoutMs: number): FetchError {
  const code = (error as { code?: string } | null)?.code ?? "EDNS";
  const why =
    code === "ETIMEOUT"
      ? `did not resolve within ${formatSeconds(timeoutMs)}`
      : code === "EAI_AGAIN"
        ? "could not be resolved right now (temporary DNS failure)"
        : "does not exist (DNS found no address for it)";
  return new FetchError({
    kind: "dns",
    code,
    url: place.requested.href,
    message: `The host ${hostname} of ${describePlace(place)} ${why}.`,
  });
}

export function isResetCode(code: string | undefined): boolean {
  return code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED";
}

export function networkError(error: { code?: string; message?: string }, place: Place): FetchError {
  if (isFetchError(error)) return error;
  const code = error.code ?? "";
  const at = describePlace(place);
  const info = (kind: FetchErrorInfo["kind"], message: string) =>
    new FetchError({ kind, code: code || undefined, url: place.requested.href, message });
  if (DNS_CODES.has(code)) return dnsError(error, place.current.hostname, place, 0);
  if (code === "ECONNREFUSED") return info("connection", `The server for ${at} refused the connection.`);
  if (isResetCode(code))
    return info("connection", `The connection to ${at} was closed before the answer was complete.`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EADDRNOTAVAIL") {
    return info("connection", `The server for ${at} cannot be reached from here (network unreachable).`);
  }
  if (code === "ETIMEDOUT") return info("timeout", `Connecting to ${at} timed out.`);
  if (isTlsError(code, error.message)) {
    return info("tls", `The secure connection to ${at} failed: ${tlsReason(code, error.message)}.`);
  }
  if (code.startsWith("HPE_"))
    return info("connection", `The server for ${at} sent a malformed HTTP answer.`);
  return info(
    "connection",
    `Fetching ${at} failed${code ? ` (${code})` : ""}: ${firstLine(error.message) || "unknown error"}.`,
  );
}

function isTlsError(code: string, message: string | undefined): boolean {
  return (
    /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO)/.test(
      code,
    ) || /\b(SSL|TLS)\b|certificate/i.test(message ?? "")
  );
}

// Anything that escaped the classification above still reaches the user as words, not a stack.
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "its certificate chain ends in a self-signed certificate",
  CERT_HAS_EXPIRED: "its certificate has expired",
  CERT_NOT_YET_VALID: "its certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "its certificate is for a different host name",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate's issuer is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "its certificate's issuer is not trusted",
  UNABLE_TO_GET_ISSUER_CERT: "its certificate's issuer is not trusted",
  CERT_REVOKED: "its certificate has been revoked",
};

// OpenSSL messages carry hex codes and C source paths; keep only the reason a person can read.
function tlsReason(code: string, message: string | undefined): string {
  const known = TLS_REASONS[code];
  if (known) return known;
  const openssl = /:(?:SSL|TLS)[^:]*routines:[^:]*:([^:]+):/i.exec(message ?? "")?.[1]?.trim();
  if (openssl === "wrong version number") return "the server does not speak TLS on this port (plain http?)";
  if (openssl) return openssl;
  return firstLine(message).replace(/^(write|read) \w+ /, "") || code;
}

export function asFetchError(error: unknown, place: Place): FetchError {
  if (isFetchError(error)) return error;
  const e = error as { code?: string; message?: string } | null;
  return networkError({ code: e?.code, message: e?.message ?? String(error) }, place);
}

export function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]!.trim().replace(/\.$/, "");
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

export function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
