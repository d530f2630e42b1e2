// Evidence as the dashboard shows it: the quote, the item it came from (title, link, source,
// date) and its review state. Read-only; the ledger owns writing evidence.
import type { Prisma, RawSql } from "../infra/database.js";
import { epochMs } from "../infra/sql-params.js";

export interface EvidenceView {
  id: number;
  milestoneId: number;
  quote: string | null;
  progress: boolean;
  /** step | instruction | discussion */
  nature: string;
  deadline: string | null;
  score: number;
  terms: string[];
  review: string;
  reviewNote: string | null;
  reviewedAt: string | null;
  superseded: boolean;
  createdAt: string;
  item: {
    id: number;
    title: string | null;
    url: string;
    publishedAt: string | null;
    firstSeenAt: string;
    language: string | null;
  };
  source: { id: number; name: string };
}

type LatestRow = {
  id: number;
  milestoneId: number;
  quote: string | null;
  progress: boolean;
  nature: string;
  deadline: string | null;
  score: number;
  terms: string[];
  review: string;
  reviewNote: string | null;
  superseded: boolean;
  reviewedAtMs: number | null;
  createdAtMs: number;
  itemId: number;
  title: string | null;
  url: string;
  language: string | null;
  publishedAtMs: number | null;
  firstSeenAtMs: number;
  sourceId: number;
  sourceName: string;
};

const isoOf = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function latestView(r: LatestRow): EvidenceView {
  return {
    id: Number(r.id),
    milestoneId: Number(r.milestoneId),
    quote: r.quote,
    progress: r.progress,
    nature: r.nature,
    deadline: r.deadline,
    score: Number(r.score),
    terms: r.terms,
    review: r.review,
    reviewNote: r.reviewNote,
    reviewedAt: isoOf(r.reviewedAtMs),
    superseded: r.superseded,
    createdAt: isoOf(r.createdAtMs)!,
    item: {
      id: Number(r.itemId),
      title: r.title,
      url: r.url,
      publishedAt: isoOf(r.publishedAtMs),
      firstSeenAt: isoOf(r.firstSeenAtMs)!,
      language: r.language,
    },
    source: { id: Number(r.sourceId), name: r.sourceName },
  };
}

/** The date a piece of evidence speaks of: when its item was published, else first seen. */
export function evidenceDate(e: EvidenceView): string {
  return e.item.publishedAt ?? e.item.firstSeenAt;
}

export class EvidenceViewRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly raw: RawSql,
  ) {}

  /** The newest live (not rejected, not superseded) evidence of each milestone, by its item's date. */
  async latestPerMilestone(milestoneIds: number[]): Promise<Map<number, EvidenceView>> {
    if (milestoneIds.length === 0) return new Map();
    // One statement for every milestone: the overview is rebuilt after each change of the data.
    const rows = await this.raw.query<LatestRow>(
      `SELECT DISTINCT ON (e."milestoneId")
              e.id, e."milestoneId", e.quote, e.progress, e.nature, e.deadline, e.score, e.terms, e.review,
              e."reviewNote", e.superseded,
              ${epochMs(`e."reviewedAt"`)} AS "reviewedAtMs", ${epochMs(`e."createdAt"`)} AS "createdAtMs",
              i.id AS "itemId", i.title, i.url, i.language,
              ${epochMs(`i."publishedAt"`)} AS "publishedAtMs", ${epochMs(`i."firstSeenAt"`)} AS "firstSeenAtMs",
              s.id AS "sourceId", s.name AS "sourceName"
       FROM "Evidence" e JOIN "Item" i ON i.id = e."itemId" JOIN "Source" s ON s.id = i."sourceId"
       WHERE e."milestoneId" = ANY($1::int[]) AND NOT e.superseded AND e.review <> 'rejected'
       ORDER BY e."milestoneId", i."publishedAt" DESC NULLS LAST, e."createdAt" DESC, e.id DESC`,
      [milestoneIds],
    );
    return new Map(rows.map((r) => [Number(r.milestoneId), latestView(r)]));
  }

  /** Evidence recorded since a time (what changed this week): how much, and when the oldest was. */
  async countSince(since: Date): Promise<{ count: number; oldest: Date | null }> {
    const found = await this.prisma.evidence.aggregate({
      where: { createdAt: { gte: since }, superseded: false, review: { not: "rejected" } },
      _count: { _all: true },
      _min: { createdAt: true },
    });
    return { count: found._count._all, oldest: found._min.createdAt };
  }
}
