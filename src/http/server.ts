// The web server: pages and the JSON API over the same services the CLI uses.
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { App } from "../app.js";
import { registerMailRoutes } from "./mail-routes.js";
import { OverviewPage } from "./pages/overview.js";

export function createHttpApp(app: App): Hono {
  const http = new Hono();

  http.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
  });

  http.get("/", async (c) => {
    const report = await app.services.status.report();
    return c.html(`<!DOCTYPE html>${OverviewPage({ report })}`);
  });

  http.get("/api/status", async (c) => {
    const at = c.req.query("at");
    if (at !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(at) || Number.isNaN(Date.parse(at)))) {
      return c.json({ error: { kind: "bad-request", message: `at must be a date written YYYY-MM-DD, not "${at}"` } }, 400);
    }
    const area = c.req.query("area");
    try {
      return c.json(await app.services.status.report({ asOf: at ? new Date(`${at}T12:00:00Z`) : undefined, area }));
    } catch (err) {
      if (err instanceof Error && err.name === "UnknownAreaError") {
        return c.json({ error: { kind: "not-found", message: err.message } }, 404);
      }
      throw err;
    }
  });

  http.get("/healthz", (c) => c.json({ ok: true }));

  registerMailRoutes(http, app);

  http.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? c.json({ error: { kind: "not-found", message: `There is nothing at ${c.req.path}.` } }, 404)
      : c.text("Not found", 404),
  );
  http.onError((err, c) => {
    process.stderr.write(`http: ${c.req.method} ${c.req.path}: ${err.message}\n`);
    return c.req.path.startsWith("/api/")
      ? c.json({ error: { kind: "internal", message: "Something went wrong on the server; it has been logged." } }, 500)
      : c.text("Something went wrong on the server; it has been logged.", 500);
  });
  return http;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function startHttpServer(http: Hono, port: number, hostname = "0.0.0.0"): Promise<RunningServer> {
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
            err.code === "EADDRINUSE" ? `Port ${port} is already in use: set PORT to a free port.` : `Cannot listen on port ${port}: ${err.message}`,
          ),
        );
      });
    } catch (err) {
      reject(err);
    }
  });
}
