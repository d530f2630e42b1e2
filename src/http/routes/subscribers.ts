// Subscribers over HTTP: list, add, remove, and the digest a subscriber would get now. Addresses
// are personal data: even when reading is open, they are shown only with the admin token (API)
// or to a signed-in analyst (page).
import { Hono } from "hono";
import type { App } from "../../app.js";
import type { DigestFrequency } from "../../domain/digest/period.js";
import {
  digestPreviewQuery,
  subscriberIdParams,
  subscriberInput,
  subscribersListQuery,
} from "../api-schemas.js";
import type { HttpContext, HttpEnv, RouteDeps } from "../env.js";
import { SubscribersPage } from "../pages/subscribers.js";
import { HttpProblem } from "../problem.js";
import { pageLinks, pagedJson } from "../paging.js";
import { pageFrame, redirectWithNotice, renderPage } from "../render.js";
import { SANDBOXED_DOCUMENT_CSP } from "../security/headers.js";
import { problemFromError } from "../service-errors.js";
import { parseInput, queryOf, readFormFields, readJsonBody } from "../validate.js";

async function digestPreview(app: App, frequency: DigestFrequency, to?: string) {
  const [first] = await app.services.digests.preview({ frequency, to, limit: 1 });
  return first ?? null;
}

export function subscriberRoutes({ app, access }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  const subscribers = app.services.subscribers;
  const admin = access.requireAdminRead();
  const form = access.requireFormSession();

  // ------------------------------------------------------------------ API
  r.get("/api/subscribers", admin, async (c) => {
    const page = parseInput(subscribersListQuery, queryOf(c));
    return pagedJson(c, page, await subscribers.listPage(page));
  });

  r.post("/api/subscribers", async (c) => {
    const input = parseInput(subscriberInput, await readJsonBody(c));
    const added = await subscribers.add(input);
    c.header("Location", `/api/subscribers/${added.id}`);
    return c.json(added, 201);
  });

  r.delete("/api/subscribers/:id", async (c) =>
    c.json(await subscribers.remove(parseInput(subscriberIdParams, c.req.param()).id)),
  );

  r.get("/api/digest-preview", admin, async (c) => {
    const q = parseInput(digestPreviewQuery, queryOf(c));
    return c.json(await digestPreview(app, q.frequency, q.to));
  });

  // ------------------------------------------------------------------ pages
  type Extra = Pick<Parameters<typeof SubscribersPage>[0], "values" | "error">;
  const showPage = async (c: HttpContext, extra: Extra = {}, status: 200 | 400 | 409 = 200) => {
    const frame = pageFrame(c);
    const areas = await app.services.agenda.areaChoices();
    if (!frame.viewer.signedIn) {
      return renderPage(
        c,
        SubscribersPage({ frame, subscribers: null, pager: null, areas, preview: null }),
        status,
      );
    }
    const page = parseInput(subscribersListQuery, {
      limit: c.req.query("limit") || undefined,
      offset: c.req.query("offset") || undefined,
    });
    const listed = await subscribers.listPage(page);
    const q = parseInput(digestPreviewQuery, {
      frequency: c.req.query("frequency") || undefined,
      to: c.req.query("preview") || undefined,
    });
    const preview = await digestPreview(app, q.frequency, q.to);
    const params = new URLSearchParams({ frequency: q.frequency, ...(q.to ? { to: q.to } : {}) });
    return renderPage(
      c,
      SubscribersPage({
        frame,
        subscribers: listed.rows,
        pager: pageLinks(c, page, listed.rows.length, listed.total),
        areas,
        ...extra,
        preview: preview ? { ...preview, htmlUrl: `/subscribers/digest-preview.html?${params}` } : null,
      }),
      status,
    );
  };

  r.get("/subscribers", (c) => showPage(c));

  // The digest's HTML part on its own, for the preview frame: no script may run in it.
  r.get("/subscribers/digest-preview.html", async (c) => {
    if (!c.get("viewer").signedIn) throw new HttpProblem(401, "unauthorized", "Sign in to preview digests.");
    const q = parseInput(digestPreviewQuery, queryOf(c));
    const preview = await digestPreview(app, q.frequency, q.to);
    c.header("Content-Security-Policy", SANDBOXED_DOCUMENT_CSP);
    c.header("X-Frame-Options", "SAMEORIGIN");
    return c.html(preview?.html ?? "<p>No digest to preview.</p>");
  });

  r.post("/subscribers", form, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const fields = await readFormFields(c);
    const areas = ([] as unknown[])
      .concat(body.areas ?? [])
      .filter((a): a is string => typeof a === "string");
    const values = { ...fields, areas };
    try {
      const input = parseInput(subscriberInput, {
        email: fields.email ?? "",
        name: fields.name?.trim() || undefined,
        areas,
        frequency: fields.frequency || undefined,
        timeZone: fields.timeZone?.trim() || undefined,
        hour: fields.hour ? Number(fields.hour) : undefined,
      });
      const added = await subscribers.add(input);
      return redirectWithNotice(
        c,
        `/subscribers#subscriber-${added.id}`,
        `Subscribed ${added.email} (${added.frequency}).`,
      );
    } catch (err) {
      const problem = problemFromError(err);
      if (!problem) throw err;
      return showPage(c, { values, error: problem.message }, problem.status === 409 ? 409 : 400);
    }
  });

  r.post("/subscribers/:id/remove", form, async (c) => {
    const removed = await subscribers.remove(parseInput(subscriberIdParams, c.req.param()).id);
    return redirectWithNotice(c, "/subscribers", `Removed ${removed.email}; nothing more is sent to it.`);
  });

  return r;
}
