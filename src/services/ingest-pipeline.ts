// The one path every stored item takes, for `poll`, the scheduler, `backfill` and `match --all`:
// plan (article pages for full text, what is new or changed: item-intake.ts) → match (new items
// before they are stored, so that their evidence is written with them) → store (one statement per
// batch of sources ready together) → follow-up (changed items matched, statuses refreshed,
// immediate alerts: poll-follow-up.ts). Its collaborators come in through its constructor.
// A *round* is the work of one batch of polls: the matcher is read once for it, and its stores and
// follow-ups are batched across its sources.
import type { ParsedItem } from "../domain/item.js";
import type { IngestPlan } from "../domain/item-ingest.js";
import type { ItemRepository } from "../repositories/item-repository.js";
import type { PollRepository, StoredItems, StoreInput } from "../repositories/poll-repository.js";
import type { SourceAdapter, SourceConfig } from "../sources/types.js";
import type { AlertService } from "./alert-service.js";
import { ItemIntake, type ItemIntakeOptions, type PlanOptions } from "./item-intake.js";
import type { IntakeMatcher, MatchAllSummary, MatchProgress, MatchService } from "./match-service.js";
import { PollFollowUp, type PollFollowUpOptions } from "./poll-follow-up.js";
import type { SourceFetcher } from "./source-preview.js";
import type { StatusService } from "./status-service.js";
import { WriteBatcher } from "./write-batcher.js";

export interface IngestDependencies {
  items: ItemRepository;
  polls: Pick<PollRepository, "storeMany">;
  fetcher: SourceFetcher;
  match: Pick<MatchService, "intakeMatcher" | "matchItems" | "matchAll">;
  status: Pick<StatusService, "refresh">;
  alerts: Pick<AlertService, "alertForPoll" | "hasRecipients">;
  now: () => Date;
}

export interface IngestPipelineOptions extends ItemIntakeOptions {
  followUp?: PollFollowUpOptions;
}

/** One source's store: its plan, and its health (a poll) or walk state (a backfill page). */
export interface IngestInput extends Omit<StoreInput, "matches"> {
  plan: IngestPlan;
  /** The source's voice (official or press), for matching its new items. */
  voice?: string | null;
  /** Backfilled (old) items are matched, never alerted on. */
  backfill: boolean;
}

export interface Ingested {
  stored: StoredItems;
  /**
   * Settles once the follow-up is over (matching, statuses, alert); with what to note on the poll
   * when it failed (the items stay stored, unmatched ones keep `matchedWith` null).
   */
  followedUp: Promise<Record<string, unknown> | null>;
}

export class IngestPipeline {
  private readonly intake: ItemIntake;
  private readonly followUp: PollFollowUp;

  constructor(
    private readonly deps: IngestDependencies,
    private readonly options: IngestPipelineOptions = {},
  ) {
    this.intake = new ItemIntake(deps.items, deps.fetcher, deps.now, options);
    this.followUp = new PollFollowUp(deps.match, deps.status, deps.alerts, options.followUp);
  }

  /** Starts a round: `end()` it once every source of the round has stored what it will. */
  round(): IngestRound {
    return new IngestRound(this.intake, this.followUp, this.deps, this.options.onError ?? (() => {}));
  }

  /** `match --all`: every stored item matched again under the current agenda, statuses refreshed. */
  async rematchAll(opts: { onProgress?: (p: MatchProgress) => void } = {}): Promise<MatchAllSummary> {
    return this.deps.match.matchAll(opts);
  }
}

export class IngestRound {
  private pendingMatcher: Promise<IntakeMatcher | null> | null = null;
  // Stores ready at about the same time go in one statement (each source still waits for its own).
  private readonly stores: WriteBatcher<StoreInput, StoredItems>;

  constructor(
    private readonly intake: ItemIntake,
    private readonly followUp: PollFollowUp,
    private readonly deps: IngestDependencies,
    private readonly onError: (message: string) => void,
  ) {
    this.stores = new WriteBatcher((batch: StoreInput[]) => deps.polls.storeMany(batch), {
      size: 32,
      windowMs: 5,
      maxInFlight: 2,
    });
  }

  /**
   * What storing a parsed page means (item-intake.ts), article pages fetched for the candidate items
   * (the round's matcher judges them).
   */
  plan(
    adapter: SourceAdapter,
    config: SourceConfig,
    sourceId: number,
    parsed: ParsedItem[],
    options: Omit<PlanOptions, "matcher"> = {},
  ): Promise<IngestPlan> {
    return this.intake.plan(adapter, config, sourceId, parsed, { ...options, matcher: () => this.matcher() });
  }

  /** Matches the plan's new items, stores it, and starts its follow-up. */
  async ingest(input: IngestInput): Promise<Ingested> {
    const { backfill, voice, ...store } = input;
    // The matcher is read when the round's first new item needs it (a round of 304s reads nothing).
    const matcher = input.plan.inserts.length > 0 ? await this.matcher() : null;
    const matches = matcher
      ? this.intake.matchInserts(matcher, input.sourceId, input.plan, voice)
      : undefined;
    const stored = await this.stores.add({ ...store, matches });
    return {
      stored,
      followedUp: this.follow(stored, matches !== undefined, input.pollId, input.sourceId, backfill),
    };
  }

  /** Every store of the round is written: the follow-up stops waiting for more. */
  async end(): Promise<void> {
    await this.stores.idle();
    this.followUp.roundEnded();
  }

  private matcher(): Promise<IntakeMatcher | null> {
    this.pendingMatcher ??= this.deps.match.intakeMatcher();
    return this.pendingMatcher;
  }

  private async follow(
    stored: StoredItems,
    matchedBeforeStore: boolean,
    pollId: number,
    sourceId: number,
    backfill: boolean,
  ): Promise<Record<string, unknown> | null> {
    const { newItemIds, updatedItemIds } = stored;
    if (newItemIds.length + updatedItemIds.length === 0) return null;
    try {
      await this.followUp.afterStore([...newItemIds, ...updatedItemIds], pollId, {
        sourceId,
        newItemIds,
        updatedItemIds,
        backfill,
        matchedItemIds: matchedBeforeStore ? newItemIds : [],
        newProgressEvidenceIds: stored.newProgressEvidenceIds,
        newEvidenceIds: stored.newEvidenceIds,
      });
      return null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.onError(`after storing poll ${pollId} of source ${sourceId}: ${message}`);
      return { kind: "after-store", message };
    }
  }
}
