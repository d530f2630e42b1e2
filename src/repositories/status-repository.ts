// Milestone status history and the facts the status rules read (evidence, overrides).
import type { MilestoneStatus } from "../domain/agenda.js";
import type { EvidenceFact, OverrideFact } from "../domain/status/milestone-status.js";
import type { Prisma, RawSql } from "../infra/database.js";
import { epochMs } from "../infra/sql-params.js";

export interface StatusChangeInput {
  milestoneId: number;
  fromStatus: string;
  toStatus: string;
  reason: string;
  /** review: an analyst confirmed or rejected evidence; undo: an analyst undid an override. */
  cause: "rules" | "evidence" | "analyst" | "agenda" | "review" | "undo";
  evidenceIds: number[];
  automatic: boolean;
  note?: string | null;
  effectiveAt: Date;
}

export interface StatusChangeRow {
  id: number;
  milestoneId: number;
  fromStatus: string;
  toStatus: string;
  reason: string;
  cause: string;
  evidenceIds: number[];
  automatic: boolean;
  note: string | null;
  effectiveAt: Date;
  createdAt: Date;
  undoneAt: Date | null;
  undoneNote: string | null;
}

export class StatusRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly raw: RawSql,
  ) {}

  /**
   * The evidence facts that can move a status (domain/status: `qualifies`), per milestone id, with
   * the date the reported step happened: live progress evidence an analyst confirmed, or automatic
   * evidence scoring at least `autoThreshold`. Every status refresh (one per round of polls) reads
   * them, so the rest of the ledger (most of it: discussion, weak matches, rejections) is left in
   * the database instead of read and thrown away. Plain SQL: Prisma's relation loading costs
   * several times as much.
   */
  async qualifyingEvidenceFacts(
    milestoneIds: number[],
    autoThreshold: number,
  ): Promise<Map<number, EvidenceFact[]>> {
    const out = new Map<number, EvidenceFact[]>();
    if (milestoneIds.length === 0) return out;
    const rows = await this.raw.query<{
      id: number;
      milestoneId: number;
      progress: boolean;
      nature: string;
      score: number;
      review: string;
      superseded: boolean;
      atMs: number;
    }>(
      `SELECT e.id, e."milestoneId", e.progress, e.nature, e.score, e.review, e.superseded,
              ${epochMs(`COALESCE(i."publishedAt", i."firstSeenAt")`)} AS "atMs"
       FROM "Evidence" e JOIN "Item" i ON i.id = e."itemId"
       WHERE e."milestoneId" = ANY($1::int[])
         AND e.progress AND NOT e.superseded AND e.review <> 'rejected'
         AND (e.review = 'confirmed' OR e.score >= $2::float8)
       ORDER BY e.id`,
      [milestoneIds, autoThreshold],
    );
    for (const r of rows) {
      const milestoneId = Number(r.milestoneId);
      const list = out.get(milestoneId) ?? [];
      list.push({
        id: Number(r.id),
        at: new Date(Number(r.atMs)),
        progress: r.progress,
        nature: r.nature,
        score: Number(r.score),
        review: r.review as EvidenceFact["review"],
        superseded: r.superseded,
      });
      out.set(milestoneId, list);
    }
    return out;
  }

  async evidenceCounts(milestoneIds: number[], asOf?: Date): Promise<Map<number, number>> {
    const rows = await this.prisma.evidence.groupBy({
      by: ["milestoneId"],
      where: {
        milestoneId: { in: milestoneIds },
        superseded: false,
        review: { not: "rejected" },
        ...(asOf ? { createdAt: { lte: asOf } } : {}),
      },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.milestoneId, r._count._all]));
  }

  /** Analyst overrides still in force (not undone), per milestone id. */
  async overrides(milestoneIds: number[]): Promise<Map<number, OverrideFact[]>> {
    const rows = await this.prisma.milestoneStatusChange.findMany({
      where: { milestoneId: { in: milestoneIds }, cause: "analyst", undoneAt: null },
      orderBy: { createdAt: "asc" },
    });
    const out = new Map<number, OverrideFact[]>();
    for (const r of rows) {
      const list = out.get(r.milestoneId) ?? [];
      list.push({ id: r.id, status: r.toStatus as MilestoneStatus, at: r.effectiveAt, note: r.note });
      out.set(r.milestoneId, list);
    }
    return out;
  }

  /** Records a change and moves the milestone's current status, in one transaction. */
  async recordChange(change: StatusChangeInput): Promise<StatusChangeRow> {
    const [row] = await this.prisma.$transaction([
      this.prisma.milestoneStatusChange.create({ data: { ...change, note: change.note ?? null } }),
      this.prisma.milestone.update({
        where: { id: change.milestoneId },
        data: { status: change.toStatus, statusAt: new Date() },
      }),
    ]);
    return row;
  }

  /**
   * Records a change only if the milestone still has `fromStatus`: two refreshes running at once
   * (two polls finishing together) record it once. Returns null when another got there first.
   */
  async recordChangeIfCurrent(change: StatusChangeInput): Promise<StatusChangeRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.milestone.updateMany({
        where: { id: change.milestoneId, status: change.fromStatus },
        data: { status: change.toStatus, statusAt: new Date() },
      });
      if (moved.count === 0) return null;
      return tx.milestoneStatusChange.create({ data: { ...change, note: change.note ?? null } });
    });
  }

  async history(milestoneId: number): Promise<StatusChangeRow[]> {
    return this.prisma.milestoneStatusChange.findMany({
      where: { milestoneId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  }

  async findChange(id: number): Promise<StatusChangeRow | null> {
    return this.prisma.milestoneStatusChange.findUnique({ where: { id } });
  }

  async markUndone(id: number, note: string | null, at: Date = new Date()): Promise<void> {
    await this.prisma.milestoneStatusChange.update({
      where: { id },
      data: { undoneAt: at, undoneNote: note },
    });
  }

  /** Changes made since a time, newest first (digests, "what changed this week"). */
  async changesSince(since: Date, milestoneIds?: number[]): Promise<StatusChangeRow[]> {
    return this.prisma.milestoneStatusChange.findMany({
      where: { createdAt: { gte: since }, ...(milestoneIds ? { milestoneId: { in: milestoneIds } } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  /**
   * Changes that took effect since a time by the service's clock (`effectiveAt`), newest first:
   * the overview's "what changed this week", which must agree with the dates it shows.
   */
  async changesEffectiveSince(since: Date): Promise<StatusChangeRow[]> {
    return this.prisma.milestoneStatusChange.findMany({
      where: { effectiveAt: { gte: since } },
      orderBy: [{ effectiveAt: "desc" }, { id: "desc" }],
    });
  }
}
