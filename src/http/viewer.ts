// What every request handler can read about the request's viewer, set by the access middleware.
import type { Context } from "hono";

export interface Viewer {
  /** ADMIN_TOKEN is set: changes are possible at all. */
  writesEnabled: boolean;
  /** Signed in through /login (a valid session cookie). */
  signedIn: boolean;
  /** The request carried the right bearer token. */
  bearer: boolean;
  /** CSRF token for forms; empty when not signed in. */
  csrf: string;
}

export interface HttpEnv {
  Variables: { viewer: Viewer };
}

export type HttpContext = Context<HttpEnv>;
