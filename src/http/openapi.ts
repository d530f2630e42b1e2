// The API's OpenAPI 3.1 document, generated from the same zod schemas the routes parse input
// with (z.toJSONSchema). Each operation is listed once in API_OPERATIONS; the docs page at /api
// reads the same list.
import { z } from "zod";
import * as s from "./api-schemas.js";

export interface ApiOperation {
  method: "get" | "post" | "delete";
  /** OpenAPI path, `{param}` style. */
  path: string;
  summary: string;
  /** Needs `Authorization: Bearer <ADMIN_TOKEN>` (every write does). */
  write: boolean;
  /** A read that needs the token all the same (personal data). */
  admin?: boolean;
  /** Content type of a non-JSON body. */
  bodyType?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success status and body. */
  ok: { status: number; schema?: z.ZodType; description: string; contentType?: string };
  /** Other statuses this operation answers with (besides 401/403 for writes). */
  errors?: Partial<Record<400 | 404 | 409 | 413 | 422, string>>;
}

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/status",
    summary:
      "Each area and its milestones: status, due date, days left, evidence count (same as `policywatch status --json`).",
    write: false,
    query: s.statusQuery,
    ok: { status: 200, schema: s.statusReportSchema, description: "The status report." },
    errors: { 400: "A malformed date.", 404: "An unknown area." },
  },
  {
    method: "get",
    path: "/api/overview",
    summary:
      "The overview page's data: status report, countdowns to the 2026 and 2030 horizons, latest evidence per milestone, this week's changes.",
    write: false,
    ok: { status: 200, schema: s.overviewSchema, description: "The overview." },
  },
  {
    method: "get",
    path: "/api/milestones/{slug}",
    summary:
      "One milestone: description, status, status history and one page of its evidence timeline (newest first).",
    write: false,
    params: s.milestoneParams,
    query: s.milestoneQuery,
    ok: {
      status: 200,
      schema: s.milestoneDetailSchema,
      description:
        "The milestone. `limit` and `offset` page its evidence; `X-Total-Count` and `Link` describe the evidence's pages.",
    },
    errors: { 400: "A malformed limit or offset.", 404: "No milestone has this slug." },
  },
  {
    method: "get",
    path: "/api/items",
    summary:
      "Stored items, newest first: full-text search in English and Russian, filters by area, source, progress and date.",
    write: false,
    query: s.itemsQuery,
    ok: {
      status: 200,
      schema: s.itemsResultSchema,
      description:
        "One page of items with the milestones each matched and why. One page (`limit`, `offset`); `X-Total-Count` gives the whole list's size and `Link` the next and previous pages.",
    },
    errors: { 400: "A malformed filter (the message names it)." },
  },
  {
    method: "get",
    path: "/api/evidence",
    summary: "Evidence, newest first: each match of an item to a milestone with its quote, terms and review.",
    write: false,
    query: s.evidenceListQuery,
    ok: {
      status: 200,
      schema: z.array(s.evidenceEntrySchema),
      description:
        "Evidence entries. One page (`limit`, `offset`); `X-Total-Count` gives the whole list's size and `Link` the next and previous pages.",
    },
    errors: { 400: "A malformed filter, limit or offset (the message names it)." },
  },
  {
    method: "post",
    path: "/api/evidence/{id}/confirm",
    summary: "Confirm evidence (optional note); the milestone's status follows and the change cites it.",
    write: true,
    params: s.evidenceIdParams,
    body: s.reviewInput,
    ok: {
      status: 200,
      schema: s.reviewOutcomeSchema,
      description: "The reviewed evidence and the status changes it caused.",
    },
    errors: { 400: "A bad id or note.", 404: "No such evidence." },
  },
  {
    method: "post",
    path: "/api/evidence/{id}/reject",
    summary: "Reject evidence (optional note); the same false pattern from the same source stops matching.",
    write: true,
    params: s.evidenceIdParams,
    body: s.reviewInput,
    ok: {
      status: 200,
      schema: s.reviewOutcomeSchema,
      description: "The reviewed evidence, status changes and what was learned.",
    },
    errors: { 400: "A bad id or note.", 404: "No such evidence." },
  },
  {
    method: "post",
    path: "/api/milestones/{slug}/status",
    summary:
      "Set a milestone's status by hand, with a note saying why; it stands until newer qualifying evidence arrives.",
    write: true,
    params: s.milestoneParams,
    body: s.statusOverrideInput,
    ok: { status: 201, schema: s.statusChangeRow, description: "The recorded change." },
    errors: { 400: "An unknown status or no note.", 404: "No such milestone." },
  },
  {
    method: "post",
    path: "/api/status-changes/{id}/undo",
    summary: "Undo an analyst's status change (optional note); the status is recomputed.",
    write: true,
    params: s.changeIdParams,
    body: s.reviewInput,
    ok: {
      status: 200,
      schema: s.undoResultSchema,
      description: "The undone change and the milestone's status now.",
    },
    errors: { 404: "No such change.", 409: "Not an analyst's change, or already undone." },
  },
  {
    method: "get",
    path: "/api/sources",
    summary:
      "Every source with its health (state, failures, last success, last error in words, items per 7 and 30 days) and item count.",
    write: false,
    query: s.sourcesListQuery,
    ok: {
      status: 200,
      schema: z.array(s.sourceSchema),
      description:
        "The sources, oldest first. One page (`limit`, `offset`); `X-Total-Count` gives the whole list's size and `Link` the next and previous pages.",
    },
    errors: { 400: "A malformed limit or offset." },
  },
  {
    method: "get",
    path: "/api/sources/{id}",
    summary: "One source with its health.",
    write: false,
    params: s.sourceIdParams,
    ok: { status: 200, schema: s.sourceSchema, description: "The source." },
    errors: { 404: "No such source." },
  },
  {
    method: "post",
    path: "/api/sources/test",
    summary:
      "Fetch and parse a URL once and save nothing: the items it gives (up to 10), or the typed error.",
    write: true,
    body: s.sourceTestInput,
    ok: {
      status: 200,
      schema: s.sourcePreviewSchema,
      description: "What the URL gives; 422 with ok:false and the error when nothing.",
    },
    errors: {
      400: "A malformed URL (named in the message).",
      422: "The URL yields nothing: `{ok:false, error:{kind,message,status?}}`.",
    },
  },
  {
    method: "post",
    path: "/api/sources",
    summary: "Add a source after checking that it yields items (`force` saves it anyway).",
    write: true,
    body: s.sourceInput,
    ok: {
      status: 201,
      schema: s.addedSourceSchema,
      description: "The saved source, with what the check found.",
    },
    errors: {
      400: "A malformed URL, kind, schedule or selector (the message names it).",
      409: "The URL is already watched.",
      422: "The URL yields nothing: kind is the fetch error's (http, not-a-feed, empty, timeout…), with `status` for HTTP errors.",
    },
  },
  {
    method: "post",
    path: "/api/sources/{id}/poll",
    summary: "Poll one source now (even when paused or not due).",
    write: true,
    params: s.sourceIdParams,
    ok: {
      status: 200,
      schema: s.pollSummarySchema,
      description: "The poll's counts and the source's health after it.",
    },
    errors: { 404: "No such source." },
  },
  {
    method: "post",
    path: "/api/sources/{id}/pause",
    summary: "Stop polling a source (its items stay).",
    write: true,
    params: s.sourceIdParams,
    ok: { status: 200, schema: s.sourceSchema, description: "The source." },
    errors: { 404: "No such source." },
  },
  {
    method: "post",
    path: "/api/sources/{id}/resume",
    summary: "Poll a paused source again.",
    write: true,
    params: s.sourceIdParams,
    ok: { status: 200, schema: s.sourceSchema, description: "The source." },
    errors: { 404: "No such source." },
  },
  {
    method: "delete",
    path: "/api/sources/{id}",
    summary: "Remove a source and its items.",
    write: true,
    params: s.sourceIdParams,
    ok: { status: 200, schema: s.removedSourceSchema, description: "What was removed." },
    errors: { 404: "No such source." },
  },
  {
    method: "get",
    path: "/api/sources/export.opml",
    summary: "Every source as OPML 2.0, the format feed readers speak.",
    write: false,
    ok: { status: 200, description: "An OPML document.", contentType: "text/x-opml" },
  },
  {
    method: "post",
    path: "/api/sources/import",
    summary:
      "Import sources from an OPML document sent as the body; URLs already watched are skipped and counted.",
    write: true,
    body: z.string().describe("The OPML document (Content-Type text/x-opml or application/xml)."),
    bodyType: "text/x-opml",
    ok: {
      status: 200,
      schema: s.importResultSchema,
      description: "What was imported and what was skipped, in words.",
    },
    errors: { 409: "The document is not OPML or lists no feeds." },
  },
  {
    method: "get",
    path: "/api/subscribers",
    summary: "Subscribers (their addresses are personal data: needs the token even when reading is open).",
    write: false,
    admin: true,
    query: s.subscribersListQuery,
    ok: {
      status: 200,
      schema: z.array(s.subscriberSchema),
      description:
        "The subscribers, oldest first. One page (`limit`, `offset`); `X-Total-Count` gives the whole list's size and `Link` the next and previous pages.",
    },
    errors: { 400: "A malformed limit or offset." },
  },
  {
    method: "post",
    path: "/api/subscribers",
    summary: "Subscribe an address to digests or immediate alerts.",
    write: true,
    body: s.subscriberInput,
    ok: { status: 201, schema: s.subscriberSchema, description: "The subscriber." },
    errors: {
      400: "A bad address, area, frequency, zone or hour (named).",
      409: "The address is already subscribed.",
    },
  },
  {
    method: "delete",
    path: "/api/subscribers/{id}",
    summary: "Remove a subscriber and their outbox for good.",
    write: true,
    params: s.subscriberIdParams,
    ok: { status: 200, schema: s.subscriberSchema, description: "The removed subscriber." },
    errors: { 404: "No such subscriber." },
  },
  {
    method: "get",
    path: "/api/digest-preview",
    summary: "The digest a subscriber (or a sample all-areas reader) would get now; nothing is sent.",
    write: false,
    admin: true,
    query: s.digestPreviewQuery,
    ok: { status: 200, schema: s.digestPreviewSchema, description: "Subject, text and HTML parts." },
    errors: { 400: "An unknown subscriber or frequency." },
  },
  {
    method: "get",
    path: "/api/channels",
    summary:
      "Alert channels (webhooks, Slack-compatible hooks, Telegram chats), secrets masked; needs the token.",
    write: false,
    admin: true,
    query: s.channelsListQuery,
    ok: {
      status: 200,
      schema: z.array(s.channelWithDeliverySchema),
      description:
        "The channels, oldest first, each with its latest message. One page (`limit`, `offset`); `X-Total-Count` gives the whole list's size and `Link` the next and previous pages.",
    },
    errors: { 400: "A malformed limit or offset." },
  },
  {
    method: "post",
    path: "/api/channels",
    summary: "Add an alert channel; a webhook without a secret gets one, returned in this answer only.",
    write: true,
    body: s.channelInput,
    ok: { status: 201, schema: s.addedChannelSchema, description: "The channel, its target masked." },
    errors: { 400: "A bad type, URL, token, chat id, area or score, or a private address (named)." },
  },
  {
    method: "delete",
    path: "/api/channels/{id}",
    summary: "Remove an alert channel and its unsent messages.",
    write: true,
    params: s.channelIdParams,
    ok: { status: 200, schema: s.channelSchema, description: "The removed channel." },
    errors: { 404: "No such channel." },
  },
  {
    method: "post",
    path: "/api/channels/{id}/test",
    summary: "Send a test message to this channel only, now, and say whether it arrived.",
    write: true,
    params: s.channelIdParams,
    ok: {
      status: 200,
      schema: s.channelTestSchema,
      description: "Whether it arrived, and why not in words.",
    },
    errors: { 404: "No such channel." },
  },
];

/** Inputs are written out in place (no shared parts). */
function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

/** The named output schemas, referring to each other by `#/components/schemas/<id>`. */
function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(s.apiComponents, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function responseSchema(schema: z.ZodType): Record<string, unknown> {
  const id = s.apiComponents.get(schema)?.id;
  if (id) return { $ref: `#/components/schemas/${id}` };
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(obj: z.ZodObject | undefined, where: "path" | "query") {
  if (!obj) return [];
  const schema = inputSchema(obj) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === "path" || (schema.required ?? []).includes(name),
    description: prop.description,
    schema: prop,
  }));
}

const ERROR_RESPONSE = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const responses: Record<string, unknown> = {
      [op.ok.status]: {
        description: op.ok.description,
        ...(op.ok.schema
          ? {
              content: {
                [op.ok.contentType ?? "application/json"]: { schema: responseSchema(op.ok.schema) },
              },
            }
          : {}),
      },
    };
    for (const [status, description] of Object.entries(op.errors ?? {}))
      responses[status] = ERROR_RESPONSE(description);
    if (op.write || op.admin) {
      responses["401"] = ERROR_RESPONSE("No bearer token, or not the admin token.");
      responses["403"] = ERROR_RESPONSE("ADMIN_TOKEN is not set on the server: changes are turned off.");
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.write || op.admin ? { security: [{ adminToken: [] }] } : {}),
      parameters: [...parameters(op.params, "path"), ...parameters(op.query, "query")],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [op.bodyType ?? "application/json"]: { schema: inputSchema(op.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "policywatch API",
      version: "1",
      description:
        "Milestone status, evidence, items, sources and subscribers as JSON. Reading is open unless the server sets " +
        "REQUIRE_TOKEN_FOR_READS=true; every write needs `Authorization: Bearer <ADMIN_TOKEN>`. Errors are " +
        '`{"error": {"kind", "message"}}`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "The server's ADMIN_TOKEN." },
      },
      schemas: componentSchemas(),
    },
    paths,
  };
}
