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
    summary: "Each area and its milestones: status, due date, days left, evidence count (same as `policywatch status --json`).",
    write: false,
    query: s.statusQuery,
    ok: { status: 200, schema: s.statusReportSchema, description: "The status report." },
    errors: { 400: "A malformed date.", 404: "An unknown area." },
  },
  {
    method: "get",
    path: "/api/overview",
    summary: "The overview page's data: status report, countdowns to the 2026 and 2030 horizons, latest evidence per milestone, this week's changes.",
    write: false,
    ok: { status: 200, schema: s.overviewSchema, description: "The overview." },
  },
  {
    method: "get",
    path: "/api/milestones/{slug}",
    summary: "One milestone: description, status, status history and evidence timeline.",
    write: false,
    params: s.milestoneParams,
    ok: { status: 200, schema: s.milestoneDetailSchema, description: "The milestone." },
    errors: { 404: "No milestone has this slug." },
  },
  {
    method: "get",
    path: "/api/items",
    summary: "Stored items, newest first: full-text search in English and Russian, filters by area, source, progress and date.",
    write: false,
    query: s.itemsQuery,
    ok: { status: 200, schema: s.itemsResultSchema, description: "One page of items with the milestones each matched and why." },
    errors: { 400: "A malformed filter (the message names it)." },
  },
];

/** Inputs are written out in place (no shared parts). */
function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
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
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parameters(obj: z.ZodObject | undefined, where: "path" | "query") {
  if (!obj) return [];
  const schema = inputSchema(obj) as { properties?: Record<string, { description?: string }>; required?: string[] };
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
        ...(op.ok.schema ? { content: { [op.ok.contentType ?? "application/json"]: { schema: responseSchema(op.ok.schema) } } } : {}),
      },
    };
    for (const [status, description] of Object.entries(op.errors ?? {})) responses[status] = ERROR_RESPONSE(description);
    if (op.write) {
      responses["401"] = ERROR_RESPONSE("No bearer token, or not the admin token.");
      responses["403"] = ERROR_RESPONSE("ADMIN_TOKEN is not set on the server: changes are turned off.");
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.write ? { security: [{ adminToken: [] }] } : {}),
      parameters: [...parameters(op.params, "path"), ...parameters(op.query, "query")],
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(op.body) } } } } : {}),
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
      securitySchemes: { adminToken: { type: "http", scheme: "bearer", description: "The server's ADMIN_TOKEN." } },
      schemas: componentSchemas(),
    },
    paths,
  };
}
