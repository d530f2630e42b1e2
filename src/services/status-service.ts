// Milestone status: evaluates the pure rules over stored facts, records every change with its
// reason, and builds the status report the CLI, the API and the pages share.
import type { MilestoneKind, MilestoneStatus } from "../domain/agenda.js";
import { evaluateMilestoneStatus, type StatusVerdict } from "../domain/status/milestone-status.js";
import type { AgendaRepository, StoredArea, StoredMilestone } from "../repositories/agenda-repository.js";
import type { StatusChangeRow, StatusRepository } from "../repositories/status-repository.js";

/** The JSON shape of `policywatch status --json` and `GET /api/status`: an interface, keep it. */
export interface StatusReport {
  asOf: string;
  areas: {
    slug: string;
    title: string;
    objective: string;
    horizon: string;
    milestones: {
      slug: string;
      title: string;
      due: string | null;
      kind: string;
      status: MilestoneStatus;
      daysLeft: number | null;
      evidenceCount: number;
      reason: string;
    }[];
  }[];
}

export class UnknownAreaError extends Error {
  constructor(
    readonly slug: string,
    readonly known: string[],
  ) {
    super(`There is no area "${slug}". Areas: ${known.join(", ")}.`);
    this.name = "UnknownAreaError";
  }
}

export class StatusService {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly statuses: StatusRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Verdicts for the given milestones as of a date, from evidence and overrides up to it. */
  async evaluate(milestones: StoredMilestone[], asOf: Date): Promise<Map<number, StatusVerdict>> {
    const ids = milestones.map((m) => m.id);
    const [evidence, overrides] = await Promise.all([this.statuses.evidenceFacts(ids), this.statuses.overrides(ids)]);
    const out = new Map<number, StatusVerdict>();
    for (const m of milestones) {
      out.set(
        m.id,
        evaluateMilestoneStatus(
          { slug: m.slug, kind: m.kind as MilestoneKind, due: m.due, cadenceDays: m.cadenceDays, baseline: m.baseline },
          evidence.get(m.id) ?? [],
          overrides.get(m.id) ?? [],
          asOf,
        ),
      );
    }
    return out;
  }

  /**
   * Brings every stored status in line with the rules as of now and records each change.
   * Idempotent: a second run on the same day and data records nothing.
   */
  async refresh(): Promise<StatusChangeRow[]> {
    const now = this.now();
    const milestones = (await this.agenda.listAreas()).flatMap((a) => a.milestones);
    const verdicts = await this.evaluate(milestones, now);
    const changes: StatusChangeRow[] = [];
    for (const m of milestones) {
      const v = verdicts.get(m.id)!;
      if (v.status === m.status) continue;
      changes.push(
        await this.statuses.recordChange({
          milestoneId: m.id,
          fromStatus: m.status,
          toStatus: v.status,
          reason: v.reason,
          cause: v.cause,
          evidenceIds: v.evidenceIds,
          automatic: v.automatic,
          effectiveAt: now,
        }),
      );
    }
    return changes;
  }

  async report(opts: { asOf?: Date; area?: string } = {}): Promise<StatusReport> {
    const asOf = opts.asOf ?? this.now();
    const areas: StoredArea[] = await this.agenda.listAreas(opts.area);
    if (opts.area && areas.length === 0) throw new UnknownAreaError(opts.area, await this.agenda.areaSlugs());
    const milestones = areas.flatMap((a) => a.milestones);
    const ids = milestones.map((m) => m.id);
    const [verdicts, counts] = await Promise.all([
      this.evaluate(milestones, asOf),
      this.statuses.evidenceCounts(ids, opts.asOf ? endOfDay(asOf) : undefined),
    ]);
    return {
      asOf: asOf.toISOString().slice(0, 10),
      areas: areas.map((a) => ({
        slug: a.slug,
        title: a.title,
        objective: a.objective,
        horizon: a.horizon,
        milestones: a.milestones.map((m) => {
          const v = verdicts.get(m.id)!;
          return {
            slug: m.slug,
            title: m.title,
            due: m.due,
            kind: m.kind,
            status: v.status,
            daysLeft: v.daysLeft,
            evidenceCount: counts.get(m.id) ?? 0,
            reason: v.reason,
          };
        }),
      })),
    };
  }
}

function endOfDay(d: Date): Date {
  return new Date(`${d.toISOString().slice(0, 10)}T23:59:59.999Z`);
}
