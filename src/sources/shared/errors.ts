// Adapters fail with FetchError only, in words a user understands. `guardParse` is the last line of
// defence: whatever a malformed page makes a parser trip over becomes a `parse` error naming the URL,
// never a stack trace.

import { FetchError, isFetchError } from "../../domain/fetch-error.js";

export function parseError(url: string, message: string): FetchError {
  return new FetchError({ kind: "parse", message, url });
}

export function emptyError(url: string, message: string): FetchError {
  return new FetchError({ kind: "empty", message, url });
}

export function notAFeedError(url: string, message: string): FetchError {
  return new FetchError({ kind: "not-a-feed", message, url });
}

export function blockedError(url: string, message: string): FetchError {
  return new FetchError({ kind: "blocked", message, url });
}

/** Runs a parser; anything but a FetchError it throws becomes a `parse` FetchError. */
export function guardParse<T>(url: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isFetchError(e)) throw e;
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw parseError(url, `Could not read ${what} at ${url}: ${reason}.`);
  }
}
