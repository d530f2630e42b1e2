// Rendering pages and the post-redirect-get round trip: a form post changes something, sets a
// one-off notice, and sends the browser back to a page that shows it.
import { createHash } from "node:crypto";
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

export function renderPage(
  c: HttpContext,
  page: unknown,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503 = 200,
) {
  return c.html(`<!DOCTYPE html>${String(page)}`, status);
}

interface Answer {
  body: string;
  etag: string;
}

function answerOf(body: string): Answer {
  return { body, etag: `"${createHash("sha1").update(body).digest("base64url")}"` };
}

/** The client already has this answer (If-None-Match names its ETag). */
function clientHas(c: HttpContext, etag: string): boolean {
  const header = c.req.header("If-None-Match");
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

function answer(c: HttpContext, a: Answer, contentType: string) {
  if (clientHas(c, a.etag)) return c.body(null, 304, { ETag: a.etag });
  return c.body(a.body, 200, { "Content-Type": contentType, ETag: a.etag });
}

// Kept per answer object: a read model served from the cache (services/read-models.ts) is the same
// object until its data changes, so its serialized body is made once.
const jsonAnswers = new WeakMap<object, Answer>();
const pageAnswers = new WeakMap<object, Map<string, Answer>>();
const PAGES_PER_MODEL = 64;

/** A JSON answer for a read model, with an ETag (304 when the client has it). */
export function jsonAnswer(c: HttpContext, model: object) {
  let a = jsonAnswers.get(model);
  if (!a) {
    a = answerOf(JSON.stringify(model));
    jsonAnswers.set(model, a);
  }
  return answer(c, a, "application/json");
}

/**
 * A page for a read model, with an ETag. The page is made once per model and viewer (pages differ
 * by sign-in and form token); a page carrying a one-off notice is always made afresh.
 */
export function modelPage(c: HttpContext, model: object, page: (frame: PageFrame) => unknown) {
  const frame = pageFrame(c);
  if (frame.flash) return renderPage(c, page(frame));
  let byFrame = pageAnswers.get(model);
  if (!byFrame) {
    byFrame = new Map();
    pageAnswers.set(model, byFrame);
  }
  const key = JSON.stringify([frame.viewer, frame.path]);
  let a = byFrame.get(key);
  if (!a) {
    a = answerOf(`<!DOCTYPE html>${String(page(frame))}`);
    if (byFrame.size >= PAGES_PER_MODEL) byFrame.delete(byFrame.keys().next().value!);
    byFrame.set(key, a);
  }
  return answer(c, a, "text/html; charset=UTF-8");
}

export function redirectWithNotice(
  c: HttpContext,
  location: string,
  text: string,
  kind: "ok" | "error" = "ok",
) {
  // The cookie API encodes the value; the page escapes it when shown.
  setCookie(c, FLASH_COOKIE, `${kind}:${text}`, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    maxAge: 60,
  });
  return c.redirect(location, 303);
}

/** A local path to return to after signing in; anything else (another host) becomes "/". */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%~+:@]*$/.test(next) ? next : "/";
}
