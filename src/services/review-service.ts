// Analyst review of evidence: confirm or reject with a note, then statuses are refreshed and the
// change (if any) is recorded citing the reviewed evidence.
//
// How rejections feed back: LEARNED NEGATIVE TERMS, not a classifier. On a rejection the matcher's
// learnNegativePattern (src/domain/matching/negative.ts) returns up to four stems of what made THIS
// item a false match: its most prominent words that are not agenda vocabulary ("chess",
// "tournament", "subscribers"), never the words that tied it to the milestone (GigaChat, "language
// model", Sber), which every genuine item on that milestone shares. We store them as a
// NegativePattern scoped to the item's source and that milestone; from then on the matcher drops
// that milestone for any item of that source whose words contain most of them (a near-copy), while
// genuine items of the same source keep matching. Why this over a small classifier:
//   - it works from a single rejection; analysts reject a handful of items per source, far too few
//     to train a classifier that would neither overfit nor drift;
//   - it is scoped (this source, this milestone), so one rejection cannot silence other sources
//     or other milestones, as a shared classifier's weights would;
//   - it is explainable and reversible: the pattern is a row an analyst can read, and confirming
//     the evidence later deletes what was learned from it;
//   - it is deterministic, so re-matching stays idempotent (match-service learns stored patterns
//     again when the matcher changes).
// A rejection does not re-match other stored items by itself; `match --all` applies new patterns
// to stored items (superseding, never deleting, what they suppress).
import { fitToBytes, type PageRequest, type Paged } from "../domain/paging.js";
import type {
  EvidenceEntry,
  EvidenceFilter,
  EvidenceRepository,
} from "../repositories/evidence-repository.js";
import type { MatchItemRepository } from "../repositories/match-item-repository.js";
import type { StatusChangeRow } from "../repositories/status-repository.js";
import { learnNegativePattern } from "../domain/matching/index.js";
import { LedgerError } from "./ledger-error.js";
import { type MatchService, matchInput } from "./match-service.js";
import type { StatusService } from "./status-service.js";

export interface ReviewOutcome {
  evidence: EvidenceEntry;
  /** Status changes the review caused, each citing the evidence. */
  statusChanges: StatusChangeRow[];
  /** The negative pattern learned from a rejection (null when nothing distinctive was found). */
  learned: { id: number; sourceId: number | null; milestoneSlug: string; terms: string[] } | null;
  /** Negative patterns forgotten because the evidence was confirmed after a rejection. */
  forgotten: number;
}

export class ReviewService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly items: MatchItemRepository,
    private readonly match: MatchService,
    private readonly status: StatusService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One page of the evidence to review, newest first, with how many rows match in all. */
  async evidencePage(filter: EvidenceFilter, page: PageRequest): Promise<Paged<EvidenceEntry>> {
    const [rows, total] = await Promise.all([
      this.evidence.list({ ...filter, ...page }),
      this.evidence.count(filter),
    ]);
    return { rows: fitToBytes(rows), total };
  }

  async confirm(evidenceId: number, note: string | null = null): Promise<ReviewOutcome> {
    await this.require(evidenceId);
    const text = clean(note);
    const evidence = await this.evidence.review(evidenceId, "confirmed", text, this.now());
    const forgotten = await this.evidence.removeNegativePatternsFrom(evidenceId);
    const statusChanges = await this.status.refresh({
      milestoneIds: [evidence.milestoneId],
      cause: "review",
      reason: `evidence #${evidenceId} confirmed by an analyst${text ? `: ${text}` : ""}`,
      evidenceIds: [evidenceId],
      note: text,
    });
    return { evidence, statusChanges, learned: null, forgotten };
  }

  async reject(evidenceId: number, note: string | null = null): Promise<ReviewOutcome> {
    await this.require(evidenceId);
    const text = clean(note);
    const evidence = await this.evidence.review(evidenceId, "rejected", text, this.now());
    // Rejecting twice learns once: what an earlier rejection of this row taught is replaced.
    await this.evidence.removeNegativePatternsFrom(evidenceId);
    const learned = await this.learn(evidence, text);
    const statusChanges = await this.status.refresh({
      milestoneIds: [evidence.milestoneId],
      cause: "review",
      reason: `evidence #${evidenceId} rejected by an analyst${text ? `: ${text}` : ""}`,
      evidenceIds: [evidenceId],
      note: text,
    });
    return { evidence, statusChanges, learned, forgotten: 0 };
  }

  /** Evidence as the CLI lists it, newest first: `filter.limit` rows at most. */
  async listEvidence(filter: EvidenceFilter): Promise<EvidenceEntry[]> {
    return this.evidence.list(filter);
  }

  private async learn(e: EvidenceEntry, note: string | null): Promise<ReviewOutcome["learned"]> {
    const compiled = await this.match.compiledForMilestone(e.milestoneSlug);
    const [item] = await this.items.byIds([e.itemId]);
    if (!compiled || !item) return null;
    const { terms } = learnNegativePattern(compiled, matchInput(item), {
      milestoneSlug: e.milestoneSlug,
      terms: e.terms,
    });
    if (terms.length === 0) return null;
    const row = await this.evidence.addNegativePattern({
      sourceId: item.sourceId,
      milestoneId: e.milestoneId,
      terms,
      fromEvidenceId: e.id,
      note,
    });
    return { id: row.id, sourceId: row.sourceId, milestoneSlug: e.milestoneSlug, terms: row.terms };
  }

  private async require(id: number): Promise<EvidenceEntry> {
    const e = await this.evidence.find(id);
    if (!e)
      throw new LedgerError(
        "unknown-evidence",
        `There is no evidence #${id}. List it with: policywatch evidence list`,
      );
    return e;
  }
}

function clean(note: string | null): string | null {
  return note?.trim() || null;
}
