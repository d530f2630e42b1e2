// Runs adapters' parse for large bodies on a worker thread, so a feed that takes seconds to read
// (megabytes of markup) never stops the web server answering or the process stopping on SIGTERM.
// Small bodies parse in place: a thread hop costs more than they do.
import { existsSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { capFields, DEFAULT_INGEST_LIMITS, type IngestLimits, limitItems } from "../domain/ingest-limits.js";
import type { ParsedItem } from "../domain/item.js";
import { FetchError, type FetchErrorInfo } from "../domain/fetch-error.js";
import type { ParseContext, ParseResult, SourceAdapter, SourceKind } from "../sources/types.js";

/** One parse handed to the worker (parse-worker.ts). */
export interface ParseRequest {
  id: number;
  kind: SourceKind;
  which: "parse" | "parseArticle";
  body: string;
  ctx: ParseContext;
  limits: IngestLimits;
}

/** Bodies at least this long are parsed off the main thread. */
export const OFF_THREAD_MIN_CHARS = 256 * 1024;
/** A parse still running after this long is stopped and reported (a hang, not a slow feed). */
export const PARSE_TIME_LIMIT_MS = 120_000;

type Reply = { id: number; result?: unknown; fetchError?: FetchErrorInfo; crash?: string };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

// The compiled build keeps the sources' import.meta.url, so the running file's own name tells
// whether the worker is compiled JavaScript or TypeScript that must be loaded through tsx.
function newWorker(): Worker {
  const here = (import.meta as { filename?: string }).filename ?? fileURLToPath(import.meta.url);
  const js = join(dirname(here), "parse-worker.js");
  if (extname(here) === ".js" && existsSync(js)) return new Worker(js);
  const ts = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "parse-worker.ts")).href;
  const boot = `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { eval: true });
}

function startWorker(): Worker {
  const w = newWorker();
  w.on("message", (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.fetchError) waiting.reject(new FetchError(reply.fetchError));
    else if (reply.crash !== undefined) waiting.reject(new Error(reply.crash));
    else waiting.resolve(reply.result);
  });
  const fail = (err: Error) => {
    if (worker === w) worker = null;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(err);
    }
  };
  w.on("error", fail);
  w.on("exit", () => fail(new Error("the parser thread stopped")));
  w.unref();
  return w;
}

function runOffThread(req: Omit<ParseRequest, "id">): Promise<unknown> {
  worker ??= startWorker();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const message = `Reading ${req.ctx.url} took longer than ${PARSE_TIME_LIMIT_MS / 1000} s and was stopped.`;
      reject(new FetchError({ kind: "parse", url: req.ctx.url, message }));
      pending.delete(id);
      if (worker === w) worker = null;
      void w.terminate();
    }, PARSE_TIME_LIMIT_MS);
    timer.unref();
    const done =
      <T>(f: (v: T) => void) =>
      (v: T) => {
        clearTimeout(timer);
        f(v);
      };
    pending.set(id, { resolve: done(resolve), reject: done(reject) });
    w.ref();
    w.postMessage({ ...req, id });
  });
}

/** What a fetch's parse gave, within the limits, and how many items the limits left out. */
export interface LimitedParse extends ParseResult {
  itemsDropped: number;
}

/**
 * The adapter's `parse` of `body`, off the main thread when the body is large, held to `limits`
 * there, so that only what is kept crosses back.
 */
export async function parseBody(
  adapter: SourceAdapter,
  body: string,
  ctx: ParseContext,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): Promise<LimitedParse> {
  const bounded = { ...ctx, maxItems: limits.maxItems };
  if (body.length < OFF_THREAD_MIN_CHARS) return withinLimits(adapter.parse(body, bounded), limits);
  const req = { kind: adapter.kind, which: "parse" as const, body, ctx: bounded, limits };
  return (await runOffThread(req)) as LimitedParse;
}

/**
 * The parse held to the limits: the newest `maxItems` items, fields cut to their caps; the items
 * the reader itself left out while reading are counted with those cut here.
 */
export function withinLimits(result: ParseResult, limits: IngestLimits): LimitedParse {
  const { items, dropped } = limitItems(result.items, limits);
  return { ...result, items, itemsDropped: dropped + (result.itemsDropped ?? 0) };
}

/** The adapter's `parseArticle` of `body`, off the main thread when the body is large. */
export async function parseArticleBody(
  adapter: SourceAdapter,
  body: string,
  ctx: ParseContext,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): Promise<Partial<ParsedItem>> {
  if (body.length < OFF_THREAD_MIN_CHARS) return capFields(adapter.parseArticle!(body, ctx), limits);
  const req = { kind: adapter.kind, which: "parseArticle" as const, body, ctx, limits };
  return (await runOffThread(req)) as Partial<ParsedItem>;
}
