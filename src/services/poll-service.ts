// Polling: from a source's fetch plan to stored items and its health. Per source, in order:
//  1. claim the source's lease (a second poller, instance or tick finds it taken and skips);
//  2. fetch the adapter's listing request with the stored ETag / Last-Modified (304: nothing to do);
//  3. parse; fetch article pages for full text where the adapter asks, for new items only, at most
//     `maxArticlesPerPoll` per poll and within `articleDeadlineMs`;
//  4. store items and health in one statement (nothing half-stored; a failure stores only health);
//  5. call the afterStore hooks (the matcher, immediate alerts) with the new and changed item ids,
//     BEFORE the poll is closed, so that what follows a poll keys on a finished store;
//  6. close the Poll row and release the lease.
// Sources are polled `concurrency` at a time; the fetcher spaces requests per host. A failing
// source is recorded as such and never stops the others. Errors of our own (the database) are
// reported and, for a single-source poll (a queued job), thrown so that the queue retries it.
import { localTimeZone, nextCronRun } from "../domain/cron-next.js";
import { FetchError, type FetchErrorInfo, isFetchError } from "../domain/fetch-error.js";
import type { ParsedItem } from "../domain/item.js";
import { type IncomingItem, type IngestPlan, needsStoredContent, planIngest } from "../domain/item-ingest.js";
import {
  errorRecord,
  isDue,
  staleAfter,
  stateAfterSuccess,
  nextCheckAfterFailure,
  nextCheckAfterSuccess,
  stateForError,
  type TimingPolicy,
} from "../domain/source-health.js";
import type { ItemRepository } from "../repositories/item-repository.js";
import type {
  ClaimedPoll,
  HealthUpdate,
  PollFinish,
  PollRepository,
} from "../repositories/poll-repository.js";
import type { SourceRecord, SourceRepository } from "../repositories/source-repository.js";
import { getAdapter, isSourceKind } from "../sources/registry.js";
import { itemContentHash } from "../sources/shared/item.js";
import type { ParseResult, SourceAdapter, SourceConfig } from "../sources/types.js";
import { BackfillError, SourceError, SourceNotFoundError } from "./source-errors.js";
import { asFetchErrorInfo, type SourceFetcher } from "./source-preview.js";

/** `poll --json`: counts over the sources polled. */
export interface PollSummary {
  sources: number;
  fetched: number;
  notModified: number;
  failed: number;
  newItems: number;
  updatedItems: number;
}

export interface AfterStoreContext {
  sourceId: number;
  newItemIds: number[];
  updatedItemIds: number[];
  /** True for items stored by a backfill (old items: match them, but do not alert on them). */
  backfill: boolean;
}

/**
 * Called after a poll stored new or changed items, before the poll is closed. The ids are new items
 * first, then changed ones. A hook that throws is reported; the items stay stored (unmatched items
 * keep `matchedWith` null, so a matcher can always catch up).
 */
export type AfterStore = (
  newOrChangedItemIds: number[],
  pollId: number,
  context: AfterStoreContext,
) => unknown;

export interface SourcePollResult {
  sourceId: number;
  pollId: number | null;
  outcome: "ok" | "not-modified" | "failed" | "skipped";
  /** Why a poll was skipped. */
  skipped?: "missing" | "paused" | "not-due" | "busy";
  newItemIds: number[];
  updatedItemIds: number[];
  error?: FetchErrorInfo;
}

export interface BackfillProgress {
  sourceId: number;
  /** The page just stored (1-based). */
  page: number;
  pagesDone: number;
  /** Pages this backfill walks at most. */
  target: number;
  url: string;
  newItems: number;
  totalNewItems: number;
  done: boolean;
}

/** Kept in `Source.backfill`, written with each page's items, so a restart resumes. */
export interface BackfillState {
  nextUrl: string | null;
  /** The page `nextUrl` is (1-based). */
  page: number;
  pagesDone: number;
  target: number;
  since: string | null;
  /** The walk is over: `complete`, or its page cap reached. */
  done: boolean;
  /** No page left: the archive ended, or its items are older than `since`. */
  complete: boolean;
  newItems: number;
  updatedItems: number;
  startedAt: string;
  updatedAt: string;
  lastError?: { kind: string; message: string; status?: number } | null;
}

export interface BackfillResult {
  sourceId: number;
  resumed: boolean;
  pagesDone: number;
  newItems: number;
  updatedItems: number;
  /** This walk is over (its cap reached, or the archive's end). */
  done: boolean;
  /** The archive goes on past where this walk stopped (a larger --pages reaches it). */
  morePages: boolean;
}

export interface PollServiceOptions {
  /** Sources polled at once (default 16). */
  concurrency?: number;
  /** Article pages fetched for full text per poll (default 20). */
  maxArticlesPerPoll?: number;
  /** Time allowed for all article fetches of one poll (default 2 minutes). */
  articleDeadlineMs?: number;
  /** A lease older than this belongs to a poll that died (default 15 minutes). */
  leaseMs?: number;
  /** Zone source schedules are read in (default: the process's). */
  timeZone?: string;
  timing?: TimingPolicy;
  afterStore?: AfterStore;
  /** Where problems of our own go (the service log). */
  onError?: (message: string) => void;
}

const DEFAULT_BACKFILL_PAGES = 10;
const MAX_BACKFILL_PAGES = 1000;

export function emptySummary(): PollSummary {
  return { sources: 0, fetched: 0, notModified: 0, failed: 0, newItems: 0, updatedItems: 0 };
}

export function sourceConfig(
  source: Pick<SourceRecord, "url" | "kind" | "language" | "options">,
): SourceConfig {
  if (!isSourceKind(source.kind)) {
    throw new FetchError({
      kind: "parse",
      message: `This source's kind "${source.kind}" is not one policywatch knows.`,
    });
  }
  return {
    url: source.url,
    kind: source.kind,
    language: source.language,
    options: (source.options ?? {}) as SourceConfig["options"],
  };
}

/**
 * Poll closings written together: a few statements per thousand sources instead of one each.
 * A batch is written when it is full or a few milliseconds after its first entry; `drain` writes
 * what is left and reports a failed write.
 */
class FinishBatch {
  private pending: PollFinish[] = [];
  private readonly writes: Promise<void>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failure: unknown = null;

  constructor(
    private readonly write: (batch: PollFinish[]) => Promise<void>,
    private readonly size = 64,
  ) {}

  add(finish: PollFinish): void {
    this.pending.push(finish);
    if (this.pending.length >= this.size) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 5);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writes.push(
      this.write(batch).catch((err) => {
        this.failure ??= err;
      }),
    );
  }

  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.writes);
    if (this.failure) throw this.failure;
  }
}

async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class PollService {
  private readonly hooks: AfterStore[] = [];
  private readonly concurrency: number;
  private readonly maxArticles: number;
  private readonly articleDeadlineMs: number;
  private readonly leaseMs: number;
  private readonly timeZone: string;
  private readonly onError: (message: string) => void;

  constructor(
    private readonly sources: SourceRepository,
    private readonly items: ItemRepository,
    private readonly polls: PollRepository,
    private readonly fetcher: SourceFetcher,
    private readonly now: () => Date,
    private readonly options: PollServiceOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.maxArticles = Math.max(0, options.maxArticlesPerPoll ?? 20);
    this.articleDeadlineMs = options.articleDeadlineMs ?? 120_000;
    this.leaseMs = options.leaseMs ?? 15 * 60_000;
    this.timeZone = options.timeZone ?? localTimeZone();
    this.onError = options.onError ?? (() => {});
    if (options.afterStore) this.hooks.push(options.afterStore);
  }

  /** Adds a hook run after each store, in the order added (the matcher first, then alerts). Returns its removal. */
  addAfterStore(hook: AfterStore): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /**
   * One source, as a scheduled job does it: skipped when paused, not yet due (backoff, Retry-After,
   * feed TTL) or already being polled, unless `force`. Throws only on errors of our own.
   */
  async pollSource(sourceId: number, opts: { force?: boolean } = {}): Promise<SourcePollResult> {
    const source = await this.sources.findById(sourceId);
    const skipped = (reason: SourcePollResult["skipped"]): SourcePollResult => ({
      sourceId,
      pollId: null,
      outcome: "skipped",
      skipped: reason,
      newItemIds: [],
      updatedItemIds: [],
    });
    if (!source) return skipped("missing");
    if (!opts.force && source.paused) return skipped("paused");
    if (!opts.force && !isDue(source.nextCheckAt, source.lastCheckedAt, this.now()))
      return skipped("not-due");
    const results = await this.run([source], { throwOnOwnErrors: true });
    return results[0] ?? skipped("busy");
  }

  /** Housekeeping: forgets polls older than `days` days (each source's latest stays). */
  async prunePolls(days = 30): Promise<number> {
    return this.polls.prune(new Date(this.now().getTime() - days * 86_400_000));
  }

  /** Every source not paused whose next check has come. */
  async pollDue(): Promise<PollSummary> {
    const now = this.now();
    const due = (await this.sources.findAll()).filter((s) => isDue(s.nextCheckAt, s.lastCheckedAt, now));
    return summarize(await this.run(due, { throwOnOwnErrors: false }));
  }

  /**
   * `poll [--source ID]`: every source not paused now, or the one asked for (even paused).
   * `onResult` hears each source's outcome as it finishes (the CLI names the failures).
   */
  async pollAll(
    opts: { sourceId?: number; onResult?: (result: SourcePollResult, source: SourceRecord) => void } = {},
  ): Promise<PollSummary> {
    let list: SourceRecord[];
    if (opts.sourceId !== undefined) {
      const one = await this.sources.findById(opts.sourceId);
      if (!one) throw new SourceNotFoundError(opts.sourceId);
      list = [one];
    } else {
      list = await this.sources.findAll();
    }
    return summarize(await this.run(list, { throwOnOwnErrors: false, onResult: opts.onResult }));
  }

  private async run(
    list: SourceRecord[],
    opts: { throwOnOwnErrors: boolean; onResult?: (result: SourcePollResult, source: SourceRecord) => void },
  ): Promise<SourcePollResult[]> {
    if (list.length === 0) return [];
    const now = this.now();
    const claims = await this.polls.claim(
      list.map((s) => s.id),
      now,
      new Date(now.getTime() - this.leaseMs),
    );
    if (claims.length === 0) return [];
    const byId = new Map(list.map((s) => [s.id, s]));
    const results: SourcePollResult[] = [];
    const finishes = new FinishBatch((batch) => this.polls.finishMany(batch));
    let ownError: unknown = null;
    await forEachLimit(claims, this.concurrency, async (claim) => {
      const source = byId.get(claim.sourceId)!;
      try {
        const result = await this.pollClaimed(source, claim, finishes);
        results.push(result);
        opts.onResult?.(result, source);
      } catch (err) {
        // Ours, not the source's (the database went away): give the lease back if we can.
        ownError ??= err;
        this.onError(
          `poll of source ${source.id} (${source.url}) stopped: ${err instanceof Error ? err.message : String(err)}`,
        );
        await this.polls
          .finish({
            sourceId: source.id,
            pollId: claim.pollId,
            now: this.now(),
            outcome: "failed",
            error: {
              kind: "internal",
              message: "The poll stopped on an error of policywatch's own; it is retried.",
            },
            releaseLease: true,
          })
          .catch(() => {});
        results.push({
          sourceId: source.id,
          pollId: claim.pollId,
          outcome: "failed",
          newItemIds: [],
          updatedItemIds: [],
          error: { kind: "parse", message: "policywatch could not record this poll; it will be retried." },
        });
      }
    });
    try {
      await finishes.drain();
    } catch (err) {
      ownError ??= err;
      this.onError(`could not record the end of polls: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (ownError && opts.throwOnOwnErrors) throw ownError;
    return results;
  }

  private scheduledNext(source: SourceRecord, after: Date): Date | null {
    try {
      return nextCronRun(source.schedule, after, this.timeZone);
    } catch {
      return null;
    }
  }

  private async pollClaimed(
    source: SourceRecord,
    claim: ClaimedPoll,
    finishes: FinishBatch,
  ): Promise<SourcePollResult> {
    const base = { sourceId: source.id, pollId: claim.pollId };
    let adapter: SourceAdapter;
    let config: SourceConfig;
    let answer: Awaited<ReturnType<PollService["fetchListing"]>>;
    try {
      config = sourceConfig(source);
      adapter = getAdapter(config.kind);
      answer = await this.fetchListing(adapter, config, source);
    } catch (err) {
      return this.recordFailure(source, claim, asFetchErrorInfo(err, source.url), finishes);
    }

    if (answer.notModified) {
      const now = this.now();
      finishes.add({
        ...base,
        now,
        outcome: "not-modified",
        releaseLease: true,
        health: {
          ok: true,
          state: stateAfterSuccess(source.staleAfter, now),
          nextCheckAt: nextCheckAfterSuccess(
            {
              now,
              scheduledNext: this.scheduledNext(source, now),
              maxAgeSeconds: answer.maxAgeSeconds,
              retryAfterSeconds: answer.retryAfterSeconds,
            },
            this.options.timing,
          ),
        },
      });
      return { ...base, outcome: "not-modified", newItemIds: [], updatedItemIds: [] };
    }

    const plan = await this.planStore(
      adapter,
      config,
      source.id,
      answer.parsed.items,
      source.lastNewItemAt === null,
    );
    const now = this.now();
    // New items move the source's cadence: judge it on its recent items and the new ones (a
    // source that never stored anything has no history to read).
    let staleAt: Date | null | undefined;
    if (plan.inserts.length > 0) {
      const history = source.lastNewItemAt ? await this.items.recentItemTimes(source.id) : [];
      const times = new Map(history.map((h) => [h.dedupKey, h.at]));
      for (const item of plan.inserts) times.set(item.dedupKey, item.publishedAt ?? now);
      staleAt = staleAfter([...times.values()]);
    }
    const health: HealthUpdate = {
      ok: true,
      state: stateAfterSuccess(staleAt === undefined ? source.staleAfter : staleAt, now),
      staleAfter: staleAt,
      nextCheckAt: nextCheckAfterSuccess(
        {
          now,
          scheduledNext: this.scheduledNext(source, now),
          ttlMinutes: answer.parsed.ttlMinutes,
          maxAgeSeconds: answer.maxAgeSeconds,
          retryAfterSeconds: answer.retryAfterSeconds,
        },
        this.options.timing,
      ),
      validators: answer.validators,
      pageSnapshot: answer.parsed.snapshot ?? null,
    };
    if (plan.inserts.length + plan.updates.length === 0) {
      // The usual answer of a feed without validators: nothing new, one batched write.
      finishes.add({ ...base, now, outcome: "ok", releaseLease: true, health });
      return { ...base, outcome: "ok", newItemIds: [], updatedItemIds: [] };
    }
    const stored = await this.polls.storeItems({ ...base, now, plan, health });
    const hookError = await this.runHooks(
      stored.newItemIds,
      stored.updatedItemIds,
      claim.pollId,
      source.id,
      false,
    );
    finishes.add({
      ...base,
      now: this.now(),
      outcome: "ok",
      releaseLease: true,
      error: hookError,
      newItems: stored.newItemIds.length,
      updatedItems: stored.updatedItemIds.length,
    });
    return { ...base, outcome: "ok", newItemIds: stored.newItemIds, updatedItemIds: stored.updatedItemIds };
  }

  /**
   * The listing answer: conditional when the plan is one request (the stored validators belong to
   * it), unconditional and merged when an adapter plans several.
   */
  private async fetchListing(adapter: SourceAdapter, config: SourceConfig, source: SourceRecord) {
    const requests = adapter.listingRequests(config);
    if (requests.length === 0) {
      throw new FetchError({
        kind: "parse",
        message: `The ${config.kind} adapter has nothing to fetch for ${config.url}.`,
      });
    }
    const single = requests.length === 1;
    const parsed: ParseResult = { items: [] };
    let maxAgeSeconds: number | null = null;
    let retryAfterSeconds: number | null = null;
    let validators: { etag: string | null; lastModified: string | null } | undefined;
    for (const request of requests) {
      const result = await this.fetcher.fetch(request.url, {
        accept: request.accept,
        conditional: single ? { etag: source.etag, lastModified: source.lastModified } : undefined,
      });
      if (result.notModified && single) {
        return {
          notModified: true as const,
          maxAgeSeconds: result.maxAgeSeconds,
          retryAfterSeconds: result.retryAfterSeconds,
        };
      }
      const page = adapter.parse(result.body, {
        url: result.url,
        contentType: result.contentType,
        source: config,
        now: this.now(),
        previousSnapshot: source.pageSnapshot,
      });
      parsed.items.push(...page.items);
      parsed.ttlMinutes = Math.max(parsed.ttlMinutes ?? 0, page.ttlMinutes ?? 0) || null;
      parsed.snapshot ??= page.snapshot;
      maxAgeSeconds = Math.max(maxAgeSeconds ?? 0, result.maxAgeSeconds ?? 0) || null;
      retryAfterSeconds = Math.max(retryAfterSeconds ?? 0, result.retryAfterSeconds ?? 0) || null;
      if (single) validators = { etag: result.etag, lastModified: result.lastModified };
    }
    return { notModified: false as const, parsed, maxAgeSeconds, retryAfterSeconds, validators };
  }

  /**
   * What storing a parsed page means (domain/item-ingest.ts), after fetching article pages where
   * the adapter asks for full text (the listing gives a summary): for new items only, at most
   * `maxArticlesPerPoll` per poll and within `articleDeadlineMs`. The article fills the content and
   * whatever the listing left empty, never overriding what the listing said, so that the next
   * poll's listing compares equal.
   */
  private async planStore(
    adapter: SourceAdapter,
    config: SourceConfig,
    sourceId: number,
    parsed: ParsedItem[],
    sourceHasNoItems = false,
  ): Promise<IngestPlan> {
    const wanted = new Map<string, ReturnType<NonNullable<SourceAdapter["articleRequest"]>>>();
    if (adapter.articleRequest && adapter.parseArticle) {
      for (const item of parsed) {
        const request = adapter.articleRequest(item, config);
        if (request) wanted.set(item.dedupKey, request);
      }
    }
    const incoming: IncomingItem[] = parsed.map((item) => ({
      dedupKey: item.dedupKey,
      guid: item.guid,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content: item.content,
      language: item.language,
      publishedAt: item.publishedAt,
      keepStoredContent: wanted.has(item.dedupKey),
    }));
    // A source that never stored an item has nothing to update, and its inserts skip keys other
    // sources hold; only article fetching needs to know those keys beforehand.
    const stored =
      sourceHasNoItems && wanted.size === 0
        ? new Map()
        : await this.items.findForIngest(
            incoming.map((i) => i.dedupKey),
            incoming.filter(needsStoredContent).map((i) => i.dedupKey),
          );
    if (wanted.size > 0 && this.maxArticles > 0) {
      const fresh = incoming
        .filter((i) => wanted.has(i.dedupKey) && !stored.has(i.dedupKey))
        .slice(0, this.maxArticles);
      const deadline = Date.now() + this.articleDeadlineMs;
      for (const item of fresh) {
        if (Date.now() > deadline) break;
        const request = wanted.get(item.dedupKey)!;
        try {
          const page = await this.fetcher.fetch(request.url, { accept: request.accept });
          const article = adapter.parseArticle!(page.body, {
            url: page.url,
            contentType: page.contentType,
            source: config,
            now: this.now(),
          });
          item.content = article.content ?? item.content;
          item.title ??= article.title ?? null;
          item.summary ??= article.summary ?? null;
          item.language ??= article.language ?? null;
          item.publishedAt ??= article.publishedAt ?? null;
        } catch (err) {
          // The listing's text is stored; a missing article page is not the source failing.
          if (!isFetchError(err))
            this.onError(`article ${request.url}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    return planIngest(sourceId, incoming, stored, itemContentHash);
  }

  private recordFailure(
    source: SourceRecord,
    claim: ClaimedPoll,
    error: FetchErrorInfo,
    finishes: FinishBatch,
  ): SourcePollResult {
    const now = this.now();
    const base = { sourceId: source.id, pollId: claim.pollId };
    const record = errorRecord(error);
    if (error.kind === "cancelled") {
      // Shutting down is not the source's fault: its health stays as it was.
      finishes.add({ ...base, now, outcome: "failed", error: record, releaseLease: true });
      return { ...base, outcome: "failed", newItemIds: [], updatedItemIds: [], error };
    }
    finishes.add({
      ...base,
      now,
      outcome: "failed",
      error: record,
      releaseLease: true,
      health: {
        ok: false,
        state: stateForError(error.kind),
        error: record,
        nextCheckAt: nextCheckAfterFailure(
          {
            now,
            scheduledNext: this.scheduledNext(source, now),
            consecutiveFailures: source.consecutiveFailures + 1,
            retryAfterSeconds: error.retryAfterSeconds,
          },
          this.options.timing,
        ),
      },
    });
    return { ...base, outcome: "failed", newItemIds: [], updatedItemIds: [], error };
  }

  /** Runs the hooks in order; returns what to note on the poll when one failed. */
  private async runHooks(
    newItemIds: number[],
    updatedItemIds: number[],
    pollId: number,
    sourceId: number,
    backfill: boolean,
  ): Promise<Record<string, unknown> | null> {
    if (newItemIds.length + updatedItemIds.length === 0 || this.hooks.length === 0) return null;
    const ids = [...newItemIds, ...updatedItemIds];
    const context: AfterStoreContext = { sourceId, newItemIds, updatedItemIds, backfill };
    const failures: string[] = [];
    for (const hook of this.hooks) {
      try {
        await hook(ids, pollId, context);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        failures.push(message);
        this.onError(`after storing poll ${pollId} of source ${sourceId}: ${message}`);
      }
    }
    return failures.length > 0 ? { kind: "after-store", message: failures.join("; ") } : null;
  }

  /**
   * Walks a source's archive (the adapter's archive pages, or the feed's next links), storing each
   * page's items with the walk's state in one statement: a restart resumes from the first page not
   * stored. `pages` caps the walk (default 10; with `since`, until items are older than it).
   * A walk that finished, or reached its cap, starts again from the first page when asked again.
   */
  async backfill(
    sourceId: number,
    opts: { pages?: number; since?: Date | null; onProgress?: (p: BackfillProgress) => void } = {},
  ): Promise<BackfillResult> {
    const source = await this.sources.findById(sourceId);
    if (!source) throw new SourceNotFoundError(sourceId);
    let config: SourceConfig;
    try {
      config = sourceConfig(source);
    } catch (err) {
      throw new SourceError((err as Error).message, true);
    }
    if (config.kind === "page") {
      throw new SourceError(`Source ${sourceId} is a watched page: it has no archive to walk.`, true);
    }
    const adapter = getAdapter(config.kind);
    const since = opts.since ? opts.since.toISOString() : null;
    const previous = source.backfill as BackfillState | null;
    const resumed = Boolean(previous && !previous.done && previous.nextUrl && previous.since === since);
    const nowIso = this.now().toISOString();
    let state: BackfillState;
    if (resumed) {
      state = { ...previous!, target: clampPages(opts.pages ?? previous!.target) };
    } else {
      const first = adapter.archiveRequest?.(config, 1) ?? adapter.listingRequests(config)[0];
      if (!first) throw new SourceError(`Source ${sourceId} has no archive to walk.`, true);
      state = {
        nextUrl: first.url,
        page: 1,
        pagesDone: 0,
        target: clampPages(opts.pages ?? (since ? MAX_BACKFILL_PAGES : DEFAULT_BACKFILL_PAGES)),
        since,
        done: false,
        complete: false,
        newItems: 0,
        updatedItems: 0,
        startedAt: nowIso,
        updatedAt: nowIso,
        lastError: null,
      };
      await this.sources.saveBackfill(sourceId, state);
    }
    const sinceDate = opts.since ?? null;

    while (!state.done && state.nextUrl && state.pagesDone < state.target) {
      const url = state.nextUrl;
      const pollId = await this.polls.open(sourceId, this.now());
      let parsed: ParseResult;
      try {
        // An archive page the adapter planned says what it accepts; a feed's next link is the feed's kind.
        const planned = adapter.archiveRequest?.(config, state.page);
        const accept = planned?.url === url ? planned.accept : adapter.listingRequests(config)[0]?.accept;
        const answer = await this.fetcher.fetch(url, accept ? { accept } : {});
        parsed = adapter.parse(answer.body, {
          url: answer.url,
          contentType: answer.contentType,
          source: config,
          now: this.now(),
        });
      } catch (err) {
        const error = asFetchErrorInfo(err, url);
        const endOfArchive =
          state.pagesDone > 0 &&
          (error.kind === "empty" ||
            (error.kind === "http" && (error.status === 404 || error.status === 410)));
        if (endOfArchive) {
          state = {
            ...state,
            done: true,
            complete: true,
            nextUrl: null,
            updatedAt: this.now().toISOString(),
          };
          await this.sources.saveBackfill(sourceId, state);
          await this.polls.finish({ sourceId, pollId, now: this.now(), outcome: "ok", releaseLease: false });
          break;
        }
        state = { ...state, lastError: errorRecord(error), updatedAt: this.now().toISOString() };
        await this.sources.saveBackfill(sourceId, state);
        await this.polls.finish({
          sourceId,
          pollId,
          now: this.now(),
          outcome: "failed",
          error: errorRecord(error),
          releaseLease: false,
        });
        throw new BackfillError(
          `Page ${state.page} of the archive (${url}) could not be read: ${error.message} ` +
            `Run the backfill again to resume from that page.`,
          error,
        );
      }
      const kept = sinceDate
        ? parsed.items.filter((i) => !i.publishedAt || i.publishedAt >= sinceDate)
        : parsed.items;
      const reachedSince =
        sinceDate !== null && parsed.items.some((i) => i.publishedAt && i.publishedAt < sinceDate);
      const nextUrl = parsed.nextPageUrl ?? adapter.archiveRequest?.(config, state.page + 1)?.url ?? null;
      const plan = await this.planStore(adapter, config, sourceId, kept);
      const pagesDone = state.pagesDone + 1;
      const complete = !nextUrl || nextUrl === url || parsed.items.length === 0 || reachedSince;
      const next: BackfillState = {
        ...state,
        nextUrl: complete ? null : nextUrl,
        page: state.page + 1,
        pagesDone,
        complete,
        done: complete || pagesDone >= state.target,
        updatedAt: this.now().toISOString(),
        lastError: null,
      };
      const stored = await this.polls.storeItems({
        sourceId,
        pollId,
        now: this.now(),
        plan,
        backfillState: next,
      });
      next.newItems = state.newItems + stored.newItemIds.length;
      next.updatedItems = state.updatedItems + stored.updatedItemIds.length;
      if (stored.newItemIds.length + stored.updatedItemIds.length > 0)
        await this.sources.saveBackfill(sourceId, next);
      state = next;
      const hookError = await this.runHooks(stored.newItemIds, stored.updatedItemIds, pollId, sourceId, true);
      await this.polls.finish({
        sourceId,
        pollId,
        now: this.now(),
        outcome: "ok",
        releaseLease: false,
        error: hookError,
        newItems: stored.newItemIds.length,
        updatedItems: stored.updatedItemIds.length,
      });
      opts.onProgress?.({
        sourceId,
        page: state.page - 1,
        pagesDone: state.pagesDone,
        target: state.target,
        url,
        newItems: stored.newItemIds.length,
        totalNewItems: state.newItems,
        done: state.done,
      });
    }
    return {
      sourceId,
      resumed,
      pagesDone: state.pagesDone,
      newItems: state.newItems,
      updatedItems: state.updatedItems,
      done: state.done || !state.nextUrl || state.pagesDone >= state.target,
      morePages: !state.complete && state.nextUrl !== null,
    };
  }
}

function clampPages(pages: number): number {
  return Math.min(MAX_BACKFILL_PAGES, Math.max(1, Math.floor(pages)));
}

export function summarize(results: SourcePollResult[]): PollSummary {
  const summary = emptySummary();
  for (const r of results) {
    if (r.outcome === "skipped") continue;
    summary.sources++;
    if (r.outcome === "ok") summary.fetched++;
    else if (r.outcome === "not-modified") summary.notModified++;
    else summary.failed++;
    summary.newItems += r.newItemIds.length;
    summary.updatedItems += r.updatedItemIds.length;
  }
  return summary;
}
