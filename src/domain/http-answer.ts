// Reading what an HTTP answer tells a polite client: how long to wait (Retry-After), how long the
// answer stays fresh (Cache-Control, Expires), and whether a refusal is a bot wall rather than a
// real "forbidden". Pure: header values and a body snippet in, numbers and names out.

/**
 * Seconds to wait from a Retry-After value: delta-seconds ("120") or an HTTP date. A date in the
 * past gives 0; anything unreadable gives null.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Freshness lifetime in seconds from Cache-Control (`max-age`, else `s-maxage`), else from
 * Expires minus Date. `no-store`/`no-cache` mean 0. Null when the answer says nothing.
 */
export function parseFreshnessSeconds(
  headers: { cacheControl?: string | null; expires?: string | null; date?: string | null },
  now: Date = new Date(),
): number | null {
  const cc = headers.cacheControl?.toLowerCase() ?? "";
  if (cc) {
    const directive = (name: string) => {
      const m = new RegExp(`(?:^|[,\\s])${name}\\s*=\\s*"?(\\d+)`).exec(cc);
      return m ? Number(m[1]) : null;
    };
    const maxAge = directive("max-age") ?? directive("s-maxage");
    if (maxAge !== null) return maxAge;
    if (/(?:^|[,\s])(no-store|no-cache)(?:$|[,\s=])/.test(cc)) return 0;
  }
  if (headers.expires) {
    const expires = Date.parse(headers.expires);
    // An invalid Expires ("0", "-1") means "already expired".
    if (Number.isNaN(expires)) return 0;
    const base = headers.date ? Date.parse(headers.date) : Number.NaN;
    const from = Number.isNaN(base) ? now.getTime() : base;
    return Math.max(0, Math.round((expires - from) / 1000));
  }
  return null;
}

// Signs of a bot wall, as the words a user reads. A header alone is enough for the vendors that
// set one; body patterns are checked case-insensitively on the first 16 KiB only.
const BOT_WALL_HEADERS: Array<[wall: string, header: string, value?: RegExp]> = [
  ["a Cloudflare bot check", "cf-mitigated", /challenge/i],
  ["a DataDome captcha", "x-datadome"],
  ["a DataDome captcha", "x-dd-b"],
  ["a PerimeterX bot check", "x-px-block"],
];

const BOT_WALL_BODIES: Array<[wall: string, pattern: RegExp]> = [
  [
    "a Cloudflare bot check",
    /just a moment\.\.\.|cf-chl-|challenges\.cloudflare\.com|attention required! \| cloudflare/i,
  ],
  ["a DataDome captcha", /captcha-delivery\.com|datadome/i],
  ["a PerimeterX bot check", /px-captcha|perimeterx|_pxappid/i],
  ["an Imperva bot check", /incapsula incident id|_incapsula_resource/i],
  ["an Akamai access-denied page", /access denied[\s\S]{0,400}reference #|errors\.edgesuite\.net/i],
  ["a captcha", /g-recaptcha|hcaptcha|\bcaptcha\b|are you a robot|not a robot|verify you are (a )?human/i],
  ["an access-denied page", /access denied|access to this page has been denied|request blocked/i],
];

/**
 * The bot wall behind a refusal, in words ("a Cloudflare bot check", "a DataDome captcha",
 * "a captcha", "an access-denied page"…), or null when the answer looks like an ordinary error page.
 */
export function detectBotWall(
  headers: Record<string, string | string[] | undefined>,
  bodySnippet: string,
): string | null {
  for (const [wall, name, value] of BOT_WALL_HEADERS) {
    const raw = headers[name];
    const v = Array.isArray(raw) ? raw.join(",") : raw;
    if (v !== undefined && (!value || value.test(v))) return wall;
  }
  const head = bodySnippet.slice(0, 16_384);
  for (const [wall, pattern] of BOT_WALL_BODIES) {
    if (pattern.test(head)) return wall;
  }
  return null;
}

const BINARY_TYPES =
  /^(?:image|audio|video|font|model)\/|^application\/(?:octet-stream|pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|vnd\.rar|x-rar-compressed|msword|vnd\.ms-|vnd\.openxmlformats|x-shockwave-flash|wasm|x-msdownload)/i;

/**
 * What a binary answer is, in words ("an image (image/png)"), or null for text. Decided by the
 * Content-Type, else by zero bytes at the start, which no text but UTF-16 contains.
 */
export function describeBinaryAnswer(
  bytes: Uint8Array,
  contentType: string | null | undefined,
): string | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type && BINARY_TYPES.test(type)) {
    const media = type.startsWith("audio/") || type.startsWith("video/");
    const what = type.startsWith("image/") ? "an image" : media ? "a media file" : "a binary file";
    return `${what} (${type})`;
  }
  const n = Math.min(bytes.length, 1024) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  // UTF-16 puts its zeros on one side of each pair only.
  if (evenZero > 0 && oddZero > 0) return `a binary file${type ? ` (${type})` : ""}`;
  return null;
}
