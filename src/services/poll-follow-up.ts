// What follows a poll's store: matching its changed items (new ones were matched before they were
// stored, their evidence written with them), refreshing statuses, and the poll's alerts: mail about
// its new progress evidence, channels about every new match (each channel keeps what it wants). It is the ingest pipeline's last stage, batched: the polls
// that store while a batch is matched are matched together in the next one, and statuses are
// refreshed once the batches stop following each other. Matching a thousand sources' first polls
// one by one costs a thousand status refreshes (each reading all the evidence) and ledger
// transactions; batched it costs a few dozen. Each poll still waits for its own items to be
// matched, the statuses refreshed and its alert written before it is closed.
// Alerts stay one per poll (keyed on the poll, naming its source), on that poll's items only.
// Backfilled items are matched and never alerted on.
import type { AlertService } from "./alert-service.js";
import type { MatchService } from "./match-service.js";
import type { StatusService } from "./status-service.js";

export interface AfterStoreContext {
  sourceId: number;
  newItemIds: number[];
  updatedItemIds: number[];
  /** True for items stored by a backfill (old items: match them, but do not alert on them). */
  backfill: boolean;
  /** Items matched before they were stored (their evidence was written with them): nothing to match again. */
  matchedItemIds: number[];
  /** The progress evidence those items gave, ascending (what immediate alerts announce). */
  newProgressEvidenceIds: number[];
  /** All the evidence those items gave, progress or not, ascending (channels wanting every match). */
  newEvidenceIds: number[];
}

/** A poll's stored items (new first, then changed) handed to the follow-up, before the poll is closed. */
export type AfterStore = (
  newOrChangedItemIds: number[],
  pollId: number,
  context: AfterStoreContext,
) => Promise<void>;

interface Entry {
  /** Items still to match (changed ones; new ones were matched before they were stored). */
  itemIds: number[];
  /** Progress evidence the poll's new items gave when they were stored. */
  storedProgress: number[];
  /** All the evidence the poll's new items gave when they were stored. */
  storedEvidence: number[];
  pollId: number;
  backfill: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Matched {
  entry: Entry;
  /** The poll's new progress evidence. */
  progress: number[];
  /** The poll's new evidence, progress or not. */
  evidence: number[];
}

export interface PollFollowUpOptions {
  /** Items matched in one batch at most (a batch takes whole polls, and at least one). */
  maxBatchItems?: number;
  /** Items matched before statuses are refreshed even while more polls keep coming. */
  maxItemsBeforeRefresh?: number;
  /**
   * How long to wait for more polls before refreshing statuses once nothing is queued (default
   * 100 ms): in a poll of many sources the next store is usually a moment away, and a refresh
   * reads all the evidence.
   */
  settleMs?: number;
}

/** A poll's new evidence: what its new items gave when stored, and what matching its changed items gave. */
function pollEvidence(
  stored: number[],
  itemIds: number[],
  byItem: Map<number, number[]> | undefined,
): number[] {
  return [...stored, ...itemIds.flatMap((id) => byItem?.get(id) ?? [])].sort((a, b) => a - b);
}

export class PollFollowUp {
  private queue: Entry[] = [];
  private matched: Matched[] = [];
  private matchedItems = 0;
  private running = false;
  /** No poll of the round that is running is still to store: waiting for more is pointless. */
  private roundOver = false;
  private endSettle: (() => void) | null = null;
  private readonly maxBatchItems: number;
  private readonly maxItemsBeforeRefresh: number;
  private readonly settleMs: number;

  constructor(
    private readonly match: Pick<MatchService, "matchItems">,
    private readonly status: Pick<StatusService, "refresh">,
    private readonly alerts: Pick<AlertService, "alertForPoll" | "hasRecipients">,
    options: PollFollowUpOptions = {},
  ) {
    this.maxBatchItems = Math.max(1, options.maxBatchItems ?? 5_000);
    this.maxItemsBeforeRefresh = Math.max(1, options.maxItemsBeforeRefresh ?? 50_000);
    this.settleMs = Math.max(0, options.settleMs ?? 100);
  }

  /** The hook: resolves once this poll's items are matched, statuses refreshed and its alert written (or sent). */
  readonly afterStore: AfterStore = (itemIds, pollId, context) =>
    new Promise<void>((resolve, reject) => {
      this.roundOver = false;
      const matched = new Set(context.matchedItemIds);
      this.queue.push({
        itemIds: itemIds.filter((id) => !matched.has(id)),
        storedProgress: context.newProgressEvidenceIds,
        storedEvidence: context.newEvidenceIds,
        pollId,
        backfill: context.backfill,
        resolve,
        reject,
      });
      this.pump();
    });

  /** Every poll of the round has stored: refresh statuses now rather than wait for more. */
  readonly roundEnded = (): void => {
    this.roundOver = true;
    this.endSettle?.();
  };

  private pump(): void {
    if (this.running) return;
    if (this.queue.length === 0 && this.matched.length === 0) return;
    this.running = true;
    void this.step().finally(() => {
      this.running = false;
      this.pump();
    });
  }

  /** Matches the next batch; once nothing more is queued (or enough waited), refreshes and alerts. */
  private async step(): Promise<void> {
    if (this.queue.length > 0) {
      const batch = this.take();
      try {
        const toMatch = [...new Set(batch.flatMap((e) => e.itemIds))];
        const run =
          toMatch.length > 0 ? await this.match.matchItems(toMatch, { refreshStatuses: false }) : null;
        for (const entry of batch) {
          this.matched.push({
            entry,
            progress: pollEvidence(entry.storedProgress, entry.itemIds, run?.newProgressByItem),
            evidence: pollEvidence(entry.storedEvidence, entry.itemIds, run?.newEvidenceByItem),
          });
          this.matchedItems += entry.itemIds.length;
        }
      } catch (err) {
        for (const e of batch) e.reject(err);
      }
      if (this.matchedItems < this.maxItemsBeforeRefresh) {
        if (this.queue.length === 0 && this.settleMs > 0 && !this.roundOver) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.settleMs);
            this.endSettle = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.endSettle = null;
        }
        if (this.queue.length > 0) return;
      }
    }
    const done = this.matched;
    this.matched = [];
    this.matchedItems = 0;
    if (done.length === 0) return;
    const polls = done.filter((m) => !m.entry.backfill);
    let anyone = false;
    try {
      await this.status.refresh();
      // One question for them all: with nobody to alert, no poll's evidence needs reading.
      anyone = polls.some((m) => m.evidence.length > 0) && (await this.alerts.hasRecipients());
    } catch (err) {
      for (const m of done) m.entry.reject(err);
      return;
    }
    for (const m of done) if (m.entry.backfill) m.entry.resolve();
    for (const { entry, progress, evidence } of polls) {
      try {
        if (anyone && evidence.length > 0) await this.alerts.alertForPoll(entry.pollId, progress, evidence);
        entry.resolve();
      } catch (err) {
        entry.reject(err);
      }
    }
  }

  private take(): Entry[] {
    const batch: Entry[] = [];
    let items = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && items + next.itemIds.length > this.maxBatchItems) break;
      batch.push(this.queue.shift()!);
      items += next.itemIds.length;
    }
    return batch;
  }
}
