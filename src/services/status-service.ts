// Milestone status: evaluates the pure rules over stored facts, records every change with its
// reason and the evidence that caused it, and builds the status report the CLI, the API and the
// pages share. Analysts override a status with a note (cause `analyst`) and can undo an override;
// an undo, like an evidence review, is recorded as a new change citing what caused it (the undone
// row is kept, marked undone). Only explicit overrides are ever recorded with cause `analyst`:
// the rules treat every such row not undone as an override in force.
import { MILESTONE_STATUSES, type MilestoneKind, type MilestoneStatus } from "../domain/agenda.js";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";
import {
  AUTO_PROGRESS_THRESHOLD,
  evaluateMilestoneStatus,
  type StatusVerdict,
} from "../domain/status/milestone-status.js";
import { fitToBytes, LIST_LIMITS, type PageRequest } from "../domain/paging.js";
import type { AgendaRepository, StoredArea, StoredMilestone } from "../repositories/agenda-repository.js";
import type { EvidenceEntry, EvidenceRepository } from "../repositories/evidence-repository.js";
import type {
  StatusChangeInput,
  StatusChangeRow,
  StatusRepository,
} from "../repositories/status-repository.js";
import { LedgerError } from "./ledger-error.js";

// The rows the ledger's readers (the CLI's formatting, the pages) are given.
export type { EvidenceEntry } from "../repositories/evidence-repository.js";
export type { StatusChangeRow } from "../repositories/status-repository.js";
/** Evidence quoted with each status change; a change citing more lists the rest by id only. */
const HISTORY_CITATIONS = 5;

/** The timeline's share of a milestone answer, which stays under 1 MB with its history. */
const TIMELINE_MAX_BYTES = 700_000;

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

export class UnknownAreaError extends Error implements CategorizedError {
  constructor(
    readonly slug: string,
    readonly known: string[],
  ) {
    super(`There is no area "${slug}". Areas: ${known.join(", ")}.`);
    this.name = "UnknownAreaError";
  }

  get category(): ErrorCategory {
    return "not-found";
  }
}

/** Why the next status changes of some milestones happen: an analyst's review or undo. */
export interface ChangeContext {
  /** Milestones whose change this explains; other milestones record the rules' own reasons. */
  milestoneIds: number[];
  cause: "review" | "undo";
  /** Words put before the rules' reason: "evidence #12 rejected by an analyst: not Russian". */
  reason: string;
  /** Evidence cited besides what the rules cite (a rejected item is no longer cited by them). */
  evidenceIds: number[];
  note: string | null;
}

export interface MilestoneHistoryEntry extends StatusChangeRow {
  /** An analyst override not yet undone. */
  undoable: boolean;
  /** The newest few of the evidence it cites (`evidenceIds` lists them all). */
  evidence: { id: number; quote: string | null; itemTitle: string | null; url: string; review: string }[];
}

/** One milestone for the dashboard and the API: facts, status, history, evidence. */
export interface MilestoneDetail {
  slug: string;
  title: string;
  description: string;
  area: { slug: string; title: string };
  due: string | null;
  kind: string;
  cadenceDays: number | null;
  baseline: StoredMilestone["baseline"];
  status: MilestoneStatus;
  daysLeft: number | null;
  reason: string;
  cause: StatusVerdict["cause"];
  automatic: boolean;
  /** Evidence that decides the current status. */
  decidingEvidenceIds: number[];
  /** Oldest first. */
  history: MilestoneHistoryEntry[];
  /** Newest first, superseded rows included (flagged). */
  evidence: {
    id: number;
    score: number;
    progress: boolean;
    quote: string | null;
    terms: string[];
    matcherVersion: string;
    review: string;
    reviewNote: string | null;
    reviewedAt: Date | null;
    superseded: boolean;
    createdAt: Date;
    item: EvidenceEntry["item"];
  }[];
  /** Which part of the timeline `evidence` holds, and how much evidence there is in all. */
  evidencePage: { offset: number; limit: number; total: number; counted: number };
}

export class StatusService {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly statuses: StatusRepository,
    private readonly evidence: EvidenceRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Verdicts for the given milestones as of a date, from evidence and overrides up to it. */
  async evaluate(milestones: StoredMilestone[], asOf: Date): Promise<Map<number, StatusVerdict>> {
    const ids = milestones.map((m) => m.id);
    // Only evidence that qualifies can move a status (the rules ignore the rest).
    const [evidence, overrides] = await Promise.all([
      this.statuses.qualifyingEvidenceFacts(ids, AUTO_PROGRESS_THRESHOLD),
      this.statuses.overrides(ids),
    ]);
    const out = new Map<number, StatusVerdict>();
    for (const m of milestones) {
      out.set(
        m.id,
        evaluateMilestoneStatus(
          {
            slug: m.slug,
            kind: m.kind as MilestoneKind,
            due: m.due,
            cadenceDays: m.cadenceDays,
            baseline: m.baseline,
          },
          evidence.get(m.id) ?? [],
          overrides.get(m.id) ?? [],
          asOf,
        ),
      );
    }
    return out;
  }

  /**
   * Brings every stored status in line with the rules as of now and records each change, with
   * the evidence that caused it. Idempotent: a second run on the same day and data records nothing.
   * `context` explains the changes an analyst's review or undo just caused.
   */
  async refresh(context?: ChangeContext): Promise<StatusChangeRow[]> {
    const now = this.now();
    const milestones = (await this.agenda.listAreas()).flatMap((a) => a.milestones);
    const verdicts = await this.evaluate(milestones, now);
    const changes: StatusChangeRow[] = [];
    for (const m of milestones) {
      const v = verdicts.get(m.id)!;
      if (v.status === m.status) continue;
      const explained = context?.milestoneIds.includes(m.id) ? context : undefined;
      const recorded = await this.statuses.recordChangeIfCurrent({
        milestoneId: m.id,
        fromStatus: m.status,
        toStatus: v.status,
        reason: explained ? `${explained.reason}; now: ${v.reason}` : v.reason,
        // A verdict restoring an earlier override is not a new override (see the header).
        cause: explained ? explained.cause : v.cause === "analyst" ? "evidence" : v.cause,
        evidenceIds: explained ? [...new Set([...v.evidenceIds, ...explained.evidenceIds])] : v.evidenceIds,
        automatic: explained ? false : v.automatic,
        note: explained?.note ?? null,
        effectiveAt: now,
      });
      if (recorded) changes.push(recorded);
    }
    return changes;
  }

  /** An analyst sets a milestone's status; it stands until newer qualifying evidence arrives. */
  async override(slug: string, status: string, note: string): Promise<StatusChangeRow> {
    if (!(MILESTONE_STATUSES as readonly string[]).includes(status)) {
      throw new LedgerError(
        "unknown-status",
        `"${status}" is not a status. Statuses: ${MILESTONE_STATUSES.join(", ")}.`,
      );
    }
    const text = note.trim();
    if (!text) throw new LedgerError("note-required", "An override needs a note saying why (--note TEXT).");
    const m = await this.requireMilestone(slug);
    const change: StatusChangeInput = {
      milestoneId: m.id,
      fromStatus: m.status,
      toStatus: status,
      reason: `set by an analyst: ${text}`,
      cause: "analyst",
      evidenceIds: [],
      automatic: false,
      note: text,
      effectiveAt: this.now(),
    };
    return this.statuses.recordChange(change);
  }

  /**
   * Undoes an analyst override: marks it undone and records the recomputed status as a new change
   * (none when the rules give the status it already has).
   */
  async undo(
    changeId: number,
    note: string | null = null,
  ): Promise<{ undone: StatusChangeRow; change: StatusChangeRow | null; status: string }> {
    const row = await this.statuses.findChange(changeId);
    if (!row) throw new LedgerError("unknown-change", `There is no status change #${changeId}.`);
    if (row.cause !== "analyst") throw new LedgerError("not-undoable", notUndoable(row));
    if (row.undoneAt) {
      throw new LedgerError(
        "already-undone",
        `Status change #${changeId} was already undone on ${row.undoneAt.toISOString().slice(0, 10)}.`,
      );
    }
    const text = note?.trim() || null;
    await this.statuses.markUndone(changeId, text, this.now());
    const changes = await this.refresh({
      milestoneIds: [row.milestoneId],
      cause: "undo",
      reason: `analyst change #${changeId} (${row.toStatus}) undone${text ? `: ${text}` : ""}`,
      evidenceIds: [],
      note: text,
    });
    const undone = (await this.statuses.findChange(changeId))!;
    const change = changes.find((c) => c.milestoneId === row.milestoneId) ?? null;
    const milestone = (await this.agenda.listAreas())
      .flatMap((a) => a.milestones)
      .find((m) => m.id === row.milestoneId)!;
    return { undone, change, status: milestone.status };
  }

  /** The milestone with one page of its evidence timeline (newest first) and its whole history. */
  async milestoneDetail(
    slug: string,
    page: PageRequest = { limit: LIST_LIMITS.evidence.default, offset: 0 },
    asOf: Date = this.now(),
  ): Promise<MilestoneDetail> {
    const m = await this.requireMilestone(slug);
    const area = (await this.agenda.listAreas()).find((a) => a.id === m.areaId)!;
    const [verdicts, history, rows, counts] = await Promise.all([
      this.evaluate([m], asOf),
      this.statuses.history(m.id),
      this.evidence.forMilestone(m.id, page),
      this.evidence.countForMilestone(m.id),
    ]);
    const v = verdicts.get(m.id)!;
    const evidence = fitToBytes(rows.map(timelineEntry), TIMELINE_MAX_BYTES);
    return {
      slug: m.slug,
      title: m.title,
      description: m.description,
      area: { slug: area.slug, title: area.title },
      due: m.due,
      kind: m.kind,
      cadenceDays: m.cadenceDays,
      baseline: m.baseline,
      status: v.status,
      daysLeft: v.daysLeft,
      reason: v.reason,
      cause: v.cause,
      automatic: v.automatic,
      decidingEvidenceIds: v.evidenceIds,
      history: await this.historyEntries(history, rows),
      evidence,
      evidencePage: { offset: page.offset, limit: page.limit, total: counts.total, counted: counts.counted },
    };
  }

  /** The status stored for a milestone (as of its last refresh); null when there is no such milestone. */
  async storedStatus(slug: string): Promise<string | null> {
    return (await this.agenda.findMilestone(slug))?.status ?? null;
  }

  /** Throws UnknownAreaError, naming the areas there are, when there is no area `slug`. */
  async requireArea(slug: string): Promise<void> {
    const known = await this.agenda.areaSlugs();
    if (!known.includes(slug)) throw new UnknownAreaError(slug, known);
  }

  /** Each change with the newest few of the evidence it cites, quoted (its id list stays whole). */
  private async historyEntries(
    history: StatusChangeRow[],
    known: EvidenceEntry[],
  ): Promise<MilestoneHistoryEntry[]> {
    const byId = new Map(known.map((r) => [r.id, r]));
    const shownIds = (h: StatusChangeRow) => h.evidenceIds.slice(-HISTORY_CITATIONS);
    const missing = [...new Set(history.flatMap(shownIds))].filter((id) => !byId.has(id));
    for (const r of await this.evidence.findMany(missing)) byId.set(r.id, r);
    return history.map((h) => ({
      ...h,
      undoable: h.cause === "analyst" && h.undoneAt === null,
      evidence: shownIds(h).flatMap((id) => {
        const e = byId.get(id);
        return e ? [{ id, quote: e.quote, itemTitle: e.item.title, url: e.item.url, review: e.review }] : [];
      }),
    }));
  }

  async requireMilestone(slug: string): Promise<StoredMilestone> {
    const m = await this.agenda.findMilestone(slug);
    if (m) return m;
    const known = (await this.agenda.listAreas()).flatMap((a) => a.milestones.map((x) => x.slug));
    throw new LedgerError(
      "unknown-milestone",
      `There is no milestone "${slug}". Milestones: ${known.join(", ")}.`,
    );
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

function notUndoable(row: StatusChangeRow): string {
  const what = `Status change #${row.id} (${row.fromStatus} → ${row.toStatus})`;
  switch (row.cause) {
    case "evidence":
    case "review":
      return row.evidenceIds.length
        ? `${what} follows from evidence ${row.evidenceIds.map((id) => `#${id}`).join(", ")}; to undo it, reject the evidence (policywatch evidence reject ID).`
        : `${what} follows from the evidence rules; set the status instead (policywatch status set SLUG STATUS --note TEXT).`;
    case "agenda":
      return `${what} comes from the agenda file's own source; edit the agenda file or set the status instead.`;
    default:
      return `${what} follows from the rules (${row.reason}); only an analyst's change can be undone. Set the status instead (policywatch status set SLUG STATUS --note TEXT).`;
  }
}

function endOfDay(d: Date): Date {
  return new Date(`${d.toISOString().slice(0, 10)}T23:59:59.999Z`);
}

function timelineEntry(e: EvidenceEntry): MilestoneDetail["evidence"][number] {
  return {
    id: e.id,
    score: e.score,
    progress: e.progress,
    quote: e.quote,
    terms: e.terms,
    matcherVersion: e.matcherVersion,
    review: e.review,
    reviewNote: e.reviewNote,
    reviewedAt: e.reviewedAt,
    superseded: e.superseded,
    createdAt: e.createdAt,
    item: e.item,
  };
}
