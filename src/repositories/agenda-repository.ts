// Agenda, areas and milestones in the database. Loading is an upsert by slug: editing the file
// and loading again updates titles, dates and terms, and never touches status history or evidence.
import { type AgendaSpec, parseAgenda } from "../domain/agenda.js";
import { Prisma as PrismaNamespace } from "../generated/prisma/client.js";
import type { Prisma, RawSql } from "../infra/database.js";

// Prisma's marker for writing SQL NULL into a JSON column.
const PrismaNull = PrismaNamespace.DbNull;

export interface StoredMilestone {
  id: number;
  slug: string;
  title: string;
  description: string;
  due: string | null;
  kind: string;
  cadenceDays: number | null;
  baseline: AgendaSpec["areas"][number]["milestones"][number]["baseline"];
  terms: unknown;
  status: string;
  statusAt: Date;
  position: number;
  areaId: number;
  areaSlug: string;
}

export interface StoredArea {
  id: number;
  slug: string;
  title: string;
  objective: string;
  horizon: string;
  position: number;
  terms: unknown;
  milestones: StoredMilestone[];
}

export function toIsoDate(d: Date | null): string | null {
  return d === null ? null : d.toISOString().slice(0, 10);
}

export class AgendaRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: RawSql,
  ) {}

  async findAgenda(slug: string) {
    return this.prisma.agenda.findUnique({ where: { slug } });
  }

  /** Plain SQL: every command asks it on start, and most need nothing else of Prisma's engine. */
  async hasAnyAgenda(): Promise<boolean> {
    return (await this.sql.query(`SELECT 1 FROM "Agenda" LIMIT 1`)).length > 0;
  }

  /** Upserts the whole agenda in one transaction; returns counts of what changed. */
  async upsertAgenda(spec: AgendaSpec, contentHash: string): Promise<{ created: number; updated: number }> {
    let created = 0;
    let updated = 0;
    await this.prisma.$transaction(async (tx) => {
      const agenda = await tx.agenda.upsert({
        where: { slug: spec.slug },
        create: {
          slug: spec.slug,
          title: spec.title,
          description: spec.description,
          version: spec.version,
          contentHash,
          matching: { ...spec.matching, aliases: spec.aliases } as object,
        },
        update: {
          title: spec.title,
          description: spec.description,
          version: spec.version,
          contentHash,
          matching: { ...spec.matching, aliases: spec.aliases } as object,
          loadedAt: new Date(),
        },
      });
      for (const [ai, area] of spec.areas.entries()) {
        const areaData = {
          agendaId: agenda.id,
          title: area.title,
          objective: area.objective,
          horizon: area.horizon,
          terms: area.terms as object,
          position: ai,
        };
        const storedArea = await tx.area.upsert({
          where: { slug: area.slug },
          create: { slug: area.slug, ...areaData },
          update: areaData,
        });
        for (const [mi, m] of area.milestones.entries()) {
          const data = {
            areaId: storedArea.id,
            title: m.title,
            description: m.description,
            due: m.due ? new Date(`${m.due}T00:00:00Z`) : null,
            kind: m.kind,
            cadenceDays: m.cadenceDays,
            terms: m.terms as object,
            baseline: (m.baseline ?? undefined) as object | undefined,
            position: mi,
          };
          const existing = await tx.milestone.findUnique({ where: { slug: m.slug }, select: { id: true } });
          if (existing) {
            await tx.milestone.update({
              where: { id: existing.id },
              data: { ...data, baseline: m.baseline ?? PrismaNull },
            });
            updated++;
          } else {
            await tx.milestone.create({ data: { slug: m.slug, ...data } });
            created++;
          }
        }
      }
    });
    return { created, updated };
  }

  async listAreas(areaSlug?: string): Promise<StoredArea[]> {
    const areas = await this.prisma.area.findMany({
      where: areaSlug ? { slug: areaSlug } : undefined,
      orderBy: [{ agendaId: "asc" }, { position: "asc" }],
      include: { milestones: { orderBy: { position: "asc" } } },
    });
    return areas.map((a) => ({
      id: a.id,
      slug: a.slug,
      title: a.title,
      objective: a.objective,
      horizon: a.horizon,
      position: a.position,
      terms: a.terms,
      milestones: a.milestones.map((m) => toStoredMilestone(m, a.slug)),
    }));
  }

  async findMilestone(slug: string): Promise<StoredMilestone | null> {
    const m = await this.prisma.milestone.findUnique({
      where: { slug },
      include: { area: { select: { slug: true } } },
    });
    return m ? toStoredMilestone(m, m.area.slug) : null;
  }

  /** Each stored agenda's content hash: the matcher's compiled cache is keyed on it. */
  async agendaHashes(): Promise<{ slug: string; contentHash: string }[]> {
    return this.prisma.agenda.findMany({ select: { slug: true, contentHash: true }, orderBy: { id: "asc" } });
  }

  /**
   * The agenda as stored, rebuilt into the shape of its file (what the matcher compiles). Built
   * from the rows rather than re-read from the file: the rows are what statuses and evidence
   * refer to, and the file may have moved or been edited without being loaded.
   */
  async loadSpec(slug: string): Promise<{ spec: AgendaSpec; contentHash: string } | null> {
    const a = await this.prisma.agenda.findUnique({
      where: { slug },
      include: {
        areas: { orderBy: { position: "asc" }, include: { milestones: { orderBy: { position: "asc" } } } },
      },
    });
    if (!a) return null;
    const { aliases, ...matching } = (a.matching ?? {}) as Record<string, unknown>;
    const json = {
      slug: a.slug,
      version: a.version,
      title: a.title,
      description: a.description,
      matching,
      aliases: aliases ?? [],
      areas: a.areas.map((area) => ({
        slug: area.slug,
        title: area.title,
        objective: area.objective,
        horizon: area.horizon,
        terms: area.terms,
        milestones: area.milestones.map((m) => ({
          slug: m.slug,
          title: m.title,
          description: m.description,
          due: toIsoDate(m.due),
          kind: m.kind,
          cadenceDays: m.cadenceDays,
          terms: m.terms,
          baseline: m.baseline ?? null,
        })),
      })),
    };
    return { spec: parseAgenda(json, `the stored agenda "${slug}"`), contentHash: a.contentHash };
  }

  async areaSlugs(): Promise<string[]> {
    return (await this.prisma.area.findMany({ select: { slug: true }, orderBy: { position: "asc" } })).map(
      (a) => a.slug,
    );
  }
}

function toStoredMilestone(
  m: {
    id: number;
    slug: string;
    title: string;
    description: string;
    due: Date | null;
    kind: string;
    cadenceDays: number | null;
    baseline: unknown;
    terms: unknown;
    status: string;
    statusAt: Date;
    position: number;
    areaId: number;
  },
  areaSlug: string,
): StoredMilestone {
  return {
    id: m.id,
    slug: m.slug,
    title: m.title,
    description: m.description,
    due: toIsoDate(m.due),
    kind: m.kind,
    cadenceDays: m.cadenceDays,
    baseline: (m.baseline ?? null) as StoredMilestone["baseline"],
    terms: m.terms,
    status: m.status,
    statusAt: m.statusAt,
    position: m.position,
    areaId: m.areaId,
    areaSlug,
  };
}
