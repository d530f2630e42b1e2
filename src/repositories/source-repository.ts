// Sources in the database: what to watch, how, and its fetch state. Health and leases are written
// with each poll (poll-repository.ts); this module adds, lists, changes and removes sources.
import type { Source } from "../generated/prisma/client.js";
import { Prisma as PrismaNamespace } from "../generated/prisma/client.js";
import type { Prisma, RawSql } from "../infra/database.js";
import { epochMs } from "../infra/sql-params.js";
import { DuplicateRowError, isUniqueViolation } from "../infra/unique-violation.js";

export type SourceRecord = Source;

export interface NewSource {
  name: string;
  url: string;
  kind: string;
  schedule: string;
  options: Record<string, unknown>;
  language: string | null;
  /** official | press (domain/source-voice.ts); absent: the column's default, press. */
  voice?: string;
  isDefault?: boolean;
  paused?: boolean;
}

const TIME_COLUMNS = [
  "createdAt",
  "updatedAt",
  "lastCheckedAt",
  "lastSuccessAt",
  "lastNewItemAt",
  "nextCheckAt",
  "lastErrorAt",
  "staleAfter",
  "pollingSince",
] as const;

// The whole row, times as epoch milliseconds (see sql-params.ts: never let a driver guess a zone).
const SOURCE_COLUMNS = [
  `id, name, url, kind, schedule, options, language, voice, paused, "isDefault", state, etag, "lastModified",
   "consecutiveFailures", "itemsDropped", "lastError", "pageSnapshot", backfill, "answeredBy"`,
  ...TIME_COLUMNS.map((c) => `${epochMs(`"${c}"`)} AS "${c}"`),
].join(", ");

function sourceFromRow(row: Record<string, unknown>): SourceRecord {
  const counts = {
    consecutiveFailures: Number(row.consecutiveFailures),
    itemsDropped: Number(row.itemsDropped ?? 0),
  };
  const out = { ...row, id: Number(row.id), ...counts } as Record<string, unknown>;
  for (const c of TIME_COLUMNS)
    out[c] = row[c] === null || row[c] === undefined ? null : new Date(Number(row[c]));
  return out as unknown as SourceRecord;
}

export class SourceRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: RawSql,
  ) {}

  // The reads a poll makes are plain SQL: a `poll` of 1,000 unchanged sources then never loads
  // Prisma's query engine, which alone would be a third of the process's memory.

  /** How many items the source's last fetch left out (MAX_ITEMS_PER_FETCH). */
  async setItemsDropped(id: number, count: number): Promise<void> {
    await this.sql.query(`UPDATE "Source" SET "itemsDropped" = $2::int WHERE id = $1::int`, [id, count]);
  }

  async findById(id: number): Promise<SourceRecord | null> {
    const rows = await this.sql.query(`SELECT ${SOURCE_COLUMNS} FROM "Source" WHERE id = $1::int`, [id]);
    return rows[0] ? sourceFromRow(rows[0]) : null;
  }

  async findByIds(ids: number[]): Promise<SourceRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query(
      `SELECT ${SOURCE_COLUMNS} FROM "Source" WHERE id = ANY($1::int[]) ORDER BY id`,
      [ids],
    );
    return rows.map(sourceFromRow);
  }

  /** Every source, oldest first; paused ones only when asked. */
  async findAll(opts: { includePaused?: boolean } = {}): Promise<SourceRecord[]> {
    const where = opts.includePaused ? "" : "WHERE NOT paused";
    const rows = await this.sql.query(`SELECT ${SOURCE_COLUMNS} FROM "Source" ${where} ORDER BY id`);
    return rows.map(sourceFromRow);
  }

  /** One page of every source (paused ones included), oldest first, and how many there are. */
  async findPage(page: { limit: number; offset: number }): Promise<{ rows: SourceRecord[]; total: number }> {
    const [rows, counted] = await Promise.all([
      this.sql.query(`SELECT ${SOURCE_COLUMNS} FROM "Source" ORDER BY id LIMIT $1::int OFFSET $2::int`, [
        page.limit,
        page.offset,
      ]),
      this.sql.query<{ n: number | string }>(`SELECT count(*) AS n FROM "Source"`),
    ]);
    return { rows: rows.map(sourceFromRow), total: Number(counted[0]?.n ?? 0) };
  }

  /** Id, URL and name of every source: enough to refuse duplicates without loading fetch state. */
  async urls(): Promise<{ id: number; url: string; name: string }[]> {
    return this.prisma.source.findMany({
      select: { id: true, url: true, name: true },
      orderBy: { id: "asc" },
    });
  }

  /** Throws DuplicateRowError when the URL is watched already (another add won the race). */
  async create(source: NewSource): Promise<SourceRecord> {
    try {
      return await this.prisma.source.create({
        data: {
          ...source,
          options: source.options as PrismaNamespace.InputJsonValue,
          isDefault: source.isDefault ?? false,
        },
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateRowError(`${source.url} is already watched.`);
      throw err;
    }
  }

  /** Adds many at once; a URL already present is skipped. Returns how many were added. */
  async createMany(sources: NewSource[]): Promise<number> {
    if (sources.length === 0) return 0;
    const result = await this.prisma.source.createMany({
      data: sources.map((s) => ({
        ...s,
        options: s.options as PrismaNamespace.InputJsonValue,
        isDefault: s.isDefault ?? false,
      })),
      skipDuplicates: true,
    });
    return result.count;
  }

  async hasAny(): Promise<boolean> {
    return (await this.prisma.source.count()) > 0;
  }

  /** Which URL (primary or mirror) answered the last successful poll: written only when it changes. */
  async setAnsweredBy(id: number, url: string): Promise<void> {
    await this.sql.query(`UPDATE "Source" SET "answeredBy" = $2 WHERE id = $1::int`, [id, url]);
  }

  async setPaused(id: number, paused: boolean): Promise<SourceRecord> {
    // Resuming makes the source due at once: a long pause should not wait out an old backoff.
    return this.prisma.source.update({
      where: { id },
      data: paused ? { paused } : { paused, nextCheckAt: null },
    });
  }

  /** Removes a source and, through the schema's cascade, its items, polls and their evidence. */
  async remove(id: number): Promise<{ items: number } | null> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.source.findUnique({ where: { id }, select: { id: true } });
      if (!found) return null;
      const items = await tx.item.count({ where: { sourceId: id } });
      await tx.source.delete({ where: { id } });
      return { items };
    });
  }

  async saveBackfill(id: number, state: unknown): Promise<void> {
    await this.prisma.source.update({
      where: { id },
      data: { backfill: state === null ? PrismaNamespace.DbNull : (state as PrismaNamespace.InputJsonValue) },
    });
  }

  /**
   * Takes a source's backfill lease (see BackfillState in backfill-service.ts) when it is free or
   * stale; returns the walk's state as it was, without the lease. One statement: of two walkers
   * asking at once, one gets it.
   */
  async claimBackfill(
    id: number,
    walker: string,
    now: Date,
    staleBefore: Date,
  ): Promise<{ ok: boolean; previous: unknown }> {
    const rows = await this.sql.query<{ backfill: Record<string, unknown> | null }>(
      `WITH before AS (SELECT backfill FROM "Source" WHERE id = $1::int FOR UPDATE)
       UPDATE "Source" s
       SET backfill = COALESCE(s.backfill, '{}'::jsonb) || jsonb_build_object('walking', true, 'walker', $2::text, 'updatedAt', $3::text)
       FROM before
       WHERE s.id = $1::int
         AND (s.backfill IS NULL OR jsonb_typeof(s.backfill) <> 'object'
              OR COALESCE(s.backfill->>'walking', 'false') <> 'true'
              OR COALESCE(s.backfill->>'updatedAt', '') < $4::text)
       RETURNING before.backfill`,
      [id, walker, now.toISOString(), staleBefore.toISOString()],
    );
    if (rows.length === 0) return { ok: false, previous: null };
    const before = rows[0]!.backfill;
    return {
      ok: true,
      previous: before && typeof before === "object" && "nextUrl" in before ? before : null,
    };
  }

  /** Gives the backfill lease back (only this walker's). */
  async releaseBackfill(id: number, walker: string): Promise<void> {
    await this.sql.query(
      `UPDATE "Source" SET backfill = backfill || '{"walking": false}'::jsonb
       WHERE id = $1::int AND backfill->>'walker' = $2::text`,
      [id, walker],
    );
  }

  /** Sources whose archive walk was started and not finished (a restart resumes them). */
  async unfinishedBackfills(): Promise<{ id: number; backfill: unknown }[]> {
    const rows = await this.prisma.source.findMany({
      where: { backfill: { not: PrismaNamespace.DbNull } },
      select: { id: true, backfill: true },
    });
    return rows.filter((r) => {
      const b = r.backfill as { done?: boolean } | null;
      return b !== null && typeof b === "object" && b.done === false;
    });
  }
}
