// Security headers on every response. Scripts and styles come only from /static (no inline code),
// nothing may frame the pages, and browsers must not guess content types. A route that serves
// another kind of document (the e-mail digest preview) sets its own, stricter policy first.
import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "../env.js";

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * For a document that may hold foreign markup (an e-mail): no script at all (nothing is allowed
 * but inline styles and data: images), sandboxed without scripts. It keeps its origin
 * (allow-same-origin) only so that the browser renders it in the page's process; with scripts
 * off, nothing in it can use that origin.
 */
export const SANDBOXED_DOCUMENT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "sandbox allow-same-origin",
  "frame-ancestors 'self'",
].join("; ");

export function securityHeaders(secure: boolean): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has("Content-Security-Policy")) {
      h.set("Content-Security-Policy", PAGE_CSP);
      h.set("X-Frame-Options", "DENY");
    }
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "same-origin");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (secure) h.set("Strict-Transport-Security", "max-age=31536000");
    if (!h.has("Cache-Control")) h.set("Cache-Control", "no-store");
  };
}
