// One milestone: `GET /api/milestones/:slug` and its page.
import { Hono } from "hono";
import { milestoneParams } from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { MilestonePage } from "../pages/milestone.js";
import { notFound } from "../problem.js";
import { pageFrame, renderPage } from "../render.js";
import { parseInput } from "../validate.js";

export function milestoneRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();

  const load = async (slug: string) => {
    const detail = await app.services.dashboard.milestone(slug);
    if (!detail) {
      const known = (await app.services.status.report()).areas.flatMap((a) => a.milestones.map((m) => m.slug));
      throw notFound(`There is no milestone "${slug}". Milestones: ${known.join(", ")}.`);
    }
    return detail;
  };

  r.get("/api/milestones/:slug", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    return c.json(await load(slug));
  });

  r.get("/milestones/:slug", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    return renderPage(c, MilestonePage({ detail: await load(slug), frame: pageFrame(c) }));
  });

  return r;
}
