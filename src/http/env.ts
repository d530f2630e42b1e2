// What route modules receive. The request's own variables live in viewer.ts, which the access
// middleware imports too; keeping them apart from RouteDeps keeps imports one-way.
import type { App } from "../app.js";
import type { AccessControl } from "./security/access.js";

export type { HttpContext, HttpEnv, Viewer } from "./viewer.js";

/** What route modules receive: the app, and nothing global. */
export interface RouteDeps {
  app: App;
  access: AccessControl;
}
