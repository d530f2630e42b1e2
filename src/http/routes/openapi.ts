// `/api/openapi.json` (generated from the zod schemas) and the human-readable `/api` page.
import { Hono } from "hono";
import type { HttpEnv, RouteDeps } from "../env.js";
import { API_OPERATIONS, buildOpenApiDocument } from "../openapi.js";
import { ApiDocsPage } from "../pages/api-docs.js";
import { pageFrame, renderPage } from "../render.js";

export function openApiRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  let document: Record<string, unknown> | undefined;
  r.get("/api/openapi.json", (c) => {
    document ??= buildOpenApiDocument(app.config.publicUrl);
    return c.json(document);
  });
  r.get("/api", (c) =>
    renderPage(
      c,
      ApiDocsPage({ frame: pageFrame(c), operations: API_OPERATIONS, baseUrl: app.config.publicUrl }),
    ),
  );
  return r;
}
