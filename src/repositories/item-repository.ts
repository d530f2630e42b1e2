// Reading stored items: which keys are already known, each source's recent item times (its
// cadence), counts for health, and items with their revisions. Writing items happens with the
// poll that brought them (poll-repository.ts), so a poll's items and its record are one statement.
import type { StoredItemState } from "../domain/item-ingest.js";
import type { Prisma, RawSql } from "../infra/database.js";
import { epochMs } from "../infra/sql-params.js";

export interface ItemCounts {
  total: number;
  last7Days: number;
  last30Days: number;
}

export class ItemRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: RawSql,
  ) {}

  /**
   * The stored state of the items with these keys (any source), for planning a store: hash,
   * title, summary, and the content only for `withContent` keys (it can be long).
   */
  async findForIngest(keys: string[], withContent: string[]): Promise<Map<string, StoredItemState>> {
    const out = new Map<string, StoredItemState>();
    if (keys.length === 0) return out;
    const rows = await this.sql.query<{
      id: number;
      sourceId: number;
      dedupKey: string;
      contentHash: string;
      title: string | null;
      summary: string | null;
      content: string | null;
    }>(
      `SELECT id, "sourceId", "dedupKey", "contentHash", title, summary,
              CASE WHEN "dedupKey" = ANY($2::text[]) THEN content END AS content
       FROM "Item" WHERE "dedupKey" = ANY($1::text[])`,
      [keys, withContent],
    );
    const wanted = new Set(withContent);
    for (const r of rows) {
      const state: StoredItemState = {
        id: Number(r.id),
        sourceId: Number(r.sourceId),
        contentHash: r.contentHash,
        title: r.title,
        summary: r.summary,
      };
      if (wanted.has(r.dedupKey)) state.content = r.content;
      out.set(r.dedupKey, state);
    }
    return out;
  }

  /**
   * A source's most recently seen `limit` items (by first-seen time, through the index) with their
   * published time, else first-seen time: what its usual cadence is judged on. Bounded however
   * many items the source has.
   */
  async recentItemTimes(sourceId: number, limit = 20): Promise<{ dedupKey: string; at: Date }[]> {
    const rows = await this.sql.query<{ dedupKey: string; ms: number }>(
      `SELECT "dedupKey", ${epochMs(`COALESCE("publishedAt", "firstSeenAt")`)} AS ms
       FROM "Item" WHERE "sourceId" = $1::int ORDER BY "firstSeenAt" DESC, id DESC LIMIT $2::int`,
      [sourceId, limit],
    );
    return rows.map((r) => ({ dedupKey: r.dedupKey, at: new Date(Number(r.ms)) }));
  }

  /** Items per source: all, and those published (else first seen) in the last 7 and 30 days. */
  async countsBySource(now: Date, sourceIds?: number[]): Promise<Map<number, ItemCounts>> {
    const day = 86_400_000;
    const params: unknown[] = [
      new Date(now.getTime() - 7 * day).toISOString(),
      new Date(now.getTime() - 30 * day).toISOString(),
    ];
    let where = "";
    if (sourceIds) {
      params.push(sourceIds);
      where = `WHERE "sourceId" = ANY($3::int[])`;
    }
    const rows = await this.sql.query<{
      sourceId: number;
      total: string | number;
      d7: string | number;
      d30: string | number;
    }>(
      `SELECT "sourceId", count(*) AS total,
              count(*) FILTER (WHERE COALESCE("publishedAt", "firstSeenAt") >= $1::timestamp(3)) AS d7,
              count(*) FILTER (WHERE COALESCE("publishedAt", "firstSeenAt") >= $2::timestamp(3)) AS d30
       FROM "Item" ${where} GROUP BY "sourceId"`,
      params,
    );
    const out = new Map<number, ItemCounts>();
    for (const r of rows) {
      out.set(Number(r.sourceId), {
        total: Number(r.total),
        last7Days: Number(r.d7),
        last30Days: Number(r.d30),
      });
    }
    return out;
  }

  async listBySource(sourceId: number, limit = 50) {
    return this.prisma.item.findMany({ where: { sourceId }, orderBy: [{ id: "asc" }], take: limit });
  }

  async findByIds(ids: number[]) {
    return this.prisma.item.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
  }

  async findByDedupKey(dedupKey: string) {
    return this.prisma.item.findUnique({ where: { dedupKey } });
  }

  async revisions(itemId: number) {
    return this.prisma.itemRevision.findMany({ where: { itemId }, orderBy: { id: "asc" } });
  }

  async count(where: { sourceId?: number } = {}): Promise<number> {
    return this.prisma.item.count({ where });
  }
}
