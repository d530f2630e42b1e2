// Reads stored items for the matcher and records which matcher (and agenda) last matched them.
// Items themselves are written by the poll pipeline; this module only reads them and stamps
// `matchedWith`/`matchedAt`, with plain SQL so the stamp does not bump the item's `updatedAt`
// (which means "the content changed").
import type { RawSql } from "../infra/database.js";
import type { Prisma } from "../infra/database.js";
import { epochMs } from "../infra/sql-params.js";

export interface MatchableItem {
  id: number;
  sourceId: number;
  url: string;
  title: string | null;
  summary: string | null;
  content: string | null;
  language: string | null;
  /** Its source's voice: official items need not name the agenda's country. */
  voice: string;
  publishedAt: Date | null;
  matchedWith: string | null;
  matchedAt: Date | null;
}

const select = {
  id: true,
  sourceId: true,
  url: true,
  title: true,
  summary: true,
  content: true,
  language: true,
  publishedAt: true,
  matchedWith: true,
  matchedAt: true,
  source: { select: { voice: true } },
} as const;

export class MatchItemRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly raw: RawSql,
  ) {}

  /** Plain SQL: a batch of polls matches thousands of items at once, and Prisma's mapping costs more than the query. */
  async byIds(ids: number[]): Promise<MatchableItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.raw.query<{
      id: number;
      sourceId: number;
      url: string;
      title: string | null;
      summary: string | null;
      content: string | null;
      language: string | null;
      voice: string;
      publishedMs: number | null;
      matchedWith: string | null;
      matchedMs: number | null;
    }>(
      `SELECT i.id, i."sourceId", i.url, i.title, i.summary, i.content, i.language, s.voice,
              ${epochMs(`i."publishedAt"`)} AS "publishedMs",
              i."matchedWith", ${epochMs(`i."matchedAt"`)} AS "matchedMs"
       FROM "Item" i JOIN "Source" s ON s.id = i."sourceId" WHERE i.id = ANY($1::int[]) ORDER BY i.id`,
      [ids],
    );
    const time = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
    return rows.map((r) => ({
      id: Number(r.id),
      sourceId: Number(r.sourceId),
      url: r.url,
      title: r.title,
      summary: r.summary,
      content: r.content,
      language: r.language,
      voice: r.voice,
      publishedAt: time(r.publishedMs),
      matchedWith: r.matchedWith,
      matchedAt: time(r.matchedMs),
    }));
  }

  /** The next page of items in id order (a cursor walk: stable while new items arrive). */
  async page(afterId: number, limit: number): Promise<MatchableItem[]> {
    const rows = await this.prisma.item.findMany({
      where: { id: { gt: afterId } },
      select,
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map(({ source, ...item }) => ({ ...item, voice: source.voice }));
  }

  async count(): Promise<number> {
    return this.prisma.item.count();
  }

  async markMatched(ids: number[], matchedWith: string, at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.raw.query(`UPDATE "Item" SET "matchedWith" = $1, "matchedAt" = $2 WHERE id = ANY($3::int[])`, [
      matchedWith,
      at.toISOString(),
      ids,
    ]);
  }
}
