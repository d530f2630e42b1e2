// Rendering pages and the post-redirect-get round trip: a form post changes something, sets a
// one-off notice, and sends the browser back to a page that shows it.
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { HttpContext, Viewer } from "./env.js";
import type { PageFrame } from "./pages/layout.js";

const FLASH_COOKIE = "pw_flash";

const ANONYMOUS: Viewer = { writesEnabled: false, signedIn: false, bearer: false, csrf: "" };

export function viewerOf(c: HttpContext): Viewer {
  return c.get("viewer") ?? ANONYMOUS;
}

/** The frame every page needs; reads (and clears) the one-off notice. */
export function pageFrame(c: HttpContext): PageFrame {
  let flash: PageFrame["flash"] = null;
  const raw = getCookie(c, FLASH_COOKIE);
  if (raw) {
    deleteCookie(c, FLASH_COOKIE, { path: "/" });
    const m = /^(ok|error):([\s\S]*)$/.exec(raw);
    if (m) flash = { kind: m[1] as "ok" | "error", text: m[2]!.slice(0, 500) };
  }
  return { viewer: viewerOf(c), path: c.req.path, flash };
}

export function renderPage(c: HttpContext, page: unknown, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503 = 200) {
  return c.html(`<!DOCTYPE html>${String(page)}`, status);
}

export function redirectWithNotice(c: HttpContext, location: string, text: string, kind: "ok" | "error" = "ok") {
  // The cookie API encodes the value; the page escapes it when shown.
  setCookie(c, FLASH_COOKIE, `${kind}:${text}`, { path: "/", httpOnly: true, sameSite: "Strict", maxAge: 60 });
  return c.redirect(location, 303);
}

/** A local path to return to after signing in; anything else (another host) becomes "/". */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%~+:@]*$/.test(next) ? next : "/";
}
