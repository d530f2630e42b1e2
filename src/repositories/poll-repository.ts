// Polls of sources, and the writes a poll makes, each one SQL statement so that it is atomic on
// its own (no transaction to leave half-open when an instance dies or the connection drops):
//  - claim: takes the sources' poll lease (`Source.pollingSince`) and opens a `running` Poll row.
//    The lease is an UPDATE … WHERE: a second claimer waits for the row lock, re-reads the row and
//    finds it taken, so two instances (or a tick and a `poll` command) never poll a source at once.
//  - storeItems: carries out an ingest plan (domain/item-ingest.ts): inserts new items, updates
//    changed ones in place with an ItemRevision of what they were, writes the new items' evidence
//    when they were matched before storing, and records the source's health or backfill state, in
//    one statement: a poll's items (and their evidence) are all stored with it, or none are.
//  - finishMany: closes Poll rows and releases leases (with the health, when nothing was stored),
//    many polls per statement.
// Item identity is `dedupKey` (unique): an insert that meets a key stored meanwhile is skipped.
import { readFileSync } from "node:fs";
import type { IngestPlan } from "../domain/item-ingest.js";
import type { RawSql } from "../infra/database.js";
import { epochMs, SqlParams } from "../infra/sql-params.js";

export interface ClaimedPoll {
  sourceId: number;
  pollId: number;
}

export type HealthUpdate =
  | {
      ok: true;
      state: string;
      nextCheckAt: Date;
      /** Recomputed when items were stored; undefined: unchanged. */
      staleAfter?: Date | null;
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
  /** Evidence written with the new items (see `IntakeMatches`) that says progress, ascending. */
  newProgressEvidenceIds: number[];
  /** All the evidence written with the new items, progress or not, ascending. */
  newEvidenceIds: number[];
}

/**
 * The evidence a poll's new items gave when they were matched before storing: written in the same
 * statement as the items, which are stamped as matched by `matchedWith`. An item that another
 * writer stored meanwhile (its key met) is skipped, and so is its evidence.
 */
export interface IntakeMatches {
  matchedWith: string;
  matcherVersion: string;
  evidence: {
    dedupKey: string;
    milestoneId: number;
    score: number;
    progress: boolean;
    /** step | instruction | discussion; absent: a step when it says progress. */
    nature?: string;
    deadline?: string | null;
    quote: string | null;
    terms: string[];
  }[];
}

/** One source's store: its ingest plan, the new items' evidence, and its health or backfill state. */
export interface StoreInput {
  sourceId: number;
  pollId: number;
  now: Date;
  plan: Pick<IngestPlan, "inserts" | "updates">;
  /** The new items' evidence, when they were matched before storing. */
  matches?: IntakeMatches;
  /** A store follows a good answer: failures and 304s are recorded when the poll is closed. */
  health?: Extract<HealthUpdate, { ok: true }>;
  backfillState?: unknown;
}

export type PollOutcome = "ok" | "not-modified" | "failed";

export interface PollFinish {
  sourceId: number;
  pollId: number;
  now: Date;
  outcome: PollOutcome;
  error?: Record<string, unknown> | null;
  /** A leased poll gives its lease back; a backfill page (no lease) does not. */
  releaseLease: boolean;
  health?: HealthUpdate;
  newItems?: number;
  updatedItems?: number;
}

const INTERRUPTED = {
  kind: "interrupted",
  message:
    "The poll did not finish (the instance stopped or lost its database connection); it was retried later.",
};

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

  /**
   * The scheduler's claim: up to `limit` sources not paused whose next check has come (never
   * polled: at once), earliest first, each free or held by a claim older than `leaseExpiredBefore`
   * (its claimer died). FOR UPDATE SKIP LOCKED with the lease re-checked on the locked row: of two
   * instances claiming at once, each source goes to one of them. Opens their Poll rows like `claim`.
   */
  async claimDue(now: Date, limit: number, leaseExpiredBefore: Date): Promise<ClaimedPoll[]> {
    const p = new SqlParams();
    const at = p.time(now);
    const cutoff = p.time(leaseExpiredBefore);
    const rows = await this.sql.query<{ id: number; sourceId: number }>(
      `WITH due AS (
         SELECT id FROM "Source"
         WHERE NOT paused AND ("nextCheckAt" IS NULL OR "nextCheckAt" <= ${at})
           AND ("pollingSince" IS NULL OR "pollingSince" < ${cutoff})
         ORDER BY "nextCheckAt" ASC NULLS FIRST, id
         LIMIT ${p.add(limit, "int")}
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE "Source" s SET "pollingSince" = ${at} FROM due WHERE s.id = due.id RETURNING s.id
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

  /** Keeps the leases of polls still running fresh, so that no other claimer takes them as dead. */
  async renewLeases(sourceIds: number[], now: Date): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.sql.query(
      `UPDATE "Source" SET "pollingSince" = $2::timestamp(3) WHERE id = ANY($1::int[]) AND "pollingSince" IS NOT NULL`,
      [sourceIds, now.toISOString()],
    );
  }

  /**
   * When the scheduler next has something to claim: the earliest next check of a source not
   * paused (never polled: now), or when a held source's lease runs out; null with no such source.
   */
  async nextDueAt(leaseMs: number): Promise<Date | null> {
    const due = `CASE WHEN "pollingSince" IS NULL THEN COALESCE("nextCheckAt", 'epoch')
      ELSE GREATEST(COALESCE("nextCheckAt", 'epoch'), "pollingSince" + $1::int * interval '1 millisecond') END`;
    const rows = await this.sql.query<{ at: number | null }>(
      `SELECT ${epochMs(`min(${due})`)} AS at FROM "Source" WHERE NOT paused`,
      [Math.ceil(leaseMs)],
    );
    const at = rows[0]?.at;
    return at === null || at === undefined ? null : new Date(Number(at));
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
   * Carries out an ingest plan, and in the same statement records the source's health (a poll) or
   * its backfill state (a backfill page). An update applies only while the row still has the hash
   * the plan saw; its revision keeps the row as it was before. The Poll row's counts are written
   * when it is closed.
   */
  async storeItems(input: StoreInput): Promise<StoredItems> {
    return (await this.storeMany([input]))[0]!;
  }

  /**
   * Several sources' stores in one statement (a round of polls stores together what is ready at
   * once: one statement and one commit instead of one per source). All of it is stored, or none
   * (but nothing for a source deleted meanwhile: see STORE_SQL). Results are in the order of `inputs`.
   */
  async storeMany(inputs: StoreInput[]): Promise<StoredItems[]> {
    if (inputs.length === 0) return [];
    const params = storeParams(inputs);
    const store = (sql: RawSql) =>
      sql.query<StoreRow>(STORE_SQL, [params.sources, params.inserts, params.updates, params.evidence]);
    const rows = this.sql.withoutRowReferenceChecks
      ? await this.sql.withoutRowReferenceChecks(store)
      : await store(this.sql);
    const ids = (list: number[] | null | undefined) => (list ?? []).map(Number).sort((a, b) => a - b);
    const bySource = new Map(rows.map((r) => [Number(r.sourceId), r]));
    return inputs.map((input) => {
      const row = bySource.get(input.sourceId);
      return {
        newItemIds: ids(row?.newIds),
        updatedItemIds: ids(row?.updatedIds),
        newProgressEvidenceIds: ids(row?.progressIds),
        newEvidenceIds: ids(row?.evidenceIds),
      };
    });
  }

  /**
   * Closes a Poll row and, for a leased poll, releases the lease; with `health`, records the
   * source's health in the same statement (a 304 or a failure: nothing else to store).
   */
  async finish(input: PollFinish): Promise<void> {
    await this.finishMany([input]);
  }

  /**
   * Closes many polls in one statement: a poll of 1,000 unchanged sources is 1,000 answers of
   * 304 and a handful of writes, not 1,000 round trips.
   */
  async finishMany(inputs: PollFinish[]): Promise<void> {
    if (inputs.length === 0) return;
    const rows = inputs.map((f) => {
      const h = f.health;
      return {
        sourceId: f.sourceId,
        pollId: f.pollId,
        at: f.now.toISOString(),
        outcome: f.outcome,
        error: f.error ?? null,
        newItems: f.newItems ?? 0,
        updatedItems: f.updatedItems ?? 0,
        release: f.releaseLease,
        health: h !== undefined,
        ok: h?.ok ?? false,
        state: h?.state ?? null,
        nextCheckAt: h ? h.nextCheckAt.toISOString() : null,
        lastError: h && !h.ok ? h.error : null,
        setValidators: Boolean(h?.ok && h.validators),
        etag: h?.ok && h.validators ? h.validators.etag : null,
        lastModified: h?.ok && h.validators ? h.validators.lastModified : null,
        snapshot: h?.ok ? (h.pageSnapshot ?? null) : null,
      };
    });
    await this.sql.query(
      `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           "sourceId" int, "pollId" int, at timestamp(3), outcome text, error jsonb, "newItems" int,
           "updatedItems" int, release boolean,
           health boolean, ok boolean, state text, "nextCheckAt" timestamp(3), "lastError" jsonb,
           "setValidators" boolean, etag text, "lastModified" text, snapshot text)
       ),
       pl AS (
         UPDATE "Poll" p SET outcome = x.outcome, "finishedAt" = x.at, error = x.error,
                "newItems" = x."newItems", "updatedItems" = x."updatedItems"
         FROM x WHERE p.id = x."pollId"
       )
       UPDATE "Source" s SET
         "pollingSince" = CASE WHEN x.release THEN NULL ELSE s."pollingSince" END,
         "updatedAt" = CASE WHEN x.health THEN x.at ELSE s."updatedAt" END,
         state = CASE WHEN x.health THEN x.state ELSE s.state END,
         "lastCheckedAt" = CASE WHEN x.health THEN x.at ELSE s."lastCheckedAt" END,
         "nextCheckAt" = CASE WHEN x.health THEN x."nextCheckAt" ELSE s."nextCheckAt" END,
         "consecutiveFailures" = CASE WHEN NOT x.health THEN s."consecutiveFailures" WHEN x.ok THEN 0
                                      ELSE s."consecutiveFailures" + 1 END,
         "lastSuccessAt" = CASE WHEN x.health AND x.ok THEN x.at ELSE s."lastSuccessAt" END,
         "lastError" = CASE WHEN NOT x.health THEN s."lastError" WHEN x.ok THEN NULL ELSE x."lastError" END,
         "lastErrorAt" = CASE WHEN x.health AND NOT x.ok THEN x.at ELSE s."lastErrorAt" END,
         etag = CASE WHEN x."setValidators" THEN x.etag ELSE s.etag END,
         "lastModified" = CASE WHEN x."setValidators" THEN x."lastModified" ELSE s."lastModified" END,
         "pageSnapshot" = COALESCE(x.snapshot, s."pageSnapshot")
       FROM x WHERE s.id = x."sourceId"`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Deletes finished polls older than `before`, keeping each source's latest: a thousand sources
   * polled every 15 minutes write ~100,000 rows a day, and only recent history is read.
   */
  async prune(before: Date): Promise<number> {
    const rows = await this.sql.query<{ n: number | string }>(
      `WITH gone AS (
         DELETE FROM "Poll" p
         WHERE p."startedAt" < $1::timestamp(3) AND p.outcome <> 'running'
           AND p.id <> (SELECT max(q.id) FROM "Poll" q WHERE q."sourceId" = p."sourceId")
         RETURNING 1
       )
       SELECT count(*) AS n FROM gone`,
      [before.toISOString()],
    );
    return Number(rows[0]?.n ?? 0);
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

interface StoreRow {
  sourceId: number;
  newIds: number[] | null;
  updatedIds: number[] | null;
  progressIds: number[] | null;
  evidenceIds: number[] | null;
}

/**
 * Stores several sources' polls in one statement (poll-store.sql): their sources' health and
 * validators, new items and their evidence, changed items and their revisions. It checks its own
 * references, once for the whole set: a source deleted while it was being polled gets nothing
 * stored, and evidence naming a milestone that is no longer on the agenda is left out (the item is
 * stored, and `match --all` matches it under the new agenda like every item stored before). That
 * lets the embedded database skip the row-by-row foreign key checks
 * (RawSql.withoutRowReferenceChecks); on a PostgreSQL server the foreign keys check as well.
 * Parameters: $1 the polls (one row per source), $2 the new items column by column, $3 the changed
 * items, $4 the new items' evidence column by column (see storeParams).
 */
const STORE_SQL = readFileSync(new URL("./poll-store.sql", import.meta.url), "utf8");

/**
 * The store statement's parameters as JSON text. New items and their evidence go column by column
 * (one array per column, read back with ROWS FROM), because a first poll sends tens of thousands
 * of rows and naming every field of every row would be much of what is sent and parsed. What the
 * statement can derive is left out: a dedup key that is "url:" + the URL, a guid that is the URL,
 * and the poll's time and matcher, which are its source's (an item names its source by its place
 * among the inputs). Evidence names its item by its place among the new items. Places are 1-based,
 * as WITH ORDINALITY counts.
 */
function storeParams(inputs: StoreInput[]): {
  sources: string;
  inserts: string;
  updates: string;
  evidence: string;
} {
  const sources: Record<string, unknown>[] = [];
  const items = {
    /** The source's place among the inputs (1-based). */
    input: [] as number[],
    dedupKey: [] as (string | null)[],
    guid: [] as (string | null)[],
    url: [] as string[],
    title: [] as (string | null)[],
    summary: [] as (string | null)[],
    content: [] as (string | null)[],
    language: [] as (string | null)[],
    publishedAt: [] as (string | null)[],
    contentHash: [] as string[],
  };
  const evidence = {
    item: [] as number[],
    milestoneId: [] as number[],
    score: [] as number[],
    progress: [] as boolean[],
    nature: [] as string[],
    deadline: [] as (string | null)[],
    quote: [] as (string | null)[],
    /** Array literals ({"a","b"}): read as text[] without a subquery per row. */
    terms: [] as string[],
  };
  const updates: Record<string, unknown>[] = [];
  for (const input of inputs) {
    const at = input.now.toISOString();
    const h = input.health;
    const matches = input.plan.inserts.length > 0 ? input.matches : undefined;
    sources.push({
      sourceId: input.sourceId,
      at,
      health: h !== undefined,
      state: h?.state ?? null,
      nextCheckAt: h ? h.nextCheckAt.toISOString() : null,
      setStale: h?.staleAfter !== undefined,
      staleAfter: h?.staleAfter ? h.staleAfter.toISOString() : null,
      setValidators: Boolean(h?.validators),
      etag: h?.validators?.etag ?? null,
      lastModified: h?.validators?.lastModified ?? null,
      snapshot: h?.pageSnapshot ?? null,
      setBackfill: input.backfillState !== undefined,
      backfill: input.backfillState ?? null,
      matchedWith: matches?.matchedWith ?? null,
      matcherVersion: matches?.matcherVersion ?? null,
    });
    const place = new Map<string, number>();
    for (const item of input.plan.inserts) {
      items.input.push(sources.length);
      items.dedupKey.push(item.dedupKey === `url:${item.url}` ? null : item.dedupKey);
      items.guid.push(item.guid === item.url ? null : item.guid);
      items.url.push(item.url);
      items.title.push(item.title);
      items.summary.push(item.summary);
      items.content.push(item.content);
      items.language.push(item.language);
      items.publishedAt.push(item.publishedAt ? item.publishedAt.toISOString() : null);
      items.contentHash.push(item.contentHash);
      place.set(item.dedupKey, items.url.length);
    }
    for (const e of matches?.evidence ?? []) {
      const item = place.get(e.dedupKey);
      if (item === undefined) continue;
      evidence.item.push(item);
      evidence.milestoneId.push(e.milestoneId);
      evidence.score.push(e.score);
      evidence.progress.push(e.progress);
      evidence.nature.push(e.nature ?? (e.progress ? "step" : "discussion"));
      evidence.deadline.push(e.deadline ?? null);
      evidence.quote.push(e.quote);
      evidence.terms.push(textArrayLiteral(e.terms));
    }
    for (const u of input.plan.updates) {
      updates.push({ ...u, at, publishedAt: u.publishedAt ? u.publishedAt.toISOString() : null });
    }
  }
  return {
    sources: JSON.stringify(sources),
    inserts: JSON.stringify(items),
    updates: JSON.stringify(updates),
    evidence: JSON.stringify(evidence),
  };
}

/** A PostgreSQL array literal of these strings: each quoted, with quotes and backslashes escaped. */
function textArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}
