// Sources in the database: what to watch, how, and its fetch state. Health and leases are written
// with each poll (poll-repository.ts); this module adds, lists, changes and removes sources.
import type { Source } from "../generated/prisma/client.js";
import { Prisma as PrismaNamespace } from "../generated/prisma/client.js";
import type { Prisma } from "./database.js";

export type SourceRecord = Source;

export interface NewSource {
  name: string;
  url: string;
  kind: string;
  schedule: string;
  options: Record<string, unknown>;
  language: string | null;
  isDefault?: boolean;
  paused?: boolean;
}

export class SourceRepository {
  constructor(private readonly prisma: Prisma) {}

  async findById(id: number): Promise<SourceRecord | null> {
    return this.prisma.source.findUnique({ where: { id } });
  }

  async findByIds(ids: number[]): Promise<SourceRecord[]> {
    return this.prisma.source.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
  }

  /** Every source, oldest first; paused ones only when asked. */
  async findAll(opts: { includePaused?: boolean } = {}): Promise<SourceRecord[]> {
    return this.prisma.source.findMany({
      where: opts.includePaused ? {} : { paused: false },
      orderBy: { id: "asc" },
    });
  }

  /** Id, URL and name of every source: enough to refuse duplicates without loading fetch state. */
  async urls(): Promise<{ id: number; url: string; name: string }[]> {
    return this.prisma.source.findMany({
      select: { id: true, url: true, name: true },
      orderBy: { id: "asc" },
    });
  }

  /** What the scheduler needs: one schedule per source. */
  async schedules(): Promise<{ id: number; schedule: string; paused: boolean }[]> {
    return this.prisma.source.findMany({
      select: { id: true, schedule: true, paused: true },
      orderBy: { id: "asc" },
    });
  }

  async create(source: NewSource): Promise<SourceRecord> {
    return this.prisma.source.create({
      data: {
        ...source,
        options: source.options as PrismaNamespace.InputJsonValue,
        isDefault: source.isDefault ?? false,
      },
    });
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
