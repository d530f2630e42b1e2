// Every failure to fetch or read a source is a value with a kind and words a user understands.
// No stack trace ever leaves this shape: the CLI, the API, source health and digests all show
// `message`, and scripts branch on `kind`.
import type { CategorizedError, ErrorCategory } from "./error-category.js";

export const FETCH_ERROR_KINDS = [
  "timeout",
  "dns",
  "connection",
  "tls",
  "http",
  "blocked",
  "rate-limited",
  "too-large",
  "redirect-loop",
  "not-a-feed",
  "parse",
  "empty",
  "forbidden-address",
  // The site's robots.txt disallows the URL for our user agent: the operator asked us not to.
  "robots",
  // The text given is not an http(s) URL; nothing was requested.
  "invalid-url",
  // The caller aborted the fetch (shutdown, poll cancelled): not a fault of the source.
  "cancelled",
  // The proxy the fetch goes through refused, could not be reached, wanted credentials, or could
  // not reach the site: the source may be fine.
  "proxy",
  // policywatch failed on its own side (the database went away under a poll): the source may be fine.
  "internal",
] as const;

export type FetchErrorKind = (typeof FETCH_ERROR_KINDS)[number];

export interface FetchErrorInfo {
  kind: FetchErrorKind;
  message: string;
  /** HTTP status, for `http`, `blocked` and `rate-limited`. */
  status?: number;
  /** Seconds the server asked us to wait, for `rate-limited`. */
  retryAfterSeconds?: number;
  url?: string;
  /** Low-level cause code (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`…), for logs and scripts. */
  code?: string;
}

export class FetchError extends Error implements CategorizedError {
  readonly kind: FetchErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly url?: string;
  readonly code?: string;

  constructor(info: FetchErrorInfo) {
    super(info.message);
    this.name = "FetchError";
    this.kind = info.kind;
    this.status = info.status;
    this.retryAfterSeconds = info.retryAfterSeconds;
    this.url = info.url;
    this.code = info.code;
  }

  get category(): ErrorCategory {
    return "unavailable";
  }

  get publicKind(): string {
    return this.kind;
  }

  get publicDetails(): Record<string, unknown> {
    return fetchErrorDetails(this);
  }

  toJSON(): FetchErrorInfo {
    const out: FetchErrorInfo = { kind: this.kind, message: this.message };
    if (this.status !== undefined) out.status = this.status;
    if (this.retryAfterSeconds !== undefined) out.retryAfterSeconds = this.retryAfterSeconds;
    if (this.url !== undefined) out.url = this.url;
    if (this.code !== undefined) out.code = this.code;
    return out;
  }
}

export function isFetchError(e: unknown): e is FetchError {
  return e instanceof FetchError;
}

/** A fetch error's fields shown beside its kind and message (HTTP status, Retry-After, URL). */
export function fetchErrorDetails(e: {
  status?: number;
  retryAfterSeconds?: number;
  url?: string;
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.status !== undefined) out.status = e.status;
  if (e.retryAfterSeconds !== undefined) out.retryAfterSeconds = e.retryAfterSeconds;
  if (e.url !== undefined) out.url = e.url;
  return out;
}
