// Between a parsed page and the store, for polls and backfills alike: article pages fetched for
// full text where the adapter asks (new items only, bounded), the ingest plan (domain/item-ingest.ts),
// and the afterStore hooks run once the items are stored.
import { proxyInit } from "./source-reach.js";
import { FetchError, isFetchError } from "../domain/fetch-error.js";
import type { ParsedItem } from "../domain/item.js";
import { isVoice } from "../domain/source-voice.js";
import { type IncomingItem, type IngestPlan, needsStoredContent, planIngest } from "../domain/item-ingest.js";
import type { ItemRepository } from "../repositories/item-repository.js";
import { parseArticleBody } from "../repositories/parse-pool.js";
import type { IntakeMatches } from "../repositories/poll-repository.js";
import type { SourceRecord } from "../repositories/source-repository.js";
import { isSourceKind } from "../sources/registry.js";
import { itemContentHash } from "../sources/shared/item.js";
import type { SourceAdapter, SourceConfig } from "../sources/types.js";
import type { IntakeMatcher } from "./match-service.js";
import type { SourceFetcher } from "./source-preview.js";

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

export interface ItemIntakeOptions {
  /** Article pages fetched for full text per poll or backfill page (default 20). */
  maxArticlesPerPoll?: number;
  /** Time allowed for all article fetches of one poll (default 2 minutes). */
  articleDeadlineMs?: number;
  onError?: (message: string) => void;
}

/** What an adapter needs to know of a stored source; a kind policywatch does not know is a `parse` error. */
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

export class ItemIntake {
  private readonly hooks: AfterStore[] = [];
  private readonly roundEndListeners: (() => void)[] = [];
  private matcherSource: (() => Promise<IntakeMatcher | null>) | null = null;
  private readonly maxArticles: number;
  private readonly articleDeadlineMs: number;
  private readonly onError: (message: string) => void;

  constructor(
    private readonly items: ItemRepository,
    private readonly fetcher: SourceFetcher,
    private readonly now: () => Date,
    options: ItemIntakeOptions = {},
  ) {
    this.maxArticles = Math.max(0, options.maxArticlesPerPoll ?? 20);
    this.articleDeadlineMs = options.articleDeadlineMs ?? 120_000;
    this.onError = options.onError ?? (() => {});
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
   * Matches new items before they are stored, so that their evidence is written with them (the
   * app installs the matching service's `intakeMatcher`). Without it, the afterStore hooks match.
   */
  matchBeforeStore(source: () => Promise<IntakeMatcher | null>): void {
    this.matcherSource = source;
  }

  /**
   * The matcher for one round of polls, read when its first new item needs it (a round of 304
   * answers reads nothing). Null: no matching before storing.
   */
  matcherForRound(): () => Promise<IntakeMatcher | null> {
    let pending: Promise<IntakeMatcher | null> | null = null;
    return () => {
      if (!this.matcherSource) return Promise.resolve(null);
      pending ??= this.matcherSource();
      return pending;
    };
  }

  /** The evidence a plan's new items give (pure CPU work: the matcher is already compiled). */
  matchInserts(matcher: IntakeMatcher, sourceId: number, plan: IngestPlan, voice?: string | null): IntakeMatches {
    const evidence: IntakeMatches["evidence"] = [];
    for (const item of plan.inserts) {
      const drafts = matcher.drafts({
        title: item.title,
        summary: item.summary,
        content: item.content,
        language: item.language,
        source: sourceId,
        voice: isVoice(voice) ? voice : null,
        publishedAt: item.publishedAt,
        url: item.url,
      });
      for (const d of drafts) evidence.push({ dedupKey: item.dedupKey, ...d });
    }
    return { matchedWith: matcher.key, matcherVersion: matcher.matcherVersion, evidence };
  }

  /**
   * What storing a parsed page means (domain/item-ingest.ts), after fetching article pages where
   * the adapter asks for full text (the listing gives a summary): for new items only, at most
   * `maxArticlesPerPoll` per poll and within `articleDeadlineMs`. The article fills the content and
   * whatever the listing left empty, never overriding what the listing said, so that the next
   * poll's listing compares equal.
   */
  async plan(
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
          const page = await this.fetcher.fetch(request.url, { accept: request.accept, ...proxyInit(config) });
          const article = await parseArticleBody(adapter, page.body, {
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

  /**
   * Hears that a round of polls has stored everything it will (a hook that gathers polls to work
   * on them together stops waiting for more).
   */
  onRoundEnd(listener: () => void): void {
    this.roundEndListeners.push(listener);
  }

  endOfRound(): void {
    for (const listener of this.roundEndListeners) listener();
  }

  /** Runs the hooks in order; returns what to note on the poll when one failed. */
  async runHooks(
    stored: { newItemIds: number[]; updatedItemIds: number[]; newProgressEvidenceIds?: number[] },
    matchedBeforeStore: boolean,
    pollId: number,
    sourceId: number,
    backfill: boolean,
  ): Promise<Record<string, unknown> | null> {
    const { newItemIds, updatedItemIds } = stored;
    if (newItemIds.length + updatedItemIds.length === 0 || this.hooks.length === 0) return null;
    const ids = [...newItemIds, ...updatedItemIds];
    const context: AfterStoreContext = {
      sourceId,
      newItemIds,
      updatedItemIds,
      backfill,
      matchedItemIds: matchedBeforeStore ? newItemIds : [],
      newProgressEvidenceIds: stored.newProgressEvidenceIds ?? [],
    };
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
}
