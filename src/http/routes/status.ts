// The overview page and `GET /api/status` (the same JSON as `policywatch status --json`).
import { Hono } from "hono";
import { statusQuery } from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { OverviewPage } from "../pages/overview.js";
import { jsonAnswer, modelPage } from "../render.js";
import { parseInput, queryOf } from "../validate.js";

export function statusRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();

  r.get("/", async (c) => {
    const overview = await app.services.reads.overview();
    return modelPage(c, overview, (frame) => OverviewPage({ overview, frame }));
  });

  r.get("/api/status", async (c) => {
    const q = parseInput(statusQuery, queryOf(c));
    const asOf = q.at ? new Date(`${q.at}T12:00:00Z`) : undefined;
    return jsonAnswer(c, await app.services.reads.statusReport({ asOf, area: q.area }));
  });

  r.get("/api/overview", async (c) => jsonAnswer(c, await app.services.reads.overview()));

  return r;
}
