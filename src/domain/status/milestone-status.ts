// Milestone status as a pure function of (milestone, evidence so far, analyst overrides, date).
// Rule order (first that applies wins, then the deadline overlay):
//   1. An analyst override (not undone) stands until newer qualifying evidence arrives.
//   2. A baseline the agenda file states as done (the article cites it) → achieved.
//   3. Qualifying progress evidence: confirmed by an analyst, or automatic with a score at or
//      above AUTO_PROGRESS_THRESHOLD; rejected evidence never counts.
//        event      → achieved when a step is among it (the single act happened); instructions
//                     alone (the act asked for, not done) → in_progress
//        deadline   → in_progress; partially_achieved once the deadline has passed
//        recurring  → in_progress while the latest is within the cadence
//        ongoing    → ongoing
//   4. No evidence within the milestone's cadence after earlier progress → stalled.
//   5. Nothing yet → not_started (ongoing kinds: ongoing).
//   Deadline overlay on anything not achieved/partially achieved: due date passed → overdue;
//   due within AT_RISK_DAYS with no progress → at_risk. Ongoing kinds never go overdue.
import type { MilestoneKind, MilestoneStatus } from "../agenda.js";

export const AT_RISK_DAYS = 30;
/** Automatic (unreviewed) evidence must score at least this to move a status. */
export const AUTO_PROGRESS_THRESHOLD = 0.8;

export interface MilestoneFacts {
  slug: string;
  kind: MilestoneKind;
  /** Calendar date YYYY-MM-DD or null. */
  due: string | null;
  cadenceDays: number | null;
  baseline: { status: MilestoneStatus; at: string } | null;
}

export interface EvidenceFact {
  id: number;
  /** When the reported step happened: the item's publication, else when it was first seen. */
  at: Date;
  progress: boolean;
  /** step | instruction | discussion; progress that is not an instruction counts as a step. */
  nature?: string;
  score: number;
  review: "pending" | "confirmed" | "rejected";
  superseded?: boolean;
}

/** Whether the evidence reports the deed itself rather than an instruction to do it. */
export function isStep(e: EvidenceFact): boolean {
  return e.progress && e.nature !== "instruction";
}

export interface OverrideFact {
  id: number;
  status: MilestoneStatus;
  at: Date;
  note: string | null;
}

export interface StatusVerdict {
  status: MilestoneStatus;
  /** Words a user reads. */
  reason: string;
  cause: "rules" | "evidence" | "analyst" | "agenda";
  /** Evidence that decided it. */
  evidenceIds: number[];
  automatic: boolean;
  /** Days until the due date (negative when past); null without one. */
  daysLeft: number | null;
}

const DAY_MS = 86_400_000;

/** Start of the calendar day (UTC) of a date: statuses are by day, not by second. */
export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function parseDay(isoDate: string): number {
  return dayOf(new Date(`${isoDate}T00:00:00Z`));
}

export function daysLeft(due: string | null, asOf: Date): number | null {
  return due === null ? null : parseDay(due) - dayOf(asOf);
}

export function qualifies(e: EvidenceFact): boolean {
  if (e.superseded || e.review === "rejected" || !e.progress) return false;
  return e.review === "confirmed" || e.score >= AUTO_PROGRESS_THRESHOLD;
}

export function evaluateMilestoneStatus(
  m: MilestoneFacts,
  evidence: readonly EvidenceFact[],
  overrides: readonly OverrideFact[],
  asOf: Date,
): StatusVerdict {
  const today = dayOf(asOf);
  const left = daysLeft(m.due, asOf);
  const visible = evidence.filter((e) => dayOf(e.at) <= today && !e.superseded && e.review !== "rejected");
  const progress = visible.filter(qualifies).sort((a, b) => a.at.getTime() - b.at.getTime());
  const latestProgress = progress.at(-1);
  const override = [...overrides]
    .filter((o) => dayOf(o.at) <= today)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .at(-1);

  const verdict = (v: Omit<StatusVerdict, "daysLeft">): StatusVerdict => ({ ...v, daysLeft: left });

  if (override && (!latestProgress || latestProgress.at.getTime() <= override.at.getTime())) {
    return verdict({
      status: override.status,
      reason: `set by an analyst${override.note ? `: ${override.note}` : ""}`,
      cause: "analyst",
      evidenceIds: [],
      automatic: false,
    });
  }

  if (m.baseline && parseDay(m.baseline.at) <= today) {
    return verdict({
      status: m.baseline.status,
      reason: `the agenda's source records it as ${m.baseline.status.replace("_", " ")} on ${m.baseline.at}`,
      cause: "agenda",
      evidenceIds: [],
      automatic: false,
    });
  }

  const pastDue = left !== null && left < 0 && m.kind !== "ongoing";

  if (latestProgress) {
    const automatic = latestProgress.review !== "confirmed";
    const how = automatic ? "automatic evidence" : "confirmed evidence";
    const ids = progress.map((e) => e.id);
    const since = m.cadenceDays === null ? null : today - dayOf(latestProgress.at);
    const step = progress.filter(isStep).at(-1);
    if (m.kind === "event" && step) {
      const stepAutomatic = step.review !== "confirmed";
      const stepHow = stepAutomatic ? "automatic evidence" : "confirmed evidence";
      return verdict({
        status: "achieved",
        reason: `${stepHow} of the step (#${step.id})`,
        cause: "evidence",
        evidenceIds: ids,
        automatic: stepAutomatic,
      });
    }
    if (m.kind === "event") {
      return verdict({
        status: "in_progress",
        reason: `${how} of an instruction to take the step (#${latestProgress.id}); the step itself is not reported yet`,
        cause: "evidence",
        evidenceIds: ids,
        automatic,
      });
    }
    if (m.kind === "deadline" && pastDue) {
      return verdict({
        status: "partially_achieved",
        reason: `deadline ${m.due} passed with progress reported but not completion`,
        cause: "evidence",
        evidenceIds: ids,
        automatic,
      });
    }
    if (since !== null && m.cadenceDays !== null && since > m.cadenceDays) {
      return withDeadline(
        m,
        left,
        pastDue,
        verdict({
          status: "stalled",
          reason: `no progress for ${since} days (expected within ${m.cadenceDays})`,
          cause: "rules",
          evidenceIds: [latestProgress.id],
          automatic: true,
        }),
        true,
      );
    }
    return verdict({
      status: m.kind === "ongoing" ? "ongoing" : "in_progress",
      reason: `${how} of progress (#${latestProgress.id})`,
      cause: "evidence",
      evidenceIds: ids,
      automatic,
    });
  }

  const idle = verdict({
    status: m.kind === "ongoing" ? "ongoing" : "not_started",
    reason: m.kind === "ongoing" ? "ongoing work with no progress evidence yet" : "no progress evidence yet",
    cause: "rules",
    evidenceIds: [],
    automatic: true,
  });
  return withDeadline(m, left, pastDue, idle, false);
}

function withDeadline(
  m: MilestoneFacts,
  left: number | null,
  pastDue: boolean,
  v: StatusVerdict,
  hadProgress: boolean,
): StatusVerdict {
  if (m.kind === "ongoing" || left === null) return v;
  if (pastDue) {
    return {
      ...v,
      status: "overdue",
      reason: `deadline ${m.due} passed without achievement`,
      cause: "rules",
      automatic: true,
    };
  }
  if (!hadProgress && left <= AT_RISK_DAYS) {
    return {
      ...v,
      status: "at_risk",
      reason: `due in ${left} day${left === 1 ? "" : "s"} (${m.due}) with no progress`,
      cause: "rules",
      automatic: true,
    };
  }
  return v;
}
