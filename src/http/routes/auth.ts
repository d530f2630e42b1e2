// /login and /logout. The sign-in form carries a one-time value also set as a cookie
// (double submit), so another site cannot sign a browser in; wrong tokens count against the
// address's throttle, the same one the API's bearer tokens count against.
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { HttpContext, HttpEnv } from "../env.js";
import { LoginPage } from "../pages/login.js";
import { pageFrame, renderPage, safeNext } from "../render.js";
import { type AccessControl, tooManyAttempts } from "../security/access.js";
import { SESSION_TTL_SECONDS, sameSecret } from "../security/session.js";
import { readFormFields } from "../validate.js";

const LOGIN_COOKIE = "pw_login";

export function authRoutes(access: AccessControl): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  const throttle = access.throttle;

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
    const address = access.addressOf(c);
    const refusal = await throttle.refusal(address);
    if (refusal) return showForm(c, next, tooManyAttempts(c, refusal).message, 429);
    const cookieNonce = getCookie(c, LOGIN_COOKIE);
    if (!cookieNonce || !fields._login || !sameSecret(cookieNonce, fields._login)) {
      return showForm(c, next, "The sign-in form had expired. Enter the token again.", 403);
    }
    if (!fields.token || !access.signer.tokenMatches(fields.token)) {
      await throttle.failed(address);
      return showForm(c, next, "That is not the admin token.", 401);
    }
    await throttle.succeeded(address);
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

  r.post("/logout", access.requireFormSession(), async (c) => {
    await access.endSession(c);
    deleteCookie(c, access.cookieName, { path: "/", secure: access.secureCookies });
    return c.redirect("/", 303);
  });

  return r;
}
