// Sources over HTTP: the JSON API (`/api/sources…`) and the Sources page with its forms. Both go
// through the same steps, so a form and an API call cannot disagree:
//   add = refuse a URL already watched (409) → fetch and parse once, save (201) → when it yields
//   nothing, the typed fetch error (422), unless forced.
import { Hono } from "hono";
import type { App } from "../../app.js";
import { normalizeSourceUrl, sameSourceKey, toTestView } from "../../services/source-service.js";
import { sourceIdParams, sourceInput, sourcesListQuery, sourceTestInput } from "../api-schemas.js";
import type { HttpContext, HttpEnv, RouteDeps } from "../env.js";
import { type AddSourceValues, type PreviewView, SourcesPage } from "../pages/sources.js";
import { conflict, HttpProblem } from "../problem.js";
import { pageLinks, pagedJson } from "../paging.js";
import { pageFrame, redirectWithNotice, renderPage } from "../render.js";
import { problemFromError } from "../service-errors.js";
import { parseInput, queryOf, readFormFields, readJsonBody } from "../validate.js";

type SourceInput = ReturnType<typeof sourceInput.parse>;

/** Adds a source the way both the API and the form do; throws an HttpProblem in words. */
async function addSource(app: App, input: SourceInput) {
  const sources = app.services.sources;
  const url = normalizeSourceUrl(input.url);
  const existing = (await sources.list()).find((s) => sameSourceKey(s.url) === sameSourceKey(url));
  if (existing) throw conflict(`${url} is already watched as source ${existing.id} ("${existing.name}").`);
  const request = {
    url,
    kind: input.kind,
    name: input.name,
    schedule: input.schedule,
    selectors: input.selectors,
    proxy: input.proxy,
    mirrors: input.mirrors,
    voice: input.voice,
    force: input.force,
  };
  // A preview that failed is a 422 with its fetch kind, a URL added meanwhile a 409 (service-errors.ts).
  const { source, preview } = await sources.add(request);
  return { source, preview: toTestView(preview) };
}

/** The add-source form's fields as the API's input. */
function formToSourceInput(fields: Record<string, string>): Record<string, unknown> {
  const selectors: Record<string, string> = {};
  for (const key of ["item", "title", "link", "date", "summary"]) {
    const v = fields[`selector_${key}`]?.trim();
    if (v) selectors[key] = v;
  }
  if (Object.keys(selectors).length > 0 && !selectors.item) {
    throw new HttpProblem(
      400,
      "bad-request",
      "selectors: give the selector of each entry (“Each entry”) as well, e.g. article.news-item.",
    );
  }
  return {
    url: fields.url ?? "",
    kind: fields.kind || undefined,
    name: fields.name?.trim() || undefined,
    schedule: fields.schedule?.trim() || undefined,
    voice: fields.voice || undefined,
    selectors: selectors.item ? selectors : undefined,
    proxy: fields.proxy?.trim() || undefined,
    mirrors: fields.mirrors?.split(/\s+/).filter((m) => m !== "") || undefined,
    force: fields.force === "true" || fields.force === "on",
  };
}

function formValues(fields: Record<string, string>): AddSourceValues {
  return {
    url: fields.url,
    kind: fields.kind,
    name: fields.name,
    schedule: fields.schedule,
    voice: fields.voice,
    selectors: {
      item: fields.selector_item,
      title: fields.selector_title,
      link: fields.selector_link,
      date: fields.selector_date,
      summary: fields.selector_summary,
    },
    mirrors: fields.mirrors,
    force: fields.force === "true" || fields.force === "on",
  };
}

function wantsJson(c: HttpContext): boolean {
  return (c.req.header("accept") ?? "").includes("application/json");
}

export function sourceRoutes(deps: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  addSourceApiRoutes(r, deps.app);
  addSourcePageRoutes(r, deps);
  return r;
}

/** The JSON API under /api/sources. */
function addSourceApiRoutes(r: Hono<HttpEnv>, app: App): void {
  const sources = app.services.sources;

  r.get("/api/sources", async (c) => {
    const page = parseInput(sourcesListQuery, queryOf(c));
    return pagedJson(c, page, await sources.listPage(page));
  });

  r.get("/api/sources/export.opml", async (c) => opml(c, await sources.exportOpml()));

  r.get("/api/sources/:id", async (c) =>
    c.json(await sources.get(parseInput(sourceIdParams, c.req.param()).id)),
  );

  r.post("/api/sources/test", async (c) => {
    const input = parseInput(sourceTestInput, await readJsonBody(c));
    const view = toTestView(await sources.test({ ...input, url: normalizeSourceUrl(input.url) }));
    return c.json(view, view.ok ? 200 : 422);
  });

  r.post("/api/sources", async (c) => {
    const { source, preview } = await addSource(app, parseInput(sourceInput, await readJsonBody(c)));
    c.header("Location", `/api/sources/${source.id}`);
    return c.json({ ...source, preview }, 201);
  });

  r.post("/api/sources/import", async (c) => {
    const text = await c.req.text();
    if (!text.trim())
      throw new HttpProblem(400, "bad-request", "Send the OPML document as the request body.");
    return c.json(await sources.importOpml(text));
  });

  r.post("/api/sources/:id/poll", async (c) => {
    const { id } = parseInput(sourceIdParams, c.req.param());
    const summary = await app.services.poll.pollAll({ sourceId: id });
    return c.json({ ...summary, source: await sources.get(id) });
  });

  r.post("/api/sources/:id/pause", async (c) =>
    c.json(await sources.pause(parseInput(sourceIdParams, c.req.param()).id)),
  );
  r.post("/api/sources/:id/resume", async (c) =>
    c.json(await sources.resume(parseInput(sourceIdParams, c.req.param()).id)),
  );

  r.delete("/api/sources/:id", async (c) =>
    c.json(await sources.remove(parseInput(sourceIdParams, c.req.param()).id)),
  );
}

/** The Sources page and its forms, which answer with the page or a redirect with a notice. */
function addSourcePageRoutes(r: Hono<HttpEnv>, { app, access }: RouteDeps): void {
  const sources = app.services.sources;
  const form = access.requireFormSession();

  const showPage = async (
    c: HttpContext,
    extra: { values?: AddSourceValues; preview?: PreviewView | null; importReport?: string[] | null } = {},
    status: 200 | 400 | 409 | 422 = 200,
  ) => {
    const page = parseInput(sourcesListQuery, queryOf(c));
    const { rows, total } = await sources.listPage(page);
    const pager = pageLinks(c, page, rows.length, total);
    return renderPage(c, SourcesPage({ frame: pageFrame(c), sources: rows, pager, ...extra }), status);
  };

  r.get("/sources", (c) => showPage(c));

  r.get("/sources/export.opml", async (c) => opml(c, await sources.exportOpml()));

  // Preview without saving: the page (no script) or JSON for the live preview.
  r.post("/sources/preview", form, async (c) => {
    const fields = await readFormFields(c);
    try {
      const input = parseInput(sourceTestInput, formToSourceInput(fields));
      const view = toTestView(await sources.test({ ...input, url: normalizeSourceUrl(input.url) }));
      const preview: PreviewView = view.ok ? view : { ok: false, error: view.error };
      return wantsJson(c) ? c.json(preview) : showPage(c, { values: formValues(fields), preview });
    } catch (err) {
      const problem = problemFromError(err);
      if (!problem) throw err;
      const preview: PreviewView = { ok: false, error: { kind: problem.kind, message: problem.message } };
      return wantsJson(c) ? c.json(preview) : showPage(c, { values: formValues(fields), preview }, 400);
    }
  });

  r.post("/sources", form, async (c) => {
    const fields = await readFormFields(c);
    try {
      const { source, preview } = await addSource(app, parseInput(sourceInput, formToSourceInput(fields)));
      const found = preview.ok
        ? `; found ${preview.items.length} ${preview.items.length === 1 ? "item" : "items"}`
        : "";
      return redirectWithNotice(
        c,
        `/sources#source-${source.id}`,
        `Added “${source.name}”${found}. It is polled on its schedule (${source.schedule}); use Poll now to fetch it at once.`,
      );
    } catch (err) {
      const problem = problemFromError(err);
      if (!problem) throw err;
      const preview: PreviewView = {
        ok: false,
        error: { kind: problem.kind, message: problem.message, ...problem.details },
      };
      return showPage(
        c,
        { values: formValues(fields), preview },
        problem.status === 422 ? 422 : problem.status === 409 ? 409 : 400,
      );
    }
  });

  r.post("/sources/import", form, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const text = typeof file === "string" ? file : file instanceof File ? await file.text() : "";
    if (!text.trim()) return redirectWithNotice(c, "/sources", "Choose an OPML file to import.", "error");
    try {
      const result = await sources.importOpml(text);
      const report = [
        `Imported ${result.added} ${result.added === 1 ? "source" : "sources"}; ${result.duplicates} already watched; ${result.invalid} not valid.`,
        ...result.problems.slice(0, 20),
        ...(result.problems.length > 20 ? [`…and ${result.problems.length - 20} more problems.`] : []),
      ];
      return showPage(c, { importReport: report });
    } catch (err) {
      const problem = problemFromError(err);
      if (!problem) throw err;
      return showPage(c, { importReport: [problem.message] }, 400);
    }
  });

  r.post("/sources/:id/poll", form, async (c) => {
    const { id } = parseInput(sourceIdParams, c.req.param());
    const summary = await app.services.poll.pollAll({ sourceId: id });
    const source = await sources.get(id);
    const text = summary.failed
      ? `Polled “${source.name}”: it failed — ${source.health.lastError?.message ?? "see its last error"}.`
      : summary.notModified
        ? `Polled “${source.name}”: nothing changed since the last poll.`
        : `Polled “${source.name}”: ${summary.newItems} new, ${summary.updatedItems} changed ${summary.newItems + summary.updatedItems === 1 ? "item" : "items"}.`;
    return redirectWithNotice(c, `/sources#source-${id}`, text, summary.failed ? "error" : "ok");
  });

  for (const action of ["pause", "resume"] as const) {
    r.post(`/sources/:id/${action}`, form, async (c) => {
      const { id } = parseInput(sourceIdParams, c.req.param());
      const source = await sources[action](id);
      return redirectWithNotice(
        c,
        `/sources#source-${id}`,
        `“${source.name}” is ${action === "pause" ? "paused" : "polled again"}.`,
      );
    });
  }

  r.post("/sources/:id/remove", form, async (c) => {
    const { id } = parseInput(sourceIdParams, c.req.param());
    const removed = await sources.remove(id);
    return redirectWithNotice(
      c,
      "/sources",
      `Removed “${removed.name}” and its ${removed.items} ${removed.items === 1 ? "item" : "items"}.`,
    );
  });
}

function opml(c: HttpContext, text: string) {
  c.header("Content-Type", "text/x-opml; charset=utf-8");
  c.header("Content-Disposition", 'attachment; filename="policywatch-sources.opml"');
  return c.body(text);
}
