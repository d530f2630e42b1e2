// The evidence ledger: one row per (item, milestone) the matcher linked, with its score, progress
// flag, quoted sentence, terms and matcher version, and the analyst's review of it.
// Rules when an item is matched again:
//   - a match produced again updates the row in place (score, quote, terms, version) and keeps
//     its review: an analyst's confirm or reject survives any number of re-matches;
//   - a match no longer produced is marked `superseded`, never deleted (history, and a review
//     made on it, stay readable); produced again later, it is revived;
//   - a confirmed row is never superseded: the analyst's judgement outranks a matcher change;
//   - nothing is written when nothing differs, so matching the same items twice changes nothing.
// Also stores the negative patterns learned from rejections.
import type { Evidence, NegativePattern, Prisma as PrismaNamespace } from "../generated/prisma/client.js";
import type { Prisma } from "../infra/database.js";

export type Review = "pending" | "confirmed" | "rejected";

/** What the matcher produced for one milestone of one item. */
export interface EvidenceDraft {
  milestoneId: number;
  score: number;
  progress: boolean;
  /** step | instruction | discussion */
  nature: string;
  /** An instruction's deadline (YYYY-MM-DD), when its text gives one. */
  deadline: string | null;
  quote: string | null;
  terms: string[];
}

export interface ItemMatches {
  itemId: number;
  /** One per milestone (the matching service keeps the strongest). */
  drafts: EvidenceDraft[];
}

export interface ApplyResult {
  created: number[];
  updated: number[];
  superseded: number[];
  /** Superseded rows produced again. */
  revived: number[];
  /** Rows that became live progress evidence in this run (created, revived or turned progress), not rejected. */
  newProgress: number[];
  /** The item of each `newProgress` row (evidence id → item id): alerts are per poll, hence per item. */
  newProgressItem: Map<number, number>;
  /**
   * Rows that became live evidence in this run (created, or revived and not rejected), and the
   * `newProgress` rows: what a channel that wants every match announces. Ascending.
   */
  newMatches: number[];
  /** The item of each `newMatches` row. */
  newMatchItem: Map<number, number>;
  /** Items whose evidence changed at all. */
  changedItemIds: number[];
}

export type EvidenceRow = Evidence;

export interface EvidenceEntry extends EvidenceRow {
  milestoneSlug: string;
  milestoneTitle: string;
  areaSlug: string;
  item: {
    id: number;
    title: string | null;
    url: string;
    language: string | null;
    publishedAt: Date | null;
    firstSeenAt: Date;
    source: { id: number; name: string };
  };
}

export interface EvidenceFilter {
  milestone?: string;
  area?: string;
  /** Only unreviewed, live evidence. */
  pending?: boolean;
  review?: Review;
  /** Recorded at or after. */
  since?: Date;
  /** Ids above this (a digest watermark). */
  afterId?: number;
  itemIds?: number[];
  includeSuperseded?: boolean;
  progressOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface NegativePatternInput {
  sourceId: number | null;
  milestoneId: number | null;
  terms: string[];
  fromEvidenceId: number | null;
  note: string | null;
}

export interface NegativePatternEntry extends NegativePattern {
  milestoneSlug: string | null;
}

const entryInclude = {
  milestone: { select: { slug: true, title: true, area: { select: { slug: true } } } },
  item: {
    select: {
      id: true,
      title: true,
      url: true,
      language: true,
      publishedAt: true,
      firstSeenAt: true,
      source: { select: { id: true, name: true } },
    },
  },
} as const;

type RowWithJoins = EvidenceRow & {
  milestone: { slug: string; title: string; area: { slug: string } };
  item: EvidenceEntry["item"];
};

function toEntry(r: RowWithJoins): EvidenceEntry {
  const { milestone, ...rest } = r;
  return {
    ...rest,
    milestoneSlug: milestone.slug,
    milestoneTitle: milestone.title,
    areaSlug: milestone.area.slug,
  };
}

/** Records a row that alerts announce: every new match, and among them the progress. */
function noteNewlyLive(result: ApplyResult, id: number, itemId: number, progress: boolean): void {
  result.newMatches.push(id);
  result.newMatchItem.set(id, itemId);
  if (!progress) return;
  result.newProgress.push(id);
  result.newProgressItem.set(id, itemId);
}

function evidenceWhere(filter: EvidenceFilter): PrismaNamespace.EvidenceWhereInput {
  return {
    ...(filter.milestone || filter.area
      ? {
          milestone: {
            ...(filter.milestone ? { slug: filter.milestone } : {}),
            ...(filter.area ? { area: { slug: filter.area } } : {}),
          },
        }
      : {}),
    ...(filter.pending ? { review: "pending" } : filter.review ? { review: filter.review } : {}),
    ...(filter.includeSuperseded && !filter.pending ? {} : { superseded: false }),
    ...(filter.since ? { createdAt: { gte: filter.since } } : {}),
    ...(filter.afterId !== undefined ? { id: { gt: filter.afterId } } : {}),
    ...(filter.itemIds ? { itemId: { in: filter.itemIds } } : {}),
    ...(filter.progressOnly ? { progress: true } : {}),
  };
}

function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export class EvidenceRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Brings the stored evidence of these items in line with what the matcher just produced. */
  async applyMatches(batch: ItemMatches[], matcherVersion: string): Promise<ApplyResult> {
    const result: ApplyResult = {
      created: [],
      updated: [],
      superseded: [],
      revived: [],
      newProgress: [],
      newProgressItem: new Map(),
      newMatches: [],
      newMatchItem: new Map(),
      changedItemIds: [],
    };
    if (batch.length === 0) return result;
    const itemIds = batch.map((b) => b.itemId);
    await this.prisma.$transaction(async (tx) => {
      const existing = await tx.evidence.findMany({ where: { itemId: { in: itemIds } } });
      const byKey = new Map(existing.map((r) => [`${r.itemId}:${r.milestoneId}`, r]));
      const changedItems = new Set<number>();
      const toCreate: (EvidenceDraft & { itemId: number })[] = [];
      const toSupersede: number[] = [];
      for (const { itemId, drafts } of batch) {
        const produced = new Set<number>();
        for (const d of drafts) {
          produced.add(d.milestoneId);
          const row = byKey.get(`${itemId}:${d.milestoneId}`);
          if (!row) {
            toCreate.push({ ...d, itemId });
            continue;
          }
          const differs =
            row.superseded ||
            row.score !== d.score ||
            row.progress !== d.progress ||
            row.nature !== d.nature ||
            row.deadline !== d.deadline ||
            row.quote !== d.quote ||
            row.matcherVersion !== matcherVersion ||
            !sameTerms(row.terms, d.terms);
          if (!differs) continue;
          await tx.evidence.update({
            where: { id: row.id },
            data: {
              score: d.score,
              progress: d.progress,
              nature: d.nature,
              deadline: d.deadline,
              quote: d.quote,
              terms: d.terms,
              matcherVersion,
              superseded: false,
            },
          });
          changedItems.add(itemId);
          if (row.superseded) result.revived.push(row.id);
          else result.updated.push(row.id);
          const turnedProgress = d.progress && (row.superseded || !row.progress);
          if (row.review !== "rejected" && (row.superseded || turnedProgress))
            noteNewlyLive(result, row.id, itemId, turnedProgress);
        }
        for (const row of existing) {
          if (row.itemId !== itemId || produced.has(row.milestoneId)) continue;
          if (row.superseded || row.review === "confirmed") continue;
          toSupersede.push(row.id);
          changedItems.add(itemId);
        }
      }
      if (toSupersede.length) {
        await tx.evidence.updateMany({ where: { id: { in: toSupersede } }, data: { superseded: true } });
        result.superseded.push(...toSupersede);
      }
      if (toCreate.length) {
        // One statement for the whole batch (a poll of a thousand new feeds creates thousands of
        // rows; Prisma's createManyAndReturn costs ten times as much). ON CONFLICT DO NOTHING: a
        // concurrent run (a poll and `match --all`) may have just inserted the same pair.
        const at = new Date().toISOString();
        const rows = await tx.$queryRawUnsafe<{ id: number; itemId: number; progress: boolean }[]>(
          `INSERT INTO "Evidence" ("itemId", "milestoneId", score, progress, nature, deadline, quote, terms,
                                   "matcherVersion", "createdAt", "updatedAt")
           SELECT x."itemId", x."milestoneId", x.score, x.progress, x.nature, x.deadline, x.quote,
                  ARRAY(SELECT jsonb_array_elements_text(x.terms)), $2::text, $3::timestamp(3), $3::timestamp(3)
           FROM jsonb_to_recordset($1::jsonb) AS x("itemId" int, "milestoneId" int, score float8, progress boolean,
                                                   nature text, deadline text, quote text, terms jsonb)
           ON CONFLICT ("itemId", "milestoneId") DO NOTHING
           RETURNING id, "itemId", progress`,
          JSON.stringify(toCreate),
          matcherVersion,
          at,
        );
        for (const r of rows
          .map((x) => ({ ...x, id: Number(x.id), itemId: Number(x.itemId) }))
          .sort((a, b) => a.id - b.id)) {
          result.created.push(r.id);
          changedItems.add(r.itemId);
          noteNewlyLive(result, r.id, r.itemId, r.progress);
        }
      }
      result.changedItemIds = [...changedItems].sort((a, b) => a - b);
    });
    result.newProgress.sort((a, b) => a - b);
    result.newMatches.sort((a, b) => a - b);
    return result;
  }

  async list(filter: EvidenceFilter = {}): Promise<EvidenceEntry[]> {
    const rows = await this.prisma.evidence.findMany({
      where: evidenceWhere(filter),
      include: entryInclude,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: filter.offset,
      take: filter.limit,
    });
    return rows.map(toEntry);
  }

  /** How many rows `list` would give without limit and offset. */
  async count(filter: EvidenceFilter = {}): Promise<number> {
    return this.prisma.evidence.count({ where: evidenceWhere(filter) });
  }

  async find(id: number): Promise<EvidenceEntry | null> {
    const row = await this.prisma.evidence.findUnique({ where: { id }, include: entryInclude });
    return row ? toEntry(row) : null;
  }

  async findMany(ids: number[]): Promise<EvidenceEntry[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.evidence.findMany({
      where: { id: { in: ids } },
      include: entryInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toEntry);
  }

  /** A page of a milestone's rows, superseded ones included, newest step first (milestone detail). */
  async forMilestone(
    milestoneId: number,
    page?: { limit: number; offset: number },
  ): Promise<EvidenceEntry[]> {
    const rows = await this.prisma.evidence.findMany({
      where: { milestoneId },
      include: entryInclude,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: page?.offset,
      take: page?.limit,
    });
    return rows.map(toEntry);
  }

  /** A milestone's rows in all, and the live ones (neither superseded nor rejected). */
  async countForMilestone(milestoneId: number): Promise<{ total: number; counted: number }> {
    const [total, counted] = await Promise.all([
      this.prisma.evidence.count({ where: { milestoneId } }),
      this.prisma.evidence.count({ where: { milestoneId, superseded: false, review: { not: "rejected" } } }),
    ]);
    return { total, counted };
  }

  /** Records an analyst's review. Confirming also brings a superseded row back into force. */
  async review(
    id: number,
    review: Exclude<Review, "pending">,
    note: string | null,
    at: Date,
  ): Promise<EvidenceEntry> {
    const row = await this.prisma.evidence.update({
      where: { id },
      data: {
        review,
        reviewNote: note,
        reviewedAt: at,
        ...(review === "confirmed" ? { superseded: false } : {}),
      },
      include: entryInclude,
    });
    return toEntry(row);
  }

  async addNegativePattern(p: NegativePatternInput): Promise<NegativePattern> {
    return this.prisma.negativePattern.create({ data: { ...p } });
  }

  async negativePatterns(): Promise<NegativePatternEntry[]> {
    const rows = await this.prisma.negativePattern.findMany({ orderBy: { id: "asc" } });
    const ids = [...new Set(rows.map((r) => r.milestoneId).filter((id): id is number => id !== null))];
    const slugs = new Map(
      (
        await this.prisma.milestone.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } })
      ).map((m) => [m.id, m.slug]),
    );
    return rows.map((r) => ({
      ...r,
      milestoneSlug: r.milestoneId === null ? null : (slugs.get(r.milestoneId) ?? null),
    }));
  }

  /** Replaces what a pattern holds (learned again by a newer matcher). */
  async setNegativePatternTerms(id: number, terms: string[]): Promise<void> {
    await this.prisma.negativePattern.update({ where: { id }, data: { terms } });
  }

  async removeNegativePattern(id: number): Promise<void> {
    await this.prisma.negativePattern.deleteMany({ where: { id } });
  }

  /** Forgets what was learned from a rejection (the analyst changed their mind). */
  async removeNegativePatternsFrom(evidenceId: number): Promise<number> {
    return (await this.prisma.negativePattern.deleteMany({ where: { fromEvidenceId: evidenceId } })).count;
  }
}
