// One URL per item, whatever link a feed, listing or mirror gave us, and the key items are
// deduplicated on.
//
// canonicalUrl rules, in order:
// 1. Resolve against the base; only http(s) URLs are kept (anything else: null).
// 2. Lowercase the host, drop the default port, user info and the fragment.
// 3. Drop tracking parameters (utm_*, fbclid, gclid, yclid, mc_cid, …) and sort the remaining keys,
//    so the same article reached from a newsletter and from the feed is one URL.
// 4. https for hosts known to serve it (Reuters, Brookings); other hosts keep the scheme they gave,
//    since we cannot know without asking whether they serve https.
// 5. Kremlin: the site's own canonical form, `http://en.kremlin.ru/...` or `http://kremlin.ru/...`,
//    whatever mirror (`en.special.kremlin.ru`, `www.`) or `/print` suffix the link used.
//
// Dedup keys: Kremlin items are `kremlin:<lang>:<numeric id>` (one id is shared by
// /events/president/news/<id>, /transcripts/<id>, /acts/news/<id>, /d/<id> and every mirror);
// every other item is `url:<canonical url>`.

const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "yclid",
  "ysclid",
  "msclkid",
  "twclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "rb_clickid",
  "s_cid",
  "ncid",
  "cmpid",
  "ocid",
  "utm",
  "wt_mc",
  "at_medium",
  "at_campaign",
]);
const TRACKING_PREFIXES = ["utm_", "pk_", "mtm_", "ga_", "hsa_"];

const HTTPS_HOSTS = ["reuters.com", "brookings.edu"];

function hostIs(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function isTracking(key: string): boolean {
  const k = key.toLowerCase();
  return TRACKING_PARAMS.has(k) || TRACKING_PREFIXES.some((p) => k.startsWith(p));
}

/** The canonical form of a link, or null when it is not an http(s) URL. */
export function canonicalUrl(raw: string | null | undefined, base?: string | null): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = base ? new URL(raw.trim(), base) : new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  u.hash = "";
  u.username = "";
  u.password = "";
  u.hostname = u.hostname.toLowerCase().replace(/\.$/, "");
  if (HTTPS_HOSTS.some((d) => hostIs(u.hostname, d))) u.protocol = "https:";
  if ((u.protocol === "https:" && u.port === "443") || (u.protocol === "http:" && u.port === "80"))
    u.port = "";

  const kremlin = kremlinCanonical(u);
  if (kremlin) return kremlin;

  const kept = [...u.searchParams.entries()].filter(([k]) => !isTracking(k));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const search = new URLSearchParams(kept).toString();
  u.search = search === "" ? "" : `?${search}`;
  return u.toString();
}

// ---- Kremlin -------------------------------------------------------------------------------------

const KREMLIN_EN_HOSTS = new Set([
  "en.kremlin.ru",
  "www.en.kremlin.ru",
  "en.special.kremlin.ru",
  "www.en.special.kremlin.ru",
]);
const KREMLIN_RU_HOSTS = new Set([
  "kremlin.ru",
  "www.kremlin.ru",
  "special.kremlin.ru",
  "www.special.kremlin.ru",
]);

// Paths whose last number is the site-wide material id. `/acts/bank/<id>` is deliberately absent:
// the legal-documents bank numbers its documents separately.
const KREMLIN_ID_PATHS = [
  /^\/events\/(?:[a-z_-]+\/)+(\d+)(?:\/print)?\/?$/,
  /^\/acts\/news\/(\d+)(?:\/print)?\/?$/,
  /^\/d\/(\d+)\/?$/,
];

function parseUrl(raw: string | URL): URL | null {
  if (raw instanceof URL) return raw;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** `en` or `ru` for a Kremlin host (mirrors included), else null. */
export function kremlinLanguage(raw: string | URL): "en" | "ru" | null {
  const u = parseUrl(raw);
  if (!u) return null;
  const host = u.hostname.toLowerCase();
  if (KREMLIN_EN_HOSTS.has(host)) return "en";
  if (KREMLIN_RU_HOSTS.has(host)) return "ru";
  return null;
}

export function isKremlinUrl(raw: string | URL): boolean {
  return kremlinLanguage(raw) !== null;
}

/** The numeric material id of a Kremlin item URL, or null when the URL is not an item. */
export function kremlinId(raw: string | URL): string | null {
  const u = parseUrl(raw);
  if (!u || kremlinLanguage(u) === null) return null;
  return kremlinIdFromPath(u.pathname);
}

/** The material id in a Kremlin-style path (`/events/president/news/123/print` → `123`), else null. */
export function kremlinIdFromPath(path: string): string | null {
  if (/\/page\/\d+/.test(path)) return null; // listing pages: /events/president/news/page/2
  for (const re of KREMLIN_ID_PATHS) {
    const m = re.exec(path);
    if (m) return m[1]!;
  }
  return null;
}

/** `kremlin:<lang>:<id>` for a Kremlin item URL, else null. */
export function kremlinDedupKey(raw: string | URL): string | null {
  const lang = kremlinLanguage(raw);
  const id = kremlinId(raw);
  return lang && id ? `kremlin:${lang}:${id}` : null;
}

function kremlinCanonical(u: URL): string | null {
  const lang = kremlinLanguage(u);
  if (!lang) return null;
  const host = lang === "en" ? "en.kremlin.ru" : "kremlin.ru";
  let path = u.pathname.replace(/\/print\/?$/, "").replace(/\/+$/, "");
  if (path === "") path = "/";
  // Item pages take no query; listing pages keep theirs (minus tracking) so paging survives.
  const isItem = kremlinIdFromPath(path) !== null;
  let search = "";
  if (!isItem) {
    const kept = [...u.searchParams.entries()]
      .filter(([k]) => !isTracking(k))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const s = new URLSearchParams(kept).toString();
    search = s === "" ? "" : `?${s}`;
  }
  return `http://${host}${path}${search}`;
}

/** The key two answers share when they are the same item. */
export function dedupKeyForUrl(canonical: string): string {
  return kremlinDedupKey(canonical) ?? `url:${canonical}`;
}

/**
 * Canonical Kremlin URL for a path when the language is known from elsewhere: a Kremlin feed or
 * listing re-served from another host (a mirror, a proxy, a saved copy) still names the same item.
 */
export function kremlinUrlFor(lang: "en" | "ru", path: string): string {
  const clean = path.replace(/\/print\/?$/, "").replace(/\/+$/, "") || "/";
  return `http://${lang === "en" ? "en.kremlin.ru" : "kremlin.ru"}${clean}`;
}
