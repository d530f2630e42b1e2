// /login and /logout. The sign-in form carries a one-time value also set as a cookie
// (double submit), so another site cannot sign a browser in; failed attempts are limited per
// address so that the token cannot be guessed quickly.
import { randomBytes } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { HttpContext, HttpEnv } from "../env.js";
import { LoginPage } from "../pages/login.js";
import { pageFrame, renderPage, safeNext } from "../render.js";
import type { AccessControl } from "../security/access.js";
import { SESSION_TTL_SECONDS, sameSecret } from "../security/session.js";
import { readFormFields } from "../validate.js";

const LOGIN_COOKIE = "pw_login";
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();

  blocked(address: string, now: number): boolean {
    const f = this.failures.get(address);
    if (f && f.until <= now) this.failures.delete(address);
    return (this.failures.get(address)?.count ?? 0) >= MAX_FAILURES;
  }

  fail(address: string, now: number): void {
    const f = this.failures.get(address);
    this.failures.set(address, { count: (f?.count ?? 0) + 1, until: f?.until ?? now + FAILURE_WINDOW_MS });
    if (this.failures.size > 10_000) this.failures.clear();
  }

  clear(address: string): void {
    this.failures.delete(address);
  }
}

export function authRoutes(access: AccessControl): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  const throttle = new LoginThrottle();

  const showForm = (c: HttpContext, next: string, error?: string, status: 200 | 401 | 403 | 429 = 200) => {
    const nonce = randomBytes(16).toString("base64url");
    setCookie(c, LOGIN_COOKIE, nonce, {
      path: "/login",
      httpOnly: true,
      sameSite: "Strict",
      secure: access.secureCookies,
      maxAge: 3600,
    });
    const page = LoginPage({
      frame: pageFrame(c),
      next,
      loginNonce: nonce,
      error,
      writesEnabled: access.signer !== null,
    });
    return renderPage(c, page, status);
  };

  r.get("/login", (c) => showForm(c, safeNext(c.req.query("next"))));

  r.post("/login", async (c) => {
    const fields = await readFormFields(c);
    const next = safeNext(fields.next);
    if (!access.signer) return showForm(c, next, undefined, 403);
    const address = addressOf(c);
    const now = Date.now();
    if (throttle.blocked(address, now)) {
      return showForm(
        c,
        next,
        "Too many wrong tokens from this address. Wait 15 minutes and try again.",
        429,
      );
    }
    const cookieNonce = getCookie(c, LOGIN_COOKIE);
    if (!cookieNonce || !fields._login || !sameSecret(cookieNonce, fields._login)) {
      return showForm(c, next, "The sign-in form had expired. Enter the token again.", 403);
    }
    if (!fields.token || !access.signer.tokenMatches(fields.token)) {
      throttle.fail(address, now);
      return showForm(c, next, "That is not the admin token.", 401);
    }
    throttle.clear(address);
    deleteCookie(c, LOGIN_COOKIE, { path: "/login" });
    const { value } = access.signer.issue();
    setCookie(c, access.cookieName, value, {
      path: "/",
      httpOnly: true,
      secure: access.secureCookies,
      sameSite: "Strict",
      maxAge: SESSION_TTL_SECONDS,
    });
    return c.redirect(next, 303);
  });

  r.post("/logout", access.requireFormSession(), (c) => {
    deleteCookie(c, access.cookieName, { path: "/", secure: access.secureCookies });
    return c.redirect("/", 303);
  });

  return r;
}

function addressOf(c: HttpContext): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
