// The read models behind the overview and milestone pages (and their API twins): the status
// report plus what an analyst looks at next — the latest evidence quoted, what changed this
// week, how many days remain to the programme's two horizons.
import type { MilestoneStatus } from "../domain/agenda.js";
import { daysLeft } from "../domain/status/milestone-status.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import type { EvidenceView, EvidenceViewRepository } from "../repositories/evidence-view-repository.js";
import type { StatusChangeRow, StatusRepository } from "../repositories/status-repository.js";
import type { StatusReport, StatusService } from "./status-service.js";

export type { EvidenceView } from "../repositories/evidence-view-repository.js";

/** The programme's two horizons: comprehensive solutions by end of 2026, all sectors by 2030. */
export const HORIZONS = [
  { label: "End of 2026", date: "2026-12-31" },
  { label: "2030", date: "2030-12-31" },
] as const;

export interface Countdown {
  label: string;
  date: string;
  daysLeft: number;
}

export interface ChangeView {
  id: number;
  milestone: { slug: string; title: string };
  fromStatus: string;
  toStatus: string;
  reason: string;
  cause: string;
  automatic: boolean;
  note: string | null;
  evidenceIds: number[];
  effectiveAt: string;
  createdAt: string;
  undoneAt: string | null;
  undoneNote: string | null;
}

export interface Overview {
  report: StatusReport;
  countdowns: Countdown[];
  /** Milestone slug → newest live evidence. */
  latestEvidence: Record<string, EvidenceView>;
  /** Status changes in the last seven days, newest first. */
  changesThisWeek: ChangeView[];
  newEvidenceThisWeek: number;
  /** How many milestones are in each status. */
  statusCounts: Partial<Record<MilestoneStatus, number>>;
}

const WEEK_MS = 7 * 86_400_000;

export class DashboardService {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly statuses: StatusRepository,
    private readonly evidence: EvidenceViewRepository,
    private readonly status: StatusService,
    private readonly now: () => Date,
  ) {}

  countdowns(asOf: Date = this.now()): Countdown[] {
    return HORIZONS.map((h) => ({ label: h.label, date: h.date, daysLeft: daysLeft(h.date, asOf)! }));
  }

  async overview(): Promise<Overview> {
    return (await this.overviewUntil()).overview;
  }

  /**
   * The overview and the moment it changes by itself, with no write: when the oldest change or
   * evidence it counts leaves the seven-day window (the day's turn is the caller's to watch).
   */
  async overviewUntil(): Promise<{ overview: Overview; validUntil: number }> {
    const now = this.now();
    const report = await this.status.report();
    const milestones = (await this.agenda.listAreas()).flatMap((a) => a.milestones);
    const since = new Date(now.getTime() - WEEK_MS);
    const [latest, changes, recent] = await Promise.all([
      this.evidence.latestPerMilestone(milestones.map((m) => m.id)),
      this.statuses.changesEffectiveSince(since),
      this.evidence.countSince(since),
    ]);
    const slugById = new Map(milestones.map((m) => [m.id, m]));
    const latestEvidence: Record<string, EvidenceView> = {};
    for (const [id, view] of latest) {
      const m = slugById.get(id);
      if (m) latestEvidence[m.slug] = view;
    }
    const statusCounts: Partial<Record<MilestoneStatus, number>> = {};
    for (const m of report.areas.flatMap((a) => a.milestones))
      statusCounts[m.status] = (statusCounts[m.status] ?? 0) + 1;
    // The agenda's own baseline ("achieved on 2026-02-26") is where the record starts, not news.
    const changesThisWeek = changes.flatMap((c) => {
      const m = slugById.get(c.milestoneId);
      return m && c.cause !== "agenda" ? [toChangeView(c, m)] : [];
    });
    const leaving = [
      ...changesThisWeek.map((c) => Date.parse(c.effectiveAt)),
      recent.oldest?.getTime() ?? Infinity,
    ];
    return {
      overview: {
        report,
        countdowns: this.countdowns(now),
        latestEvidence,
        changesThisWeek,
        newEvidenceThisWeek: recent.count,
        statusCounts,
      },
      validUntil: Math.min(...leaving) + WEEK_MS,
    };
  }
}

function toChangeView(c: StatusChangeRow, m: { slug: string; title: string }): ChangeView {
  return {
    id: c.id,
    milestone: { slug: m.slug, title: m.title },
    fromStatus: c.fromStatus,
    toStatus: c.toStatus,
    reason: c.reason,
    cause: c.cause,
    automatic: c.automatic,
    note: c.note,
    evidenceIds: c.evidenceIds,
    effectiveAt: c.effectiveAt.toISOString(),
    createdAt: c.createdAt.toISOString(),
    undoneAt: c.undoneAt?.toISOString() ?? null,
    undoneNote: c.undoneNote,
  };
}
