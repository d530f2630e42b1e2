// Finding stored items for the dashboard and `GET /api/items`: full-text search in English and
// Russian plus filters, each item with the milestones it matched and why.
// Search rules, in order: Postgres full text with the `english` and `russian` Snowball configs
// (so "approved" finds "approves" and "указы" finds "указ"), then the `simple` config (exact
// words in any language), then a plain substring (ILIKE) so that names, numbers and fragments
// such as "GigaCh" still find something. All of it runs the same on PGlite and PostgreSQL.
import type { CategorizedError } from "../domain/error-category.js";
import type { Database, RawSql } from "../infra/database.js";

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

/** Every filter but the text: cheap, so the text is read only for the items they keep. */
const FILTERS = `
  ($1::int IS NULL OR i."sourceId" = $1::int)
  AND ($2::timestamp IS NULL OR coalesce(i."publishedAt", i."firstSeenAt") >= $2::timestamp)
  AND ($3::timestamp IS NULL OR coalesce(i."publishedAt", i."firstSeenAt") < $3::timestamp)
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM "Evidence" e JOIN "Milestone" m ON m.id = e."milestoneId" JOIN "Area" a ON a.id = m."areaId"
        WHERE e."itemId" = i.id AND a.slug = $4::text AND ${LIVE_EVIDENCE}))
  AND ($5::boolean IS NULL
       OR ($5::boolean AND EXISTS (SELECT 1 FROM "Evidence" e WHERE e."itemId" = i.id AND e.progress AND ${LIVE_EVIDENCE}))
       OR (NOT $5::boolean AND EXISTS (SELECT 1 FROM "Evidence" e WHERE e."itemId" = i.id AND ${LIVE_EVIDENCE})
           AND NOT EXISTS (SELECT 1 FROM "Evidence" e WHERE e."itemId" = i.id AND e.progress AND ${LIVE_EVIDENCE})))`;

/** The text search: stemmed English and Russian, exact words, then a substring. */
const TEXT_MATCH = `
  ($6::text IS NULL
   OR to_tsvector('english', ${DOC}) @@ websearch_to_tsquery('english', $6::text)
   OR to_tsvector('russian', ${DOC}) @@ websearch_to_tsquery('russian', $6::text)
   OR to_tsvector('simple', ${DOC}) @@ websearch_to_tsquery('simple', $6::text)
   OR ${DOC} ILIKE $7::text)`;

const ORDER = `coalesce(i."publishedAt", i."firstSeenAt") DESC, i.id DESC`;

/** What one embedded-database statement of a scan should take, so that other requests wait little. */
const SCAN_STEP_TARGET_MS = 50;

/**
 * Text searches running at once: each may hold a database connection up to SEARCH_TIMEOUT_MS, and
 * the pool's other connections must stay free for everything else the service does.
 */
export const MAX_CONCURRENT_SEARCHES = 4;

/** A search stopped at SEARCH_TIMEOUT_MS, or refused while others run: said in words, never a hang. */
export class SearchTimeoutError extends Error implements CategorizedError {
  readonly category = "timed-out" as const;

  constructor(message: string) {
    super(message);
    this.name = "SearchTimeoutError";
  }

  static ranOut(timeoutMs: number): SearchTimeoutError {
    return new SearchTimeoutError(
      `The search took longer than ${timeoutMs / 1000} s (SEARCH_TIMEOUT_MS) and was stopped. ` +
        "Narrow it: more words, an area, a source or a date range.",
    );
  }

  static busy(): SearchTimeoutError {
    return new SearchTimeoutError(
      `${MAX_CONCURRENT_SEARCHES} searches are running already; try again in a moment.`,
    );
  }
}

export class ItemSearchRepository {
  private running = 0;

  /** `timeoutMs`: how long one search may run (SEARCH_TIMEOUT_MS). */
  constructor(
    private readonly db: Database,
    private readonly timeoutMs: number = 5_000,
  ) {}

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
    if (!q) return this.found(await this.searchAtOnce(this.db.raw, params, f));
    if (this.running >= MAX_CONCURRENT_SEARCHES) throw SearchTimeoutError.busy();
    this.running++;
    try {
      // PostgreSQL stops a statement at the time bound; the embedded database cannot, so it reads in steps.
      return this.found(
        this.db.kind === "postgres"
          ? await this.searchWithTimeout(params, f)
          : await this.searchInSteps(params, f),
      );
    } finally {
      this.running--;
    }
  }

  private async found(page: { total: number; ids: number[] }): Promise<ItemSearchResult> {
    return { total: page.total, items: await this.load(page.ids) };
  }

  /** The count and one page of ids, in two statements. */
  private async searchAtOnce(
    sql: RawSql,
    params: unknown[],
    f: ItemSearchFilters,
  ): Promise<{ total: number; ids: number[] }> {
    const where = `WHERE ${FILTERS} AND ${TEXT_MATCH}`;
    const [countRow] = await sql.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM "Item" i ${where}`,
      params,
    );
    const idRows = await sql.query<{ id: number }>(
      `SELECT i.id FROM "Item" i ${where} ORDER BY ${ORDER} LIMIT $8::int OFFSET $9::int`,
      [...params, f.limit, f.offset],
    );
    return { total: Number(countRow?.n ?? 0), ids: idRows.map((r) => Number(r.id)) };
  }

  /** PostgreSQL: the statements run in a transaction that the server stops at the time bound. */
  private async searchWithTimeout(params: unknown[], f: ItemSearchFilters) {
    try {
      return await this.db.raw.session(async (conn) => {
        await conn.exec("BEGIN READ ONLY");
        try {
          await conn.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(this.timeoutMs))}`);
          const found = await this.searchAtOnce(conn, params, f);
          await conn.exec("COMMIT");
          return found;
        } catch (err) {
          await conn.exec("ROLLBACK").catch(() => {});
          throw err;
        }
      });
    } catch (err) {
      // 57014: query_canceled, which is what statement_timeout raises.
      if ((err as { code?: string }).code === "57014") throw SearchTimeoutError.ranOut(this.timeoutMs);
      throw err;
    }
  }

  /**
   * The embedded database runs each statement on this thread and cannot stop one midway: the text
   * is searched in steps of items by id, each short, letting other requests in between and
   * stopping at the time bound; the matches are then ordered here.
   */
  private async searchInSteps(
    params: unknown[],
    f: ItemSearchFilters,
  ): Promise<{ total: number; ids: number[] }> {
    const deadline = performance.now() + this.timeoutMs;
    const hits: { id: number; at: number }[] = [];
    let after = 0;
    // Small at first: an item's text may be long, and the steps grow while they stay quick.
    let step = 16;
    for (;;) {
      const started = performance.now();
      const rows = await this.db.raw.query<{ id: number; at: Date | string; hit: boolean }>(
        `SELECT i.id, coalesce(i."publishedAt", i."firstSeenAt") AS at, ${TEXT_MATCH} AS hit
         FROM "Item" i WHERE i.id > $8::int AND ${FILTERS} ORDER BY i.id LIMIT $9::int`,
        [...params, after, step],
      );
      for (const r of rows) if (r.hit) hits.push({ id: Number(r.id), at: new Date(r.at).getTime() });
      if (rows.length < step) break;
      after = Number(rows.at(-1)!.id);
      if (performance.now() > deadline) throw SearchTimeoutError.ranOut(this.timeoutMs);
      const took = performance.now() - started;
      if (took > SCAN_STEP_TARGET_MS) step = Math.max(8, step >> 1);
      else if (took < SCAN_STEP_TARGET_MS / 4) step = Math.min(8_192, step * 2);
      await new Promise((resolve) => setImmediate(resolve));
    }
    hits.sort((a, b) => b.at - a.at || b.id - a.id);
    return { total: hits.length, ids: hits.slice(f.offset, f.offset + f.limit).map((h) => h.id) };
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
