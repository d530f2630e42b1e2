// One milestone: `GET /api/milestones/:slug` and its page (facts, status and why, history,
// evidence timeline). Unknown slugs answer 404 naming the known ones.
import { Hono } from "hono";
import { milestoneParams, milestoneQuery } from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { MilestonePage } from "../pages/milestone.js";
import { pageLinks, setPageHeaders } from "../paging.js";
import { jsonAnswer, modelPage } from "../render.js";
import { parseInput, queryOf } from "../validate.js";

export function milestoneRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();

  r.get("/api/milestones/:slug", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    const page = parseInput(milestoneQuery, queryOf(c));
    const detail = await app.services.reads.milestoneDetail(slug, page);
    // The headers page the evidence timeline, the one list in the answer that can grow long.
    setPageHeaders(c, page, detail.evidence.length, detail.evidencePage.total);
    return jsonAnswer(c, detail);
  });

  r.get("/milestones/:slug", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    const page = parseInput(milestoneQuery, queryOf(c));
    const detail = await app.services.reads.milestoneDetail(slug, page);
    const pager = pageLinks(c, page, detail.evidence.length, detail.evidencePage.total);
    return modelPage(c, detail, (frame) => MilestonePage({ detail, frame, pager }));
  });

  return r;
}
