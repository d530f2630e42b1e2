// Finding stored items for the dashboard and `GET /api/items`: full-text search in English and
// Russian plus filters, each item with the milestones it matched and why.
// Search rules, in order: Postgres full text with the `english` and `russian` Snowball configs
// (so "approved" finds "approves" and "указы" finds "указ"), then the `simple` config (exact
// words in any language), then a plain substring (ILIKE) so that names, numbers and fragments
// such as "GigaCh" still find something. All of it runs the same on PGlite and PostgreSQL.
import type { Database } from "./database.js";

export interface ItemSearchFilters {
  q?: string;
  area?: string;
  sourceId?: number;
  /** true: items reporting progress on a milestone; false: matched items that report none. */
  progress?: boolean;
  /** Published (or, without a date, first seen) on or after. */
  since?: Date;
  until?: Date;
  limit: number;
  offset: number;
}

export interface ItemMatch {
  evidenceId: number;
  milestone: { slug: string; title: string; areaSlug: string };
  progress: boolean;
  score: number;
  terms: string[];
  quote: string | null;
  review: string;
}

export interface FoundItem {
  id: number;
  title: string | null;
  url: string;
  summary: string | null;
  language: string | null;
  publishedAt: string | null;
  firstSeenAt: string;
  source: { id: number; name: string };
  matches: ItemMatch[];
}

export interface ItemSearchResult {
  total: number;
  items: FoundItem[];
}

const DOC = `coalesce(i.title, '') || ' ' || coalesce(i.summary, '') || ' ' || coalesce(i.content, '')`;
const LIVE_EVIDENCE = `e.review <> 'rejected' AND NOT e.superseded`;

export class ItemSearchRepository {
  constructor(private readonly db: Database) {}

  async search(f: ItemSearchFilters): Promise<ItemSearchResult> {
    const q = f.q?.trim() ? f.q.trim() : null;
    const params: unknown[] = [
      f.sourceId ?? null,
      f.since ? f.since.toISOString() : null,
      f.until ? f.until.toISOString() : null,
      f.area ?? null,
      f.progress ?? null,
      q,
      q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null,
    ];
    const where = `
      WHERE ($1::int IS NULL OR i."sourceId" = $1::int)
        AND ($2::timestamp IS NULL OR coalesce(i."publishedAt", i."firstSeenAt") >= $2::timestamp)
        AND ($3::timestamp IS NULL OR coalesce(i."publishedAt", i."firstSeenAt") < $3::timestamp)
        AND ($4::text IS NULL OR EXISTS (
              SELECT 1 FROM "Evidence" e JOIN "Milestone" m ON m.id = e."milestoneId" JOIN "Area" a ON a.id = m."areaId"
              WHERE e."itemId" = i.id AND a.slug = $4::text AND ${LIVE_EVIDENCE}))
        AND ($5::boolean IS NULL
             OR ($5::boolean AND EXISTS (SELECT 1 FROM "Evidence" e WHERE e."itemId" = i.id AND e.progress AND ${LIVE_EVIDENCE}))
             OR (NOT $5::boolean AND EXISTS (SELECT 1 FROM "Evidence" e WHERE e."itemId" = i.id AND ${LIVE_EVIDENCE})
                 AND NOT EXISTS (SELECT 1 FROM "Evidence" e WHERE e."itemId" = i.id AND e.progress AND ${LIVE_EVIDENCE})))
        AND ($6::text IS NULL
             OR to_tsvector('english', ${DOC}) @@ websearch_to_tsquery('english', $6::text)
             OR to_tsvector('russian', ${DOC}) @@ websearch_to_tsquery('russian', $6::text)
             OR to_tsvector('simple', ${DOC}) @@ websearch_to_tsquery('simple', $6::text)
             OR ${DOC} ILIKE $7::text)`;
    const [countRow] = await this.db.raw.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM "Item" i ${where}`,
      params,
    );
    const idRows = await this.db.raw.query<{ id: number }>(
      `SELECT i.id FROM "Item" i ${where}
       ORDER BY coalesce(i."publishedAt", i."firstSeenAt") DESC, i.id DESC
       LIMIT $8::int OFFSET $9::int`,
      [...params, f.limit, f.offset],
    );
    const ids = idRows.map((r) => Number(r.id));
    return { total: Number(countRow?.n ?? 0), items: await this.load(ids) };
  }

  /** Items by id, in the given order, with source and live evidence. */
  async load(ids: number[]): Promise<FoundItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.prisma.item.findMany({
      where: { id: { in: ids } },
      include: {
        source: { select: { id: true, name: true } },
        evidence: {
          where: { superseded: false, review: { not: "rejected" } },
          orderBy: { score: "desc" },
          include: { milestone: { select: { slug: true, title: true, area: { select: { slug: true } } } } },
        },
      },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        {
          id: r.id,
          title: r.title,
          url: r.url,
          summary: r.summary,
          language: r.language,
          publishedAt: r.publishedAt?.toISOString() ?? null,
          firstSeenAt: r.firstSeenAt.toISOString(),
          source: r.source,
          matches: r.evidence.map((e) => ({
            evidenceId: e.id,
            milestone: { slug: e.milestone.slug, title: e.milestone.title, areaSlug: e.milestone.area.slug },
            progress: e.progress,
            nature: e.nature,
            score: e.score,
            terms: e.terms,
            quote: e.quote,
            review: e.review,
          })),
        },
      ];
    });
  }

  /** Sources for the filter list. */
  async sourceChoices(): Promise<{ id: number; name: string }[]> {
    return this.db.prisma.source.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  }
}
