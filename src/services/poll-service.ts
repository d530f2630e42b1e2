// Polling: from a source's fetch plan to stored items and its health. Per source, in order:
//  1. claim the source's lease (a second poller, instance or tick finds it taken and skips);
//  2. fetch the adapter's listing request with the stored ETag / Last-Modified (304: nothing to do);
//  3. parse, then the ingest pipeline (ingest-pipeline.ts): plan (article pages for full text),
//     match the new items, store items, evidence and health in one statement shared with the other
//     polls of the round ready at the same moment (nothing half-stored; a failure stores only
//     health), and follow up (changed items' matching, statuses, immediate alerts) BEFORE the
//     poll is closed, so that what follows a poll keys on a finished store;
//  4. close the Poll row and release the lease (closings are written in batches too).
// Sources are polled `concurrency` at a time (steps 2-3; the follow-up runs while the slot polls the
// next source, batched across polls by the pipeline); the fetcher spaces requests per host. A failing
// source is recorded as such and never stops the others. Errors of our own (the database) are
// reported and, for a single-source poll (a queued job), thrown so that the queue retries it.
import { rehomeItems, withMirrors } from "./mirror-fallback.js";
import { proxyInit, sourceMirrors } from "./source-reach.js";
import { localTimeZone, nextCronRun } from "../domain/cron-next.js";
import { FetchError, type FetchErrorInfo } from "../domain/fetch-error.js";
import {
  errorRecord,
  isDue,
  nextCheckAfterFailure,
  nextCheckAfterSuccess,
  staleAfter,
  stateAfterSuccess,
  stateForError,
  type TimingPolicy,
} from "../domain/source-health.js";
import type { ItemRepository } from "../repositories/item-repository.js";
import { parseBody } from "../infra/parse-pool.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits, limitItems } from "../domain/ingest-limits.js";
import type {
  ClaimedPoll,
  HealthUpdate,
  PollFinish,
  PollRepository,
} from "../repositories/poll-repository.js";
import type { SourceRecord, SourceRepository } from "../repositories/source-repository.js";
import { getAdapter } from "../sources/registry.js";
import type { ParseResult, SourceAdapter, SourceConfig } from "../sources/types.js";
import type { IngestPipeline, IngestRound } from "./ingest-pipeline.js";
import { sourceConfig } from "./item-intake.js";
import { SourceNotFoundError } from "./source-errors.js";
import { asFetchErrorInfo, type SourceFetcher } from "./source-preview.js";
import { WriteBatcher } from "./write-batcher.js";

/** `poll --json`: counts over the sources polled. */
export interface PollSummary {
  sources: number;
  fetched: number;
  notModified: number;
  failed: number;
  newItems: number;
  updatedItems: number;
}

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

export interface PollServiceOptions {
  /** Sources polled at once (default 16). */
  concurrency?: number;
  /** A lease older than this belongs to a poll that died (default 15 minutes). */
  leaseMs?: number;
  /** The scheduler takes over a due source whose claim is older than this (default 2 minutes). */
  claimLeaseMs?: number;
  /** Zone source schedules are read in (default: the process's). */
  timeZone?: string;
  timing?: TimingPolicy;
  /** Where problems of our own go (the service log). */
  onError?: (message: string) => void;
  /** Items kept per fetch and characters per field (MAX_ITEMS_PER_FETCH and the field caps). */
  limits?: IngestLimits;
}

/** What the polls of one round share: batched closings and the pipeline's round. */
interface Round {
  signal?: AbortSignal;
  finishes: FinishBatch;
  ingest: IngestRound;
}

interface RunOptions {
  throwOnOwnErrors: boolean;
  onResult?: (result: SourcePollResult, source: SourceRecord) => void;
  /** Cancels the fetches not yet answered. */
  signal?: AbortSignal;
}

/** A poll whose fetch and store are over; `done` settles once what follows the store has run. */
interface PolledStage {
  done: Promise<SourcePollResult>;
}

/** The schedule a source whose own never fires is polled on (the feeds' default). */
const FALLBACK_SCHEDULE = "*/15 * * * *";

export function emptySummary(): PollSummary {
  return { sources: 0, fetched: 0, notModified: 0, failed: 0, newItems: 0, updatedItems: 0 };
}

/**
 * Poll closings written together (write-batcher.ts): a poll of 1,000 unchanged sources is 1,000
 * answers of 304 and a few dozen statements. Closing is not waited for; `drain` writes what is
 * left and reports a failed write.
 */
class FinishBatch {
  private readonly batcher: WriteBatcher<PollFinish, void>;
  private failure: unknown = null;

  constructor(write: (batch: PollFinish[]) => Promise<void>) {
    this.batcher = new WriteBatcher<PollFinish, void>(
      async (batch) => {
        await write(batch);
        return batch.map(() => undefined);
      },
      { size: 250, windowMs: 20, maxInFlight: 1 },
    );
  }

  add(finish: PollFinish): void {
    this.batcher.add(finish).catch((err) => {
      this.failure ??= err;
    });
  }

  async drain(): Promise<void> {
    await this.batcher.idle();
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

/** What a poll that stopped on policywatch's own error reports, in its answer and in its record alike. */
const OWN_FAILURE: FetchErrorInfo = {
  kind: "internal",
  message: "The poll stopped on an error of policywatch's own; it is retried.",
};

export class PollService {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly claimLeaseMs: number;
  private readonly timeZone: string;
  private readonly onError: (message: string) => void;
  private readonly limits: IngestLimits;

  constructor(
    private readonly sources: SourceRepository,
    private readonly items: ItemRepository,
    private readonly polls: PollRepository,
    private readonly pipeline: IngestPipeline,
    private readonly fetcher: SourceFetcher,
    private readonly now: () => Date,
    private readonly options: PollServiceOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.leaseMs = options.leaseMs ?? 15 * 60_000;
    this.claimLeaseMs = options.claimLeaseMs ?? 120_000;
    this.timeZone = options.timeZone ?? localTimeZone();
    this.onError = options.onError ?? (() => {});
    this.limits = options.limits ?? DEFAULT_INGEST_LIMITS;
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

  /**
   * The scheduler's batch: claims up to `limit` due sources (poll-repository.ts `claimDue`) and
   * polls them as `poll` does. `signal` cancels the fetches still to answer (a stopping service).
   */
  async pollDueBatch(
    limit: number,
    signal?: AbortSignal,
  ): Promise<{ claimed: number; summary: PollSummary }> {
    const now = this.now();
    const claims = await this.polls.claimDue(now, limit, new Date(now.getTime() - this.claimLeaseMs));
    if (claims.length === 0) return { claimed: 0, summary: emptySummary() };
    const list = await this.sources.findByIds(claims.map((c) => c.sourceId));
    // Errors of our own throw, so that the scheduler pauses rather than claims the sources again at once.
    const results = await this.runClaimed(claims, list, { throwOnOwnErrors: true, signal });
    return { claimed: claims.length, summary: summarize(results) };
  }

  /** When the scheduler next has a source to claim (null: no source to poll). */
  async nextDueAt(): Promise<Date | null> {
    return this.polls.nextDueAt(this.claimLeaseMs);
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

  private async run(list: SourceRecord[], opts: RunOptions): Promise<SourcePollResult[]> {
    if (list.length === 0) return [];
    const now = this.now();
    const claims = await this.polls.claim(
      list.map((s) => s.id),
      now,
      new Date(now.getTime() - this.leaseMs),
    );
    return this.runClaimed(claims, list, opts);
  }

  /** Polls sources whose leases this caller holds, keeping the leases fresh until each poll ends. */
  private async runClaimed(
    claims: ClaimedPoll[],
    list: SourceRecord[],
    opts: RunOptions,
  ): Promise<SourcePollResult[]> {
    const byId = new Map(list.map((s) => [s.id, s]));
    // A source deleted between its claim and its read has nothing to poll (its Poll row went with it).
    claims = claims.filter((c) => byId.has(c.sourceId));
    if (claims.length === 0) return [];
    const running = new Set(claims.map((c) => c.sourceId));
    const heartbeat = setInterval(
      () => void this.polls.renewLeases([...running], this.now()).catch(() => {}),
      Math.max(1000, Math.min(this.leaseMs, this.claimLeaseMs) / 3),
    );
    heartbeat.unref();
    try {
      return await this.pollRound(claims, byId, running, opts);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async pollRound(
    claims: ClaimedPoll[],
    byId: Map<number, SourceRecord>,
    running: Set<number>,
    opts: RunOptions,
  ): Promise<SourcePollResult[]> {
    const ingest = this.pipeline.round();
    const results: SourcePollResult[] = [];
    const finishes = new FinishBatch((batch) => this.polls.finishMany(batch));
    let ownError: unknown = null;
    const stopped = async (err: unknown, source: SourceRecord, claim: ClaimedPoll) => {
      // Ours, not the source's (the database went away): give the lease back if we can.
      ownError ??= err;
      running.delete(source.id);
      this.onError(
        `poll of source ${source.id} (${source.url}) stopped: ${err instanceof Error ? err.message : String(err)}`,
      );
      await this.polls
        .finish({
          sourceId: source.id,
          pollId: claim.pollId,
          now: this.now(),
          outcome: "failed",
          error: { ...OWN_FAILURE },
          releaseLease: true,
        })
        .catch(() => {});
      const result: SourcePollResult = {
        sourceId: source.id,
        pollId: claim.pollId,
        outcome: "failed",
        newItemIds: [],
        updatedItemIds: [],
        error: OWN_FAILURE,
      };
      results.push(result);
      opts.onResult?.(result, source);
    };
    // A slot is held for a poll's fetch and store; what follows the store (matching and alerts,
    // batched across polls by the afterStore hook) finishes the poll while the slot polls the next.
    const following: Promise<void>[] = [];
    await forEachLimit(claims, this.concurrency, async (claim) => {
      const source = byId.get(claim.sourceId)!;
      let stage: PolledStage;
      try {
        stage = await this.pollClaimed(source, claim, { finishes, ingest, signal: opts.signal });
      } catch (err) {
        await stopped(err, source, claim);
        return;
      }
      following.push(
        stage.done.then(
          (result) => {
            running.delete(source.id);
            results.push(result);
            opts.onResult?.(result, source);
          },
          (err) => stopped(err, source, claim),
        ),
      );
    });
    // Every store of the round is written: nothing more is coming.
    await ingest.end();
    await Promise.all(following);
    try {
      await finishes.drain();
    } catch (err) {
      ownError ??= err;
      this.onError(`could not record the end of polls: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (ownError && opts.throwOnOwnErrors) throw ownError;
    return results;
  }

  /**
   * The next slot of the source's schedule; a schedule that never fires (changed by hand in the
   * database) falls back to the default's, so that the source is not due again at once forever.
   */
  private scheduledNext(source: SourceRecord, after: Date): Date | null {
    try {
      const next = nextCronRun(source.schedule, after, this.timeZone);
      if (next) return next;
    } catch {
      // Reported below.
    }
    this.onError(
      `source ${source.id} has a schedule that never fires ("${source.schedule}"); it is polled every 15 minutes.`,
    );
    return nextCronRun(FALLBACK_SCHEDULE, after, this.timeZone);
  }

  private async pollClaimed(source: SourceRecord, claim: ClaimedPoll, round: Round): Promise<PolledStage> {
    const { finishes, ingest } = round;
    const base = { sourceId: source.id, pollId: claim.pollId };
    const settled = (result: SourcePollResult): PolledStage => ({ done: Promise.resolve(result) });
    let adapter: SourceAdapter;
    let config: SourceConfig;
    let answer: Awaited<ReturnType<PollService["fetchListing"]>>;
    try {
      config = sourceConfig(source);
      adapter = getAdapter(config.kind);
      answer = await this.fetchListing(adapter, config, source, round.signal);
    } catch (err) {
      return settled(this.recordFailure(source, claim, asFetchErrorInfo(err, source.url), finishes));
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
      return settled({ ...base, outcome: "not-modified", newItemIds: [], updatedItemIds: [] });
    }

    const plan = await ingest.plan(adapter, config, source.id, answer.parsed.items, {
      sourceHasNoItems: source.lastNewItemAt === null,
      voice: source.voice,
    });
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
      return settled({ ...base, outcome: "ok", newItemIds: [], updatedItemIds: [] });
    }
    const { stored, followedUp } = await ingest.ingest({
      ...base,
      now,
      plan,
      health,
      voice: source.voice,
      backfill: false,
    });
    const done = followedUp.then((hookError): SourcePollResult => {
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
    });
    return { done };
  }

  /**
   * The listing answer: conditional when the plan is one request (the stored validators belong to
   * it), unconditional and merged when an adapter plans several.
   */
  private async fetchListing(
    adapter: SourceAdapter,
    config: SourceConfig,
    source: SourceRecord,
    signal?: AbortSignal,
  ) {
    const mirrors = sourceMirrors(config);
    const { value, answeredBy } = await withMirrors(config.url, mirrors, (url, primary) =>
      this.fetchListingFrom(adapter, primary ? config : { ...config, url }, source, primary, signal),
    );
    if (mirrors.length > 0 && answeredBy !== source.answeredBy) {
      await this.sources.setAnsweredBy(source.id, answeredBy);
    }
    if (value.notModified || answeredBy === config.url) return value;
    return {
      ...value,
      parsed: { ...value.parsed, items: rehomeItems(value.parsed.items, answeredBy, config.url) },
    };
  }

  /** The listing from one URL: the source's own (with its validators) or a mirror's (without). */
  private async fetchListingFrom(
    adapter: SourceAdapter,
    config: SourceConfig,
    source: SourceRecord,
    primary: boolean,
    signal?: AbortSignal,
  ) {
    const requests = adapter.listingRequests(config);
    if (requests.length === 0) {
      throw new FetchError({
        kind: "parse",
        message: `The ${config.kind} adapter has nothing to fetch for ${config.url}.`,
      });
    }
    const single = requests.length === 1 && primary;
    const parsed: ParseResult = { items: [] };
    let dropped = 0;
    let maxAgeSeconds: number | null = null;
    let retryAfterSeconds: number | null = null;
    let validators: { etag: string | null; lastModified: string | null } | undefined;
    for (const request of requests) {
      const result = await this.fetcher.fetch(request.url, {
        accept: request.accept,
        conditional: single ? { etag: source.etag, lastModified: source.lastModified } : undefined,
        ...proxyInit(config),
        signal,
      });
      if (result.notModified && single) {
        return {
          notModified: true as const,
          maxAgeSeconds: result.maxAgeSeconds,
          retryAfterSeconds: result.retryAfterSeconds,
        };
      }
      const ctx = { url: result.url, contentType: result.contentType, source: config, now: this.now() };
      const page = await parseBody(
        adapter,
        result.body,
        { ...ctx, previousSnapshot: source.pageSnapshot },
        this.limits,
      );
      dropped += page.itemsDropped;
      parsed.items.push(...page.items);
      parsed.ttlMinutes = Math.max(parsed.ttlMinutes ?? 0, page.ttlMinutes ?? 0) || null;
      parsed.snapshot ??= page.snapshot;
      maxAgeSeconds = Math.max(maxAgeSeconds ?? 0, result.maxAgeSeconds ?? 0) || null;
      retryAfterSeconds = Math.max(retryAfterSeconds ?? 0, result.retryAfterSeconds ?? 0) || null;
      if (single) validators = { etag: result.etag, lastModified: result.lastModified };
    }
    const kept = limitItems(parsed.items, this.limits);
    parsed.items = kept.items;
    dropped += kept.dropped;
    if (dropped !== source.itemsDropped) await this.sources.setItemsDropped(source.id, dropped);
    return { notModified: false as const, parsed, maxAgeSeconds, retryAfterSeconds, validators };
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
