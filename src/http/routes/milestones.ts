// One milestone: `GET /api/milestones/:slug` and its page (facts, status and why, history,
// evidence timeline). Unknown slugs answer 404 naming the known ones.
import { Hono } from "hono";
import { milestoneParams } from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { MilestonePage } from "../pages/milestone.js";
import { jsonAnswer, modelPage } from "../render.js";
import { parseInput } from "../validate.js";

export function milestoneRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();

  r.get("/api/milestones/:slug", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    return jsonAnswer(c, await app.services.reads.milestoneDetail(slug));
  });

  r.get("/milestones/:slug", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    const detail = await app.services.reads.milestoneDetail(slug);
    return modelPage(c, detail, (frame) => MilestonePage({ detail, frame }));
  });

  return r;
}
