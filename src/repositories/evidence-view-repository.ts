// Evidence as the dashboard shows it: the quote, the item it came from (title, link, source,
// date) and its review state. Read-only; the ledger owns writing evidence.
import type { Prisma } from "./database.js";

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
  item: { id: number; title: string | null; url: string; publishedAt: string | null; firstSeenAt: string; language: string | null };
  source: { id: number; name: string };
}

const include = {
  item: {
    select: {
      id: true,
      title: true,
      url: true,
      publishedAt: true,
      firstSeenAt: true,
      language: true,
      source: { select: { id: true, name: true } },
    },
  },
} as const;

type Row = {
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
  reviewedAt: Date | null;
  superseded: boolean;
  createdAt: Date;
  item: {
    id: number;
    title: string | null;
    url: string;
    publishedAt: Date | null;
    firstSeenAt: Date;
    language: string | null;
    source: { id: number; name: string };
  };
};

function toView(r: Row): EvidenceView {
  const { source, ...item } = r.item;
  return {
    id: r.id,
    milestoneId: r.milestoneId,
    quote: r.quote,
    progress: r.progress,
    nature: r.nature,
    deadline: r.deadline,
    score: r.score,
    terms: r.terms,
    review: r.review,
    reviewNote: r.reviewNote,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    superseded: r.superseded,
    createdAt: r.createdAt.toISOString(),
    item: {
      ...item,
      publishedAt: item.publishedAt?.toISOString() ?? null,
      firstSeenAt: item.firstSeenAt.toISOString(),
    },
    source,
  };
}

/** The date a piece of evidence speaks of: when its item was published, else first seen. */
export function evidenceDate(e: EvidenceView): string {
  return e.item.publishedAt ?? e.item.firstSeenAt;
}

export class EvidenceViewRepository {
  constructor(private readonly prisma: Prisma) {}

  /** The newest live (not rejected, not superseded) evidence of each milestone. */
  async latestPerMilestone(milestoneIds: number[]): Promise<Map<number, EvidenceView>> {
    if (milestoneIds.length === 0) return new Map();
    // One small query per milestone keeps "newest by item date" exact on both databases.
    const rows = await Promise.all(
      milestoneIds.map((milestoneId) =>
        this.prisma.evidence.findFirst({
          where: { milestoneId, superseded: false, review: { not: "rejected" } },
          orderBy: [{ item: { publishedAt: { sort: "desc", nulls: "last" } } }, { createdAt: "desc" }],
          include,
        }),
      ),
    );
    const out = new Map<number, EvidenceView>();
    for (const r of rows) if (r) out.set(r.milestoneId, toView(r));
    return out;
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
