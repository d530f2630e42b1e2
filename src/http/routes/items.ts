// `GET /api/items` and the Items page: search and filters over stored items.
import { Hono } from "hono";
import type { App } from "../../app.js";
import { itemsQuery } from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { ItemsPage } from "../pages/items.js";
import { pageFrame, renderPage } from "../render.js";
import { parseInput, queryOf } from "../validate.js";

type ItemsQuery = ReturnType<typeof itemsQuery.parse>;

function search(app: App, q: ItemsQuery) {
  return app.repos.itemSearch.search({
    q: q.q,
    area: q.area,
    sourceId: q.source,
    progress: q.progress === undefined ? undefined : q.progress === "true",
    since: q.since ? new Date(`${q.since}T00:00:00Z`) : undefined,
    until: q.until ? new Date(new Date(`${q.until}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    limit: q.limit,
    offset: q.offset,
  });
}

export function itemRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();

  r.get("/api/items", async (c) => c.json(await search(app, parseInput(itemsQuery, queryOf(c)))));

  r.get("/items", async (c) => {
    const q = parseInput(itemsQuery, queryOf(c));
    const [result, areas, sources] = await Promise.all([search(app, q), app.repos.agenda.listAreas(), app.repos.itemSearch.sourceChoices()]);
    return renderPage(
      c,
      ItemsPage({
        frame: pageFrame(c),
        result,
        filters: q,
        areas: areas.map((a) => ({ slug: a.slug, title: a.title })),
        sources,
      }),
    );
  });

  return r;
}
