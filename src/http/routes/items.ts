// `GET /api/items` and the Items page: search and filters over stored items.
import { Hono } from "hono";
import type { ItemSearchFilters } from "../../services/read-models.js";
import { itemsQuery } from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { ItemsPage } from "../pages/items.js";
import { setPageHeaders } from "../paging.js";
import { jsonAnswer, modelPage } from "../render.js";
import { parseInput, queryOf } from "../validate.js";

type ItemsQuery = ReturnType<typeof itemsQuery.parse>;

function filtersOf(q: ItemsQuery): ItemSearchFilters {
  return {
    q: q.q,
    area: q.area,
    sourceId: q.source,
    progress: q.progress === undefined ? undefined : q.progress === "true",
    since: q.since ? new Date(`${q.since}T00:00:00Z`) : undefined,
    until: q.until ? new Date(new Date(`${q.until}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    limit: q.limit,
    offset: q.offset,
  };
}

export function itemRoutes({ app }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();

  r.get("/api/items", async (c) => {
    const q = parseInput(itemsQuery, queryOf(c));
    const result = await app.services.reads.searchItems(filtersOf(q));
    setPageHeaders(c, q, result.items.length, result.total);
    return jsonAnswer(c, result);
  });

  r.get("/items", async (c) => {
    const q = parseInput(itemsQuery, queryOf(c));
    const view = await app.services.reads.itemsPage(filtersOf(q));
    // The filters echoed into the form come from this request; the page is kept per view and query.
    return modelPage(c, view, (frame) => ItemsPage({ frame, ...view, filters: q }));
  });

  return r;
}
