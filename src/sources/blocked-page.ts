// Recognises the pages sites answer with when they refuse a robot: captchas, bot walls, "Access
// denied", Cloudflare / DataDome / PerimeterX / Imperva / DDoS-Guard challenges. Reuters' captcha is
// DataDome's. A page like that where a feed or article was expected is reported as `blocked` (so
// the source is marked blocked and backs off), never as "no items".
//
// The vendor markers are specific enough to trust anywhere in the page. The generic ones ("captcha",
// "are you a robot") are trusted only on small pages, because real articles embed reCAPTCHA in
// comment and newsletter forms.

import { FetchError } from "../domain/fetch-error.js";

const VENDOR_MARKERS: Array<[RegExp, string]> = [
  [/captcha-delivery\.com|datadome/i, "a DataDome captcha (bot wall)"],
  [
    /cf-browser-verification|challenges\.cloudflare\.com|cf_chl_|<title>\s*just a moment\.\.\.|attention required!\s*\|\s*cloudflare|cf-error-details/i,
    "a Cloudflare challenge page",
  ],
  [/px-captcha|_pxcaptcha|perimeterx/i, "a PerimeterX bot wall"],
  [/incapsula incident|_incapsula_resource/i, "an Imperva (Incapsula) bot wall"],
  [/ddos-guard\.net|check\.ddos-guard|qrator/i, "a DDoS protection challenge page"],
  [/<title>[^<]*(?:access denied|доступ (?:запрещ|огранич))/i, 'an "Access denied" page'],
  [/you don't have permission to access .{0,200} on this server/i, 'an "Access denied" page'],
];

const SMALL_PAGE_MARKERS: RegExp[] = [
  /captcha/i,
  /are you a (?:robot|human)/i,
  /verify (?:that )?you are (?:a )?human/i,
  /unusual traffic from your (?:computer )?network/i,
  /access to this page has been denied/i,
  /access denied/i,
  /вы (?:не )?робот/i,
];

const SMALL_PAGE_CHARS = 60_000;

/** The kind of bot wall the page is, in words, or null when it does not look like one. */
export function detectBlockedPage(body: string): string | null {
  const head = body.slice(0, 400_000);
  for (const [re, what] of VENDOR_MARKERS) if (re.test(head)) return what;
  if (body.length <= SMALL_PAGE_CHARS && SMALL_PAGE_MARKERS.some((re) => re.test(body))) {
    return "a captcha or bot-check page";
  }
  return null;
}

const HTML_FIRST_ELEMENT =
  /^(?:html|head|body|div|p|span|a|ul|ol|li|table|section|article|main|header|nav|h[1-6]|meta|link|title|script|style)$/;

/**
 * The name of the document's first element, lower-case, skipping the XML declaration, processing
 * instructions, comments and the doctype (a leading comment may hold any markup). Null when none
 * starts in the first 64 KiB.
 */
export function firstElementName(body: string): string | null {
  const head = body.slice(0, 65_536);
  let at = 0;
  for (;;) {
    const lt = head.indexOf("<", at);
    if (lt === -1) return null;
    const rest = head.slice(lt, lt + 9);
    let end = -1;
    if (rest.startsWith("<!--")) end = head.indexOf("-->", lt + 4);
    else if (rest.startsWith("<?") || rest.startsWith("<!")) end = head.indexOf(">", lt + 2);
    else {
      const m = /^<([A-Za-z][\w:.-]*)/.exec(head.slice(lt, lt + 200));
      if (m) return m[1]!.toLowerCase();
      end = lt;
    }
    if (end === -1) return null;
    at = end + 1;
  }
}

/** True when the body is an HTML document (not XML feed, not JSON). */
export function looksLikeHtml(body: string, contentType?: string | null): boolean {
  const start = body
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  if (/^[[{]/.test(start)) return false;
  if (/^<!doctype html/.test(start)) return true;
  const first = firstElementName(body);
  // The first element decides: a feed whose CDATA or comments hold an HTML document is a feed.
  if (first !== null) return HTML_FIRST_ELEMENT.test(first.replace(/^[\w.-]+:/, ""));
  return !!contentType && /text\/html|application\/xhtml/i.test(contentType);
}

/** Throws `blocked` for a bot wall, else does nothing. */
export function assertNotBlocked(body: string, url: string): void {
  const wall = detectBlockedPage(body);
  if (wall) {
    throw new FetchError({
      kind: "blocked",
      url,
      message: `The site answered ${url} with ${wall} instead of content: it is blocking automated access.`,
    });
  }
}

/**
 * Where a feed was expected: a bot wall is `blocked`, any other HTML is `not-a-feed`.
 * `hint` says what the user could do instead (for example use the listing page).
 */
export function rejectHtmlWhereFeedExpected(body: string, url: string, hint = ""): FetchError {
  const wall = detectBlockedPage(body);
  if (wall) {
    return new FetchError({
      kind: "blocked",
      url,
      message: `The site answered ${url} with ${wall} instead of the feed: it is blocking automated access.`,
    });
  }
  return new FetchError({
    kind: "not-a-feed",
    url,
    message: `${url} answered with an HTML page, not a feed (RSS, Atom or JSON Feed).${hint ? ` ${hint}` : ""}`,
  });
}
