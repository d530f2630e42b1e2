// Analysts' judgements over HTTP: confirm or reject evidence, set a milestone's status by hand
// with a note, undo such a change. API routes answer JSON; the milestone page's forms post here
// and come back to the page (or get JSON, for the in-place script).
import { Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import {
  changeIdParams,
  evidenceIdParams,
  evidenceListQuery,
  milestoneParams,
  reviewInput,
  statusOverrideInput,
} from "../api-schemas.js";
import type { HttpEnv, RouteDeps } from "../env.js";
import { formatDate, statusSymbol, statusWord } from "../pages/format.js";
import { pagedJson } from "../paging.js";
import { redirectWithNotice, safeNext } from "../render.js";
import { parseInput, queryOf, readFormFields, readJsonBody } from "../validate.js";

async function review(app: App, id: number, decision: "confirm" | "reject", note: string | undefined) {
  const outcome = await app.services.review[decision](id, note ?? null);
  const status = await app.services.status.storedStatus(outcome.evidence.milestoneSlug);
  return { ...outcome, milestone: { slug: outcome.evidence.milestoneSlug, status } };
}

export function evidenceRoutes({ app, access }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  const form = access.requireFormSession();

  // ------------------------------------------------------------------ API
  r.get("/api/evidence", async (c) => {
    const q = parseInput(evidenceListQuery, queryOf(c));
    const filter = { milestone: q.milestone, area: q.area, pending: q.pending === "true" };
    const page = { limit: q.limit, offset: q.offset };
    return pagedJson(c, page, await app.services.review.evidencePage(filter, page));
  });

  for (const decision of ["confirm", "reject"] as const) {
    r.post(`/api/evidence/:id/${decision}`, async (c) => {
      const { id } = parseInput(evidenceIdParams, c.req.param());
      const body = c.req.header("content-type") ? parseInput(reviewInput, await readJsonBody(c)) : {};
      return c.json(await review(app, id, decision, body.note));
    });
  }

  r.post("/api/milestones/:slug/status", async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    const input = parseInput(statusOverrideInput, await readJsonBody(c));
    return c.json(await app.services.status.override(slug, input.status, input.note), 201);
  });

  r.post("/api/status-changes/:id/undo", async (c) => {
    const { id } = parseInput(changeIdParams, c.req.param());
    const body = c.req.header("content-type") ? parseInput(reviewInput, await readJsonBody(c)) : {};
    return c.json(await app.services.status.undo(id, body.note ?? null));
  });

  // ------------------------------------------------------------------ forms
  r.post("/evidence/:id/review", form, async (c) => {
    const { id } = parseInput(evidenceIdParams, c.req.param());
    const fields = await readFormFields(c);
    const decision = parseInput(z.object({ decision: z.enum(["confirm", "reject"]) }), fields).decision;
    const { note } = parseInput(reviewInput, { note: fields.note || undefined });
    const outcome = await review(app, id, decision, note);
    const status = outcome.milestone.status ?? "not_started";
    const moved = outcome.statusChanges.find((ch) => ch.milestoneId === outcome.evidence.milestoneId);
    const message = `Evidence #${id} ${decision === "confirm" ? "confirmed" : "rejected"}. ${
      moved
        ? `The milestone is now ${statusWord(moved.toStatus)}.`
        : `The milestone stays ${statusWord(status)}.`
    }`;
    if ((c.req.header("accept") ?? "").includes("application/json")) {
      const detail = await app.services.status.milestoneDetail(outcome.milestone.slug);
      return c.json({
        message,
        evidence: { id, review: outcome.evidence.review },
        milestone: {
          slug: outcome.milestone.slug,
          status,
          statusWord: statusWord(status),
          symbol: statusSymbol(status),
          reason: `${statusWord(detail.status)}: ${detail.reason}`,
        },
        change: moved
          ? {
              from: statusWord(moved.fromStatus),
              to: statusWord(moved.toStatus),
              reason: moved.reason,
              at: formatDate(moved.effectiveAt.toISOString()),
            }
          : null,
      });
    }
    return redirectWithNotice(c, `${back(fields, outcome.milestone.slug)}#evidence-${id}`, message);
  });

  r.post("/milestones/:slug/status", form, async (c) => {
    const { slug } = parseInput(milestoneParams, c.req.param());
    const fields = await readFormFields(c);
    const input = parseInput(statusOverrideInput, { status: fields.status, note: fields.note });
    const change = await app.services.status.override(slug, input.status, input.note);
    return redirectWithNotice(
      c,
      `/milestones/${slug}`,
      `Status set to ${statusWord(change.toStatus)}, with your note.`,
    );
  });

  r.post("/status-changes/:id/undo", form, async (c) => {
    const { id } = parseInput(changeIdParams, c.req.param());
    const fields = await readFormFields(c);
    const result = await app.services.status.undo(id, fields.note?.trim() || null);
    return redirectWithNotice(
      c,
      safeNext(fields.back),
      `Change #${id} undone; the status is now ${statusWord(result.status)}.`,
    );
  });

  return r;
}

function back(fields: Record<string, string>, slug: string): string {
  const next = safeNext(fields.back);
  return next === "/" ? `/milestones/${slug}` : next;
}
