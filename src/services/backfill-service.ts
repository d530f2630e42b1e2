// Backfill: walks a source's archive (the adapter's numbered archive pages, or a feed's next
// links) and stores each page's items as a poll would, with the walk's state written in the same
// statement, so that a restart (of the CLI or of the service's backfill job) resumes from the first
// page not stored. Each page is a Poll row without a lease (its writes are idempotent, so scheduled
// polls may run beside it), and its new items reach the afterStore hooks marked `backfill`.
import { randomUUID } from "node:crypto";
import { errorRecord } from "../domain/source-health.js";
import { parseBody } from "../infra/parse-pool.js";
import type { PollRepository } from "../repositories/poll-repository.js";
import type { SourceRepository } from "../repositories/source-repository.js";
import { getAdapter } from "../sources/registry.js";
import type { ParseResult, SourceAdapter, SourceConfig } from "../sources/types.js";
import type { IngestPipeline, IngestRound } from "./ingest-pipeline.js";
import { sourceConfig } from "./item-intake.js";
import { BackfillBusyError, BackfillError, SourceError, SourceNotFoundError } from "./source-errors.js";
import { asFetchErrorInfo, type SourceFetcher } from "./source-preview.js";
import { proxyInit } from "./source-reach.js";

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
  /**
   * A walk holds this lease while it runs (`walking`, its `walker` token, and `updatedAt` written
   * with every page): a second walker (another instance, a job retried, the CLI) finds it taken
   * and does not walk the same pages beside it. A walker that died leaves a lease that goes
   * stale once `updatedAt` is older than the lease time; the next walker resumes from the state.
   */
  walking?: boolean;
  walker?: string;
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

export interface BackfillServiceOptions {
  /** A walk whose last page is older than this is taken to be dead (default 10 minutes). */
  leaseMs?: number;
  /** Where queued walks (the service's) report their progress: the service log. */
  log?: (line: string) => void;
}

/** What the service queues to resume an unfinished walk (a job's data, so plain JSON). */
export interface QueuedBackfill {
  sourceId: number;
  pages?: number;
  /** ISO date. */
  since?: string | null;
}

const DEFAULT_BACKFILL_PAGES = 10;
const MAX_BACKFILL_PAGES = 1000;

export class BackfillService {
  constructor(
    private readonly sources: SourceRepository,
    private readonly polls: PollRepository,
    private readonly pipeline: IngestPipeline,
    private readonly fetcher: SourceFetcher,
    private readonly now: () => Date,
    private readonly options: BackfillServiceOptions = {},
  ) {}

  /**
   * Walks a source's archive (the adapter's archive pages, or the feed's next links), storing each
   * page's items with the walk's state in one statement: a restart resumes from the first page not
   * stored. `pages` caps the walk (default 10; with `since`, until items are older than it).
   * A walk that finished, or reached its cap, starts again from the first page when asked again.
   */
  async backfill(
    sourceId: number,
    opts: {
      pages?: number;
      since?: Date | null;
      onProgress?: (p: BackfillProgress) => void;
      /** Only resume an unfinished walk (the service's restart); null when there is none. */
      resumeOnly?: boolean;
    } = {},
  ): Promise<BackfillResult | null> {
    const source = await this.sources.findById(sourceId);
    if (!source) throw new SourceNotFoundError(sourceId);
    let config: SourceConfig;
    try {
      config = sourceConfig(source);
    } catch (err) {
      throw new SourceError((err as Error).message, "invalid");
    }
    if (config.kind === "page") {
      throw new SourceError(`Source ${sourceId} is a watched page: it has no archive to walk.`, "invalid");
    }
    const adapter = getAdapter(config.kind);
    const since = opts.since ? opts.since.toISOString() : null;
    const nowIso = this.now().toISOString();
    const walker = randomUUID();
    const stale = new Date(this.now().getTime() - (this.options.leaseMs ?? 10 * 60_000));
    const claimed = await this.sources.claimBackfill(sourceId, walker, this.now(), stale);
    if (!claimed.ok) throw new BackfillBusyError(sourceId);
    try {
      return await this.walk(sourceId, adapter, config, claimed.previous as BackfillState | null, walker, {
        pages: opts.pages,
        since,
        voice: source.voice,
        onProgress: opts.onProgress,
        resumeOnly: opts.resumeOnly,
        nowIso,
      });
    } finally {
      await this.sources.releaseBackfill(sourceId, walker).catch(() => {});
    }
  }

  /**
   * The queued job of a service restart: only ever resumes the walk it was queued for, so a job
   * retried after that walk finished does nothing (null, never a new walk from page 1). A request
   * that retrying cannot help (a removed source, a page kind) is null as well; a page that failed to
   * load, or another walker holding the lease (BackfillBusyError), throws so the queue retries later.
   */
  async resumeQueued(job: QueuedBackfill): Promise<BackfillResult | null> {
    const log = this.options.log ?? (() => {});
    const name = (await this.sources.findById(job.sourceId))?.name ?? "a removed source";
    const walk = `backfill of ${name} (source ${job.sourceId})${job.since ? ` back to ${job.since.slice(0, 10)}` : ""}`;
    try {
      const result = await this.backfill(job.sourceId, {
        pages: job.pages,
        since: job.since ? new Date(job.since) : null,
        resumeOnly: true,
        onProgress: (p) =>
          log(`${walk}: page ${p.page} stored, ${p.newItems} new items (${p.totalNewItems} in all)`),
      });
      const pages = `${result?.pagesDone} page${result?.pagesDone === 1 ? "" : "s"}`;
      if (result) log(`${walk} finished: ${pages}, ${result.newItems} new items.`);
      return result;
    } catch (err) {
      // A request no retry can mend: a removed source, or one with no archive.
      if (err instanceof SourceError && (err.category === "invalid" || err.category === "not-found"))
        return null;
      if (!(err instanceof BackfillBusyError))
        log(`${walk} stopped: ${(err as Error).message} It is retried later.`);
      throw err;
    }
  }

  /** Every walk that has not finished, as the job that resumes it (the service's start queues them). */
  async unfinishedWalks(): Promise<QueuedBackfill[]> {
    return (await this.sources.unfinishedBackfills()).map((b) => {
      const state = b.backfill as { target?: number; since?: string | null };
      return { sourceId: b.id, pages: state.target, since: state.since ?? null };
    });
  }

  /**
   * A new database's record: marks a walk back to `since` as due for every source with an archive
   * that was never backfilled, without walking it. The service's start queues every unfinished walk
   * (`backfill-source`), so the walks run in the service, each resuming where it stopped if the
   * service stops. Returns how many were planned.
   */
  async planSince(since: Date): Promise<number> {
    const nowIso = this.now().toISOString();
    let planned = 0;
    for (const source of await this.sources.findAll({ includePaused: false })) {
      if (source.backfill !== null) continue;
      let config: SourceConfig;
      try {
        config = sourceConfig(source);
      } catch {
        continue;
      }
      if (config.kind === "page") continue;
      const adapter = getAdapter(config.kind);
      const first = adapter.archiveRequest?.(config, 1) ?? adapter.listingRequests(config)[0];
      if (!first) continue;
      const state: BackfillState = {
        ...newWalk(first.url, undefined, since.toISOString(), nowIso),
        walking: false,
      };
      await this.sources.saveBackfill(source.id, state);
      planned++;
    }
    return planned;
  }

  private async walk(
    sourceId: number,
    adapter: SourceAdapter,
    config: SourceConfig,
    previous: BackfillState | null,
    walker: string,
    opts: WalkOptions,
  ): Promise<BackfillResult | null> {
    const resumed = Boolean(previous && !previous.done && previous.nextUrl && previous.since === opts.since);
    if (opts.resumeOnly && !resumed) return null;
    let state = resumed
      ? { ...previous!, walking: true, walker, target: clampPages(opts.pages ?? previous!.target) }
      : await this.startWalk(sourceId, adapter, config, walker, opts);
    const page: PageContext = {
      sourceId,
      adapter,
      config,
      sinceDate: opts.since ? new Date(opts.since) : null,
      ingest: this.pipeline.round(),
      opts,
    };

    while (!state.done && state.nextUrl && state.pagesDone < state.target) {
      const url = state.nextUrl;
      const pollId = await this.polls.open(sourceId, this.now());
      let parsed: ParseResult;
      try {
        parsed = await this.readPage(adapter, config, state.page, url);
      } catch (err) {
        state = await this.endWalkOrFail(sourceId, pollId, state, url, err);
        break;
      }
      state = await this.storePage(page, state, pollId, url, parsed);
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

  /** A new walk from the archive's first page, its state saved before any page is read. */
  private async startWalk(
    sourceId: number,
    adapter: SourceAdapter,
    config: SourceConfig,
    walker: string,
    opts: WalkOptions,
  ): Promise<BackfillState> {
    const first = adapter.archiveRequest?.(config, 1) ?? adapter.listingRequests(config)[0];
    if (!first) throw new SourceError(`Source ${sourceId} has no archive to walk.`, "invalid");
    const state = { ...newWalk(first.url, opts.pages, opts.since, opts.nowIso), walking: true, walker };
    await this.sources.saveBackfill(sourceId, state);
    return state;
  }

  /** Fetches and parses one archive page. */
  private async readPage(
    adapter: SourceAdapter,
    config: SourceConfig,
    pageNumber: number,
    url: string,
  ): Promise<ParseResult> {
    // An archive page the adapter planned says what it accepts; a feed's next link is the feed's kind.
    const planned = adapter.archiveRequest?.(config, pageNumber);
    const accept = planned?.url === url ? planned.accept : adapter.listingRequests(config)[0]?.accept;
    const answer = await this.fetcher.fetch(url, { ...(accept ? { accept } : {}), ...proxyInit(config) });
    return parseBody(adapter, answer.body, {
      url: answer.url,
      contentType: answer.contentType,
      source: config,
      now: this.now(),
    });
  }

  /**
   * A page that could not be read: past the first page, a missing or empty page is the archive's
   * end (the walk's complete state is returned); anything else is saved as the walk's error and thrown.
   */
  private async endWalkOrFail(
    sourceId: number,
    pollId: number,
    state: BackfillState,
    url: string,
    err: unknown,
  ): Promise<BackfillState> {
    const error = asFetchErrorInfo(err, url);
    const endOfArchive =
      state.pagesDone > 0 &&
      (error.kind === "empty" || (error.kind === "http" && (error.status === 404 || error.status === 410)));
    if (endOfArchive) {
      const ended = {
        ...state,
        done: true,
        complete: true,
        nextUrl: null,
        updatedAt: this.now().toISOString(),
      };
      await this.sources.saveBackfill(sourceId, ended);
      await this.polls.finish({ sourceId, pollId, now: this.now(), outcome: "ok", releaseLease: false });
      return ended;
    }
    const failed = { ...state, lastError: errorRecord(error), updatedAt: this.now().toISOString() };
    await this.sources.saveBackfill(sourceId, failed);
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

  /** Stores one parsed page's items with the walk's next state, and reports the page. */
  private async storePage(
    page: PageContext,
    state: BackfillState,
    pollId: number,
    url: string,
    parsed: ParseResult,
  ): Promise<BackfillState> {
    const { sourceId, adapter, config, sinceDate, ingest, opts } = page;
    const kept = sinceDate
      ? parsed.items.filter((i) => !i.publishedAt || i.publishedAt >= sinceDate)
      : parsed.items;
    const reachedSince =
      sinceDate !== null && parsed.items.some((i) => i.publishedAt && i.publishedAt < sinceDate);
    const nextUrl = parsed.nextPageUrl ?? adapter.archiveRequest?.(config, state.page + 1)?.url ?? null;
    const plan = await ingest.plan(adapter, config, sourceId, kept, { voice: opts.voice });
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
    const { stored, followedUp } = await ingest.ingest({
      sourceId,
      pollId,
      now: this.now(),
      plan,
      backfillState: next,
      voice: opts.voice,
      backfill: true,
    });
    next.newItems = state.newItems + stored.newItemIds.length;
    next.updatedItems = state.updatedItems + stored.updatedItemIds.length;
    if (stored.newItemIds.length + stored.updatedItemIds.length > 0)
      await this.sources.saveBackfill(sourceId, next);
    // A page is the round's last store: its follow-up need not wait for more.
    void ingest.end();
    const hookError = await followedUp;
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
      page: next.page - 1,
      pagesDone: next.pagesDone,
      target: next.target,
      url,
      newItems: stored.newItemIds.length,
      totalNewItems: next.newItems,
      done: next.done,
    });
    return next;
  }
}

interface WalkOptions {
  pages?: number;
  since: string | null;
  onProgress?: (p: BackfillProgress) => void;
  resumeOnly?: boolean;
  nowIso: string;
  /** The source's voice, for matching its new items. */
  voice?: string;
}

/** What every page of one walk shares. */
interface PageContext {
  sourceId: number;
  adapter: SourceAdapter;
  config: SourceConfig;
  sinceDate: Date | null;
  ingest: IngestRound;
  opts: WalkOptions;
}

/** A walk's state before its first page: back to `since` it may take up to the cap of pages. */
function newWalk(
  firstUrl: string,
  pages: number | undefined,
  since: string | null,
  nowIso: string,
): BackfillState {
  return {
    nextUrl: firstUrl,
    page: 1,
    pagesDone: 0,
    target: clampPages(pages ?? (since ? MAX_BACKFILL_PAGES : DEFAULT_BACKFILL_PAGES)),
    since,
    done: false,
    complete: false,
    newItems: 0,
    updatedItems: 0,
    startedAt: nowIso,
    updatedAt: nowIso,
    lastError: null,
  };
}

function clampPages(pages: number): number {
  return Math.min(MAX_BACKFILL_PAGES, Math.max(1, Math.floor(pages)));
}
