// What every request handler can read about the request's viewer, set by the access middleware.
import type { Context } from "hono";
import type { App } from "../app.js";
import type { AccessControl } from "./security/access.js";

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

/** What route modules receive: the app, and nothing global. */
export interface RouteDeps {
  app: App;
  access: AccessControl;
}
