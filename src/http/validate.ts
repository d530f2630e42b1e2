// One helper checks every input (query, path, JSON body, form) against a zod schema and turns a
// failure into a 400 whose message names the bad field and value: `url: "htp:/x" is not an
// http(s) URL`. Routes never see unchecked input.
import type { Context } from "hono";
import type { z } from "zod";
import { badRequest, HttpProblem } from "./problem.js";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join(".") : "input";
    return `${where}: ${issue.message}`;
  });
  throw badRequest(messages.join("; "));
}

/** The JSON body, or a 400/415 in words when it is missing or not JSON. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpProblem(
      415,
      "unsupported-media-type",
      "Send the request body as JSON with Content-Type: application/json.",
    );
  }
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

/** Form fields (urlencoded or multipart) as strings; files are left out. */
export async function readFormFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** The value a user typed, shortened so that a message stays readable. */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "nothing" : `"${text.length > 120 ? `${text.slice(0, 117)}…` : text}"`;
}

/** The query string as an object, without empty fields (a filter form sends `area=` when unset). */
export function queryOf(c: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.req.query())) {
    if (value !== "") out[key] = value;
  }
  return out;
}
