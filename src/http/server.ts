// The web server: pages and the JSON API over the same services the CLI uses. This module only
// composes: security middleware first, then one route module per resource, then the answers for
// "not found" and for errors (a problem value in words, never a stack trace).
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { App } from "../app.js";
import { redactSecrets } from "../domain/redact.js";
import type { HttpContext, HttpEnv } from "./env.js";
import { ErrorPage } from "./pages/login.js";
import { registerMailRoutes } from "./mail-routes.js";
import { HttpProblem } from "./problem.js";
import { pageFrame, renderPage } from "./render.js";
import { problemFromError } from "./service-errors.js";
import { authRoutes } from "./routes/auth.js";
import { channelRoutes } from "./routes/channels.js";
import { evidenceRoutes } from "./routes/evidence.js";
import { itemRoutes } from "./routes/items.js";
import { milestoneRoutes } from "./routes/milestones.js";
import { openApiRoutes } from "./routes/openapi.js";
import { sourceRoutes } from "./routes/sources.js";
import { staticRoutes } from "./routes/static.js";
import { statusRoutes } from "./routes/status.js";
import { subscriberRoutes } from "./routes/subscribers.js";
import { AccessControl, isApi } from "./security/access.js";
import { securityHeaders } from "./security/headers.js";

/** Largest request body accepted (an OPML file of a few thousand feeds fits). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function createHttpApp(app: App): Hono<HttpEnv> {
  const http = new Hono<HttpEnv>();
  const access = new AccessControl(app.config, app.now, app.services);
  const deps = { app, access };

  http.use("*", securityHeaders(access.secureCookies));
  http.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpProblem(
          413,
          "too-large",
          `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
        );
      },
    }),
  );
  http.route("/", staticRoutes());
  http.use("*", access.middleware());
  // API writes: the bearer token, whatever the route.
  http.on(["POST", "PUT", "PATCH", "DELETE"], "/api/*", access.requireBearer());

  http.route("/", authRoutes(access));
  http.route("/", statusRoutes(deps));
  http.route("/", milestoneRoutes(deps));
  http.route("/", itemRoutes(deps));
  http.route("/", evidenceRoutes(deps));
  http.route("/", sourceRoutes(deps));
  http.route("/", subscriberRoutes(deps));
  http.route("/", channelRoutes(deps));
  http.route("/", openApiRoutes(deps));
  http.get("/healthz", (c) => c.json({ ok: true }));
  // The mail feature's routes (Atom feeds, the unsubscribe link), behind the same middleware.
  const mailRoutes = new Hono();
  registerMailRoutes(mailRoutes, app);
  http.route("/", mailRoutes);

  http.notFound((c) =>
    problemResponse(c, new HttpProblem(404, "not-found", `There is nothing at ${c.req.path}.`)),
  );
  http.onError((err, c) => {
    const problem = problemFromError(err);
    if (problem) return problemResponse(c, problem);
    process.stderr.write(redactSecrets(`http: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`));
    return problemResponse(
      c,
      new HttpProblem(500, "internal", "Something went wrong on the server; it has been logged."),
    );
  });
  return http;
}

function problemResponse(c: HttpContext, problem: HttpProblem) {
  if (isApi(c)) return c.json(problem.toJSON(), problem.status);
  return renderPage(
    c,
    ErrorPage({ frame: pageFrame(c), status: problem.status, message: problem.message }),
    problem.status,
  );
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function startHttpServer(
  http: Hono<HttpEnv>,
  port: number,
  hostname = "0.0.0.0",
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: http.fetch, port, hostname }, (info) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Keep-alive connections would hold close() open: end them.
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      });
      server.on("error", (err: NodeJS.ErrnoException) => {
        reject(
          new Error(
            err.code === "EADDRINUSE"
              ? `Port ${port} is already in use: set PORT to a free port.`
              : `Cannot listen on port ${port}: ${err.message}`,
          ),
        );
      });
    } catch (err) {
      reject(err);
    }
  });
}
