// Mirrors: other URLs serving a source's content, tried in order when the primary is blocked or
// failing, so that a source the primary site refuses to this network is still read. Each poll
// starts with the primary again. Items a mirror serves under its own origin are re-homed to the
// primary's, so the same entry is one item whichever URL answered (Kremlin items already carry
// the Kremlin's own identity, see sources/kremlin/identity.ts).
import { FetchError, type FetchErrorKind, isFetchError } from "../domain/fetch-error.js";
import type { ParsedItem } from "../domain/item.js";
import { canonicalUrl, dedupKeyForUrl } from "../sources/canonical-url.js";

// The caller gave up or the URL is never acceptable: a mirror would not change that.
const NO_FALLBACK: ReadonlySet<FetchErrorKind> = new Set(["cancelled", "invalid-url"]);

export interface MirrorAnswer<T> {
  value: T;
  /** The URL that answered: the primary or one of the mirrors. */
  answeredBy: string;
}

/**
 * `attempt(primary)`, then each mirror in order while the answers fail. All failing: the primary's
 * error (its kind decides the source's health), its words naming what each mirror answered.
 */
export async function withMirrors<T>(
  primary: string,
  mirrors: readonly string[],
  attempt: (url: string, isPrimary: boolean) => Promise<T>,
): Promise<MirrorAnswer<T>> {
  let first: unknown;
  try {
    return { value: await attempt(primary, true), answeredBy: primary };
  } catch (err) {
    if (mirrors.length === 0 || !isFetchError(err) || NO_FALLBACK.has(err.kind)) throw err;
    first = err;
  }
  const failures: string[] = [];
  for (const mirror of mirrors) {
    try {
      return { value: await attempt(mirror, false), answeredBy: mirror };
    } catch (err) {
      if (isFetchError(err) && err.kind === "cancelled") throw err;
      failures.push(`${mirror}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const primaryError = first as FetchError;
  throw new FetchError({
    ...primaryError.toJSON(),
    message: `${primaryError.message} Its mirrors failed too — ${failures.join(" — ")}`,
  });
}

/** Items whose links point at the mirror's origin, moved to the primary's (and keyed there). */
export function rehomeItems(items: ParsedItem[], mirror: string, primary: string): ParsedItem[] {
  let from: URL;
  let to: URL;
  try {
    from = new URL(mirror);
    to = new URL(primary);
  } catch {
    return items;
  }
  if (from.origin === to.origin) return items;
  return items.map((item) => {
    let u: URL;
    try {
      u = new URL(item.url);
    } catch {
      return item;
    }
    if (u.origin !== from.origin) return item;
    const url = canonicalUrl(`${to.origin}${u.pathname}${u.search}`) ?? item.url;
    const rekey = item.dedupKey.startsWith("url:");
    return {
      ...item,
      url,
      dedupKey: rekey ? dedupKeyForUrl(url) : item.dedupKey,
      guid: item.guid === item.url ? url : item.guid,
    };
  });
}
