// What is new, read for digests, alerts and the Atom feed: evidence with its item, source and
// milestone; status changes with the evidence that caused them; source health. Returns the plain
// shapes of domain/digest/model.ts. Rejected and superseded evidence is never news.
import type {
  EvidenceEntry,
  SourceHealth,
  SourceProblem,
  StatusChangeEntry,
} from "../domain/digest/model.js";
import type { Prisma as PrismaTypes } from "../generated/prisma/client.js";
import type { Prisma } from "../infra/database.js";

export interface EvidenceQuery {
  /** Only ids above this (the watermark). */
  afterId?: number;
  /** Only ids up to this (the snapshot a digest was built from). */
  upToId?: number;
  ids?: number[];
  /** Area slugs; empty or absent means all areas. */
  areaSlugs?: string[];
  /** Recorded at or after. */
  recordedSince?: Date;
  /** The item published (else first seen) at or after. */
  itemSince?: Date;
  progressOnly?: boolean;
  /** Newest first when limited (the feed); agenda order otherwise. */
  limit?: number;
}

const EVIDENCE_INCLUDE = {
  item: {
    select: {
      title: true,
      url: true,
      publishedAt: true,
      firstSeenAt: true,
      source: { select: { name: true } },
    },
  },
  milestone: {
    select: {
      slug: true,
      title: true,
      position: true,
      area: { select: { slug: true, title: true, position: true } },
    },
  },
} as const;

type EvidenceWithJoins = PrismaTypes.EvidenceGetPayload<{ include: typeof EVIDENCE_INCLUDE }>;

function toEntry(r: EvidenceWithJoins): EvidenceEntry {
  return {
    id: r.id,
    areaSlug: r.milestone.area.slug,
    areaTitle: r.milestone.area.title,
    milestoneSlug: r.milestone.slug,
    milestoneTitle: r.milestone.title,
    itemTitle: r.item.title,
    itemUrl: r.item.url,
    sourceName: r.item.source.name,
    itemDate: r.item.publishedAt ?? r.item.firstSeenAt,
    recordedAt: r.createdAt,
    quote: r.quote,
    progress: r.progress,
    score: r.score,
    review: r.review,
  };
}

export class NewsRepository {
  constructor(private readonly prisma: Prisma) {}

  /** The highest evidence id now: a digest's snapshot and its subscriber's next watermark. */
  async maxEvidenceId(): Promise<number> {
    const r = await this.prisma.evidence.aggregate({ _max: { id: true } });
    return r._max.id ?? 0;
  }

  async evidence(q: EvidenceQuery): Promise<EvidenceEntry[]> {
    const where: PrismaTypes.EvidenceWhereInput = {
      superseded: false,
      review: { not: "rejected" },
      ...(q.progressOnly ? { progress: true } : {}),
      ...(q.ids ? { id: { in: q.ids } } : {}),
      ...(q.afterId !== undefined || q.upToId !== undefined
        ? {
            AND: [
              { id: { gt: q.afterId ?? 0 } },
              ...(q.upToId !== undefined ? [{ id: { lte: q.upToId } }] : []),
            ],
          }
        : {}),
      ...(q.recordedSince ? { createdAt: { gte: q.recordedSince } } : {}),
      ...(q.areaSlugs && q.areaSlugs.length > 0
        ? { milestone: { area: { slug: { in: q.areaSlugs } } } }
        : {}),
      ...(q.itemSince
        ? {
            item: {
              OR: [
                { publishedAt: { gte: q.itemSince } },
                { publishedAt: null, firstSeenAt: { gte: q.itemSince } },
              ],
            },
          }
        : {}),
    };
    const rows = await this.prisma.evidence.findMany({
      where,
      include: EVIDENCE_INCLUDE,
      orderBy: { id: "desc" },
      ...(q.limit ? { take: q.limit } : {}),
    });
    if (q.limit) return rows.map(toEntry);
    // Agenda order: area, milestone, then the newest item first.
    rows.sort(
      (a, b) =>
        a.milestone.area.position - b.milestone.area.position ||
        a.milestone.position - b.milestone.position ||
        (b.item.publishedAt ?? b.item.firstSeenAt).getTime() -
          (a.item.publishedAt ?? a.item.firstSeenAt).getTime() ||
        b.id - a.id,
    );
    return rows.map(toEntry);
  }

  /** Status changes recorded in [since, until) that are not undone, oldest first (newest first when limited). */
  async statusChanges(q: {
    since?: Date;
    until?: Date;
    areaSlugs?: string[];
    limit?: number;
  }): Promise<StatusChangeEntry[]> {
    const rows = await this.prisma.milestoneStatusChange.findMany({
      where: {
        undoneAt: null,
        createdAt: { ...(q.since ? { gte: q.since } : {}), ...(q.until ? { lt: q.until } : {}) },
        ...(q.areaSlugs && q.areaSlugs.length > 0
          ? { milestone: { area: { slug: { in: q.areaSlugs } } } }
          : {}),
      },
      include: {
        milestone: { select: { slug: true, title: true, area: { select: { slug: true, title: true } } } },
      },
      orderBy: q.limit ? [{ createdAt: "desc" }, { id: "desc" }] : [{ createdAt: "asc" }, { id: "asc" }],
      ...(q.limit ? { take: q.limit } : {}),
    });
    const evidenceIds = [...new Set(rows.flatMap((r) => r.evidenceIds))];
    const evidence = evidenceIds.length
      ? await this.prisma.evidence.findMany({
          where: { id: { in: evidenceIds } },
          select: {
            id: true,
            item: {
              select: {
                title: true,
                url: true,
                publishedAt: true,
                firstSeenAt: true,
                source: { select: { name: true } },
              },
            },
          },
        })
      : [];
    const byId = new Map(evidence.map((e) => [e.id, e.item]));
    return rows.map((r) => ({
      id: r.id,
      areaSlug: r.milestone.area.slug,
      areaTitle: r.milestone.area.title,
      milestoneSlug: r.milestone.slug,
      milestoneTitle: r.milestone.title,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      reason: r.reason,
      cause: r.cause,
      at: r.createdAt,
      evidence: r.evidenceIds.flatMap((id) => {
        const item = byId.get(id);
        return item
          ? [
              {
                title: item.title,
                url: item.url,
                sourceName: item.source.name,
                date: item.publishedAt ?? item.firstSeenAt,
              },
            ]
          : [];
      }),
    }));
  }

  /** The name of the source a poll checked, or null. */
  async pollSourceName(pollId: number): Promise<string | null> {
    const poll = await this.prisma.poll.findUnique({
      where: { id: pollId },
      select: { source: { select: { name: true } } },
    });
    return poll?.source.name ?? null;
  }

  /** Sources that are failing, blocked or stale (paused ones are the user's choice, not a problem). */
  async sourceHealth(): Promise<SourceHealth> {
    const [total, rows] = await Promise.all([
      this.prisma.source.count({ where: { paused: false } }),
      this.prisma.source.findMany({
        where: { paused: false, state: { in: ["failing", "blocked", "stale"] } },
        orderBy: [{ state: "asc" }, { name: "asc" }],
        select: {
          name: true,
          url: true,
          state: true,
          lastError: true,
          consecutiveFailures: true,
          lastSuccessAt: true,
        },
      }),
    ]);
    const problems: SourceProblem[] = rows.map((r) => ({
      name: r.name,
      url: r.url,
      state: r.state,
      message: errorWords(r.lastError),
      consecutiveFailures: r.consecutiveFailures,
      lastSuccessAt: r.lastSuccessAt,
    }));
    return { total, problems };
  }
}

function errorWords(lastError: unknown): string | null {
  if (!lastError || typeof lastError !== "object") return typeof lastError === "string" ? lastError : null;
  const e = lastError as { kind?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : null;
  const kind = typeof e.kind === "string" ? e.kind : null;
  if (message && kind && !message.toLowerCase().includes(kind.toLowerCase())) return `${kind}: ${message}`;
  return message ?? kind;
}
