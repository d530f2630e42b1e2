// Ingest of many items into PostgreSQL, each way in a process of its own on a fresh database with
// the real schema (migrated by the app), the same rows, batches and concurrency:
//  - pipeline: what a poll does with a parsed page of a source that already has items: the ingest
//    plan (one keyed lookup, content hashes) and the store (items and the source's health in one
//    statement), through the app's ItemIntake and PollRepository;
//  - floor: a plain multi-row `INSERT … ON CONFLICT ("dedupKey") DO NOTHING` of the same rows,
//    hashes computed beforehand (untimed).
import pg from "pg";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { ParsedItem } from "../src/domain/item.js";
import { getAdapter } from "../src/sources/registry.js";
import { itemContentHash } from "../src/sources/shared/item.js";
import { makeItems } from "./classify.js";
import type { StepFigures } from "./poll-steps.js";

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** `count` items in batches of `batch`, one batch per source (source ids 1…). */
function makeBatches(count: number, batch: number): ParsedItem[][] {
  const texts = makeItems(count);
  const base = Date.parse("2026-11-26T06:00:00Z");
  const out: ParsedItem[][] = [];
  for (let b = 0; b * batch < count; b++) {
    const page: ParsedItem[] = [];
    for (let j = 0; j < batch && b * batch + j < count; j++) {
      const n = b * batch + j;
      const url = `https://site-${b}.example.org/news/${n}`;
      page.push({
        guid: url,
        dedupKey: `url:${url}`,
        url,
        title: texts[n]!.title,
        summary: texts[n]!.summary,
        content: null,
        language: texts[n]!.language,
        publishedAt: new Date(base - n * 60_000),
      });
    }
    out.push(page);
  }
  return out;
}

async function forEachLimit<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function openBenchApp(databaseUrl: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: "/tmp/policywatch-bench-unused",
    DEFAULT_SOURCES: "off",
    SCHEDULER: "off",
  };
  return openApp(loadConfig(env));
}

/** One source per batch, already holding an item (so that its store plans with the keyed lookup). */
async function makeSources(databaseUrl: string, batches: number): Promise<void> {
  const app = await openBenchApp(databaseUrl);
  try {
    await app.db.raw.query(
      `INSERT INTO "Source" (id, name, url, kind, "updatedAt", "lastNewItemAt")
       SELECT g, 'site ' || g, 'https://site-' || g || '.example.org/feed', 'rss', now(), now()
       FROM generate_series(1, $1::int) g`,
      [batches],
    );
    await app.db.raw.query(`SELECT setval(pg_get_serial_sequence('"Source"', 'id'), $1::int)`, [batches]);
  } finally {
    await app.close();
  }
}

export async function ingestPipeline(
  databaseUrl: string,
  count: number,
  batch: number,
  concurrency: number,
): Promise<StepFigures> {
  const batches = makeBatches(count, batch);
  await makeSources(databaseUrl, batches.length);
  const app = await openBenchApp(databaseUrl);
  const adapter = getAdapter("rss");
  // The app's own intake (no article pages for RSS) and store.
  const { ItemIntake } = await import("../src/services/item-intake.js");
  const intake = new ItemIntake(app.repos.items, app.repos.fetcher, app.now);
  const now = new Date("2026-11-26T08:00:00Z");
  let stored = 0;
  const t0 = process.hrtime.bigint();
  await forEachLimit(batches, concurrency, async (page, i) => {
    const sourceId = i + 1;
    const config = { url: `https://site-${i}.example.org/feed`, kind: "rss" as const };
    const plan = await intake.plan(adapter, config, sourceId, page);
    const result = await app.repos.polls.storeItems({
      sourceId,
      pollId: 0,
      now,
      plan,
      health: { ok: true, state: "healthy", nextCheckAt: new Date(now.getTime() + 900_000) },
    });
    stored += result.newItemIds.length;
  });
  const ingestMs = ms(t0);
  await app.close();
  return { items: stored, ingestMs, itemsPerSecond: Math.round(stored / (ingestMs / 1000)) };
}

export async function ingestFloor(
  databaseUrl: string,
  count: number,
  batch: number,
  concurrency: number,
): Promise<StepFigures> {
  const batches = makeBatches(count, batch);
  await makeSources(databaseUrl, batches.length);
  // The same rows as the pipeline stores, hashes included, prepared before the clock starts.
  const rows = batches.map((page) =>
    page.map((item) => [
      item.guid,
      item.dedupKey,
      item.url,
      item.title,
      item.summary,
      item.content,
      item.language,
      item.publishedAt!.toISOString(),
      itemContentHash(item),
    ]),
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const now = "2026-11-26T08:00:00.000Z";
  let stored = 0;
  const t0 = process.hrtime.bigint();
  await forEachLimit(rows, concurrency, async (page, i) => {
    const params: unknown[] = [i + 1, now];
    const values = page.map((r) => {
      const at = params.length;
      params.push(...r);
      return `($1, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}, $${at + 8}::timestamp(3), $2::timestamp(3), $2::timestamp(3), $${at + 9})`;
    });
    const res = await pool.query(
      `INSERT INTO "Item" ("sourceId", guid, "dedupKey", url, title, summary, content, language,
                           "publishedAt", "firstSeenAt", "updatedAt", "contentHash")
       VALUES ${values.join(", ")}
       ON CONFLICT ("dedupKey") DO NOTHING`,
      params,
    );
    stored += res.rowCount ?? 0;
  });
  const ingestMs = ms(t0);
  await pool.end();
  return { items: stored, ingestMs, itemsPerSecond: Math.round(stored / (ingestMs / 1000)) };
}
