// Polls of sources, and the writes a poll makes, each one SQL statement so that it is atomic on
// its own (no transaction to leave half-open when an instance dies or the connection drops):
//  - claim: takes the sources' poll lease (`Source.pollingSince`) and opens a `running` Poll row.
//    The lease is an UPDATE … WHERE: a second claimer waits for the row lock, re-reads the row and
//    finds it taken, so two instances (or a tick and a `poll` command) never poll a source at once.
//  - storeItems: inserts new items, updates changed ones in place with an ItemRevision, and records
//    the source's health, in one statement: a poll's items are all stored with it, or none are.
//  - finish: closes the Poll row and releases the lease (with the health, when nothing was stored).
// Item identity is `dedupKey` (unique). The content hash is computed here, in SQL, over the merged
// fields, so the comparison never needs the stored text to travel to the application.
import type { RawSql } from "./database.js";
import { SqlParams } from "./sql-params.js";

export interface ClaimedPoll {
  sourceId: number;
  pollId: number;
}

/** One parsed item as it is offered to the store. */
export interface IncomingItem {
  dedupKey: string;
  guid: string;
  url: string;
  title: string | null;
  summary: string | null;
  content: string | null;
  language: string | null;
  publishedAt: Date | null;
  /**
   * The listing's `content` is only a summary (the adapter would fetch the article page for full
   * text): a stored content wins over it, so a full text fetched once is not "changed" back.
   */
  keepStoredContent: boolean;
}

export type HealthUpdate =
  | {
      ok: true;
      state: string;
      nextCheckAt: Date;
      /** Replace the stored ETag / Last-Modified (a 200 answer); a 304 keeps them. */
      validators?: { etag: string | null; lastModified: string | null };
      pageSnapshot?: string | null;
    }
  | {
      ok: false;
      state: string;
      nextCheckAt: Date;
      error: Record<string, unknown>;
    };

export interface StoredItems {
  newItemIds: number[];
  updatedItemIds: number[];
}

export type PollOutcome = "ok" | "not-modified" | "failed";

const INTERRUPTED = {
  kind: "interrupted",
  message: "The poll did not finish (the instance stopped or lost its database connection); it was retried later.",
};

/**
 * The item's content hash computed by the database, byte for byte the adapters' `itemContentHash`
 * (sha256 of title, summary and content joined by NUL, UTF-8), so either side can compare.
 */
function contentHashSql(title: string, summary: string, content: string): string {
  const utf8 = (column: string) => `convert_to(COALESCE(${column}, ''), 'UTF8')`;
  return `encode(sha256(${utf8(title)} || '\\x00'::bytea || ${utf8(summary)} || '\\x00'::bytea || ${utf8(content)}), 'hex')`;
}

function healthSet(p: SqlParams, now: string, health: HealthUpdate): string[] {
  const set = [`state = ${p.add(health.state, "text")}`, `"lastCheckedAt" = ${now}`, `"nextCheckAt" = ${p.time(health.nextCheckAt)}`];
  if (health.ok) {
    set.push(`"consecutiveFailures" = 0`, `"lastSuccessAt" = ${now}`, `"lastError" = NULL`);
    if (health.validators) {
      set.push(
        `etag = ${p.add(health.validators.etag, "text")}`,
        `"lastModified" = ${p.add(health.validators.lastModified, "text")}`,
      );
    }
    if (health.pageSnapshot !== undefined && health.pageSnapshot !== null) {
      set.push(`"pageSnapshot" = ${p.add(health.pageSnapshot, "text")}`);
    }
  } else {
    set.push(
      `"consecutiveFailures" = "consecutiveFailures" + 1`,
      `"lastError" = ${p.json(health.error)}`,
      `"lastErrorAt" = ${now}`,
    );
  }
  return set;
}

export class PollRepository {
  constructor(private readonly sql: RawSql) {}

  /**
   * Takes the poll lease of each free source and opens a running Poll row for it. A lease older
   * than `leaseExpiredBefore` belongs to a poll that died: it is taken over, and that poll's row
   * is closed as interrupted. Returns only the sources this caller got.
   */
  async claim(sourceIds: number[], now: Date, leaseExpiredBefore: Date): Promise<ClaimedPoll[]> {
    if (sourceIds.length === 0) return [];
    const p = new SqlParams();
    const ids = p.add(sourceIds, "int[]");
    const at = p.time(now);
    const cutoff = p.time(leaseExpiredBefore);
    const rows = await this.sql.query<{ id: number; sourceId: number }>(
      `WITH claimed AS (
         UPDATE "Source" SET "pollingSince" = ${at}
         WHERE id = ANY(${ids}) AND ("pollingSince" IS NULL OR "pollingSince" < ${cutoff})
         RETURNING id
       ), interrupted AS (
         UPDATE "Poll" SET outcome = 'failed', "finishedAt" = ${at}, error = ${p.json(INTERRUPTED)}
         WHERE outcome = 'running' AND "startedAt" < ${cutoff} AND "sourceId" IN (SELECT id FROM claimed)
       )
       INSERT INTO "Poll" ("sourceId", "startedAt", outcome)
       SELECT id, ${at}, 'running' FROM claimed ORDER BY id
       RETURNING id, "sourceId"`,
      p.values,
    );
    return rows.map((r) => ({ sourceId: Number(r.sourceId), pollId: Number(r.id) }));
  }

  /** A Poll row without the lease (a backfill page: its writes are idempotent, polls may run beside it). */
  async open(sourceId: number, now: Date): Promise<number> {
    const p = new SqlParams();
    const rows = await this.sql.query<{ id: number }>(
      `INSERT INTO "Poll" ("sourceId", "startedAt", outcome) VALUES (${p.add(sourceId, "int")}, ${p.time(now)}, 'running') RETURNING id`,
      p.values,
    );
    return Number(rows[0]!.id);
  }

  /**
   * Stores a poll's items, and in the same statement the source's health (a poll) or its backfill
   * state (a backfill page), and the Poll row's counts. Items already stored by another source
   * count as seen, neither new nor updated: the first source to bring an item owns it, and two
   * feeds carrying the same item in different words do not flip it back and forth.
   */
  async storeItems(input: {
    sourceId: number;
    pollId: number;
    now: Date;
    items: IncomingItem[];
    health?: HealthUpdate;
    backfillState?: unknown;
  }): Promise<StoredItems> {
    const p = new SqlParams();
    const now = p.time(input.now);
    const sourceId = p.add(input.sourceId, "int");
    const pollId = p.add(input.pollId, "int");
    const incoming = p.json(
      uniqueByKey(input.items).map((item, ord) => ({
        ord,
        dedupKey: item.dedupKey,
        guid: item.guid,
        url: item.url,
        title: item.title,
        summary: item.summary,
        content: item.content,
        keepContent: item.keepStoredContent,
        language: item.language,
        publishedAt: item.publishedAt ? item.publishedAt.toISOString() : null,
      })),
    );
    const sourceSet = [`"updatedAt" = ${now}`, `"lastNewItemAt" = CASE WHEN EXISTS (SELECT 1 FROM ins) THEN ${now} ELSE "lastNewItemAt" END`];
    if (input.health) sourceSet.push(...healthSet(p, now, input.health));
    if (input.backfillState !== undefined) sourceSet.push(`backfill = ${p.json(input.backfillState)}`);
    const rows = await this.sql.query<{ newIds: number[] | null; updatedIds: number[] | null }>(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset(${incoming}) AS x(
           ord int, "dedupKey" text, guid text, url text, title text, summary text, content text,
           "keepContent" boolean, language text, "publishedAt" timestamp(3))
       ),
       existing AS (
         SELECT i.id, i."sourceId", i."dedupKey", i.title, i.summary, i.content, i."contentHash"
         FROM "Item" i WHERE i."dedupKey" IN (SELECT "dedupKey" FROM incoming)
       ),
       merged AS (
         SELECT e.id, e."contentHash" AS old_hash, e.title AS old_title, e.summary AS old_summary,
                e.content AS old_content, n."publishedAt",
                COALESCE(n.title, e.title) AS title,
                COALESCE(n.summary, e.summary) AS summary,
                CASE WHEN n."keepContent" THEN COALESCE(e.content, n.content) ELSE COALESCE(n.content, e.content) END AS content
         FROM existing e JOIN incoming n ON n."dedupKey" = e."dedupKey"
         WHERE e."sourceId" = ${sourceId}
       ),
       changed AS (
         SELECT m.*, ${contentHashSql("m.title", "m.summary", "m.content")} AS new_hash FROM merged m
       ),
       upd AS (
         UPDATE "Item" i SET title = c.title, summary = c.summary, content = c.content, "contentHash" = c.new_hash,
                "publishedAt" = COALESCE(c."publishedAt", i."publishedAt"), "updatedAt" = ${now}
         FROM changed c
         WHERE i.id = c.id AND c.new_hash <> c.old_hash AND i."contentHash" = c.old_hash
         RETURNING i.id
       ),
       rev AS (
         INSERT INTO "ItemRevision" ("itemId", title, summary, content, "contentHash", changed, "createdAt")
         SELECT c.id, c.old_title, c.old_summary, c.old_content, c.old_hash,
                array_remove(ARRAY[
                  CASE WHEN c.title IS DISTINCT FROM c.old_title THEN 'title' END,
                  CASE WHEN c.summary IS DISTINCT FROM c.old_summary THEN 'summary' END,
                  CASE WHEN c.content IS DISTINCT FROM c.old_content THEN 'content' END
                ]::text[], NULL),
                ${now}
         FROM changed c WHERE c.id IN (SELECT id FROM upd)
       ),
       ins AS (
         INSERT INTO "Item" ("sourceId", guid, "dedupKey", url, title, summary, content, language,
                             "publishedAt", "firstSeenAt", "updatedAt", "contentHash")
         SELECT ${sourceId}, n.guid, n."dedupKey", n.url, n.title, n.summary, n.content, n.language,
                n."publishedAt", ${now}, ${now}, ${contentHashSql("n.title", "n.summary", "n.content")}
         FROM incoming n
         WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e."dedupKey" = n."dedupKey")
         ORDER BY n.ord
         ON CONFLICT ("dedupKey") DO NOTHING
         RETURNING id
       ),
       pl AS (
         UPDATE "Poll" SET "newItems" = (SELECT count(*) FROM ins), "updatedItems" = (SELECT count(*) FROM upd)
         WHERE id = ${pollId}
       ),
       src AS (
         UPDATE "Source" SET ${sourceSet.join(", ")} WHERE id = ${sourceId}
       )
       SELECT (SELECT json_agg(id ORDER BY id) FROM ins) AS "newIds",
              (SELECT json_agg(id ORDER BY id) FROM upd) AS "updatedIds"`,
      p.values,
    );
    const row = rows[0];
    return { newItemIds: (row?.newIds ?? []).map(Number), updatedItemIds: (row?.updatedIds ?? []).map(Number) };
  }

  /**
   * Closes a Poll row and, for a leased poll, releases the lease; with `health`, records the
   * source's health in the same statement (a 304 or a failure: nothing else to store).
   */
  async finish(input: {
    sourceId: number;
    pollId: number;
    now: Date;
    outcome: PollOutcome;
    error?: Record<string, unknown> | null;
    releaseLease: boolean;
    health?: HealthUpdate;
  }): Promise<void> {
    const p = new SqlParams();
    const now = p.time(input.now);
    const set: string[] = [];
    if (input.releaseLease) set.push(`"pollingSince" = NULL`);
    if (input.health) set.push(`"updatedAt" = ${now}`, ...healthSet(p, now, input.health));
    const poll = `UPDATE "Poll" SET outcome = ${p.add(input.outcome, "text")}, "finishedAt" = ${now},
                  error = ${p.json(input.error ?? null)} WHERE id = ${p.add(input.pollId, "int")}`;
    const sql =
      set.length > 0
        ? `WITH pl AS (${poll}) UPDATE "Source" SET ${set.join(", ")} WHERE id = ${p.add(input.sourceId, "int")}`
        : poll;
    await this.sql.query(sql, p.values);
  }

  /** Gives a lease back without recording anything (a poll that could not even start its work). */
  async release(sourceId: number): Promise<void> {
    await this.sql.query(`UPDATE "Source" SET "pollingSince" = NULL WHERE id = $1::int`, [sourceId]);
  }

  /** The latest polls of a source, newest first. */
  async recent(sourceId: number, limit = 20) {
    return this.sql.query<{
      id: number;
      outcome: string;
      newItems: number;
      updatedItems: number;
      error: unknown;
      startedAtMs: number;
      finishedAtMs: number | null;
    }>(
      `SELECT id, outcome, "newItems", "updatedItems", error,
              (extract(epoch from "startedAt") * 1000)::float8 AS "startedAtMs",
              (extract(epoch from "finishedAt") * 1000)::float8 AS "finishedAtMs"
       FROM "Poll" WHERE "sourceId" = $1::int ORDER BY id DESC LIMIT $2::int`,
      [sourceId, limit],
    );
  }
}

function uniqueByKey(items: IncomingItem[]): IncomingItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    if (seen.has(i.dedupKey)) return false;
    seen.add(i.dedupKey);
    return true;
  });
}
