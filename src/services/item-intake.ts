// The plan stage of the ingest pipeline (ingest-pipeline.ts): article pages fetched for full text
// where the listing gives only a summary (for candidate items, once per article, within a per-poll
// budget), the ingest plan (domain/item-ingest.ts), and the evidence a compiled matcher finds in
// the new items before they are stored.
import { proxyInit } from "./source-reach.js";
import { FetchError, isFetchError } from "../domain/fetch-error.js";
import type { ParsedItem } from "../domain/item.js";
import type { Voice } from "../domain/matching/index.js";
import { isVoice } from "../domain/source-voice.js";
import {
  type IncomingItem,
  type IngestPlan,
  needsStoredContent,
  planIngest,
  type StoredItemState,
} from "../domain/item-ingest.js";
import type { ItemRepository } from "../repositories/item-repository.js";
import { parseArticleBody } from "../infra/parse-pool.js";
import type { IntakeMatches } from "../repositories/poll-repository.js";
import type { SourceRecord } from "../repositories/source-repository.js";
import { isSourceKind } from "../sources/registry.js";
import { itemContentHash } from "../sources/shared/item.js";
import type { SourceAdapter, SourceConfig } from "../sources/types.js";
import type { IntakeMatcher } from "./match-service.js";
import type { SourceFetcher } from "./source-preview.js";

export interface ItemIntakeOptions {
  /** Article pages fetched for full text per poll of a source or backfill page (default 20; 0: none). */
  maxArticlesPerPoll?: number;
  /** Time allowed for all article fetches of one poll of a source (default 2 minutes). */
  articleDeadlineMs?: number;
  onError?: (message: string) => void;
}

/** What `plan` needs besides the parsed page. */
export interface PlanOptions {
  /** The source never stored an item (then nothing stored needs reading unless articles are wanted). */
  sourceHasNoItems?: boolean;
  /** The source's voice, for judging which items are article candidates. */
  voice?: string | null;
  /** The round's matcher, asked for only when some item could have its article fetched. */
  matcher?: () => Promise<IntakeMatcher | null>;
}

type ArticleRequest = NonNullable<ReturnType<NonNullable<SourceAdapter["articleRequest"]>>>;

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

/** An article page that failed is not asked for again sooner than this (a poll comes every 15 minutes). */
const ARTICLE_RETRY_MS = 6 * 60 * 60_000;
const FAILED_ARTICLES_KEPT = 1_000;

export class ItemIntake {
  private readonly maxArticles: number;
  /** Article URL → when it may be asked for again, after it failed. */
  private readonly failedArticles = new Map<string, number>();
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

  /** The evidence a plan's new items give (pure CPU work: the matcher is already compiled). */
  matchInserts(
    matcher: IntakeMatcher,
    sourceId: number,
    plan: IngestPlan,
    voice?: string | null,
  ): IntakeMatches {
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
   * What storing a parsed page means (domain/item-ingest.ts), after fetching article pages where the
   * listing gives only a summary (see `fetchArticles`). The article fills the content and whatever
   * the listing left empty, never overriding what the listing said, so that the next poll's listing
   * compares equal.
   */
  async plan(
    adapter: SourceAdapter,
    config: SourceConfig,
    sourceId: number,
    parsed: ParsedItem[],
    options: PlanOptions = {},
  ): Promise<IngestPlan> {
    // The items whose listing gives only a summary: the adapter would fetch their article page.
    const wanted = new Map<string, ArticleRequest>();
    if (adapter.articleRequest && adapter.parseArticle) {
      for (const item of parsed) {
        const request = adapter.articleRequest(item, config);
        if (request) wanted.set(item.dedupKey, request);
      }
    }
    const fetching = wanted.size > 0 && this.maxArticles > 0;
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
      options.sourceHasNoItems && !fetching
        ? new Map()
        : await this.items.findForIngest(
            incoming.map((i) => i.dedupKey),
            incoming.filter(needsStoredContent).map((i) => i.dedupKey),
          );
    const lacking = fetching
      ? incoming.filter((i) => wanted.has(i.dedupKey) && lacksArticle(i, stored.get(i.dedupKey), sourceId))
      : [];
    if (lacking.length > 0) {
      const matcher = (await options.matcher?.()) ?? null;
      if (matcher) {
        const voice = isVoice(options.voice) ? options.voice : null;
        const chosen = articleCandidates(matcher, lacking, sourceId, voice).slice(0, this.maxArticles);
        await this.fetchArticles(adapter, config, chosen, wanted);
      }
    }
    return planIngest(sourceId, incoming, stored, itemContentHash);
  }

  /**
   * Fetches the chosen items' article pages one after another, politely (the fetcher keeps each
   * host's spacing and robots.txt), all within `articleDeadlineMs`. An article that fails, is
   * refused or is cut off by the deadline leaves the item with the listing's text: never the poll's
   * failure.
   */
  private async fetchArticles(
    adapter: SourceAdapter,
    config: SourceConfig,
    chosen: IncomingItem[],
    wanted: Map<string, ArticleRequest>,
  ): Promise<void> {
    const budget = AbortSignal.timeout(this.articleDeadlineMs);
    for (const item of chosen) {
      if (budget.aborted) break;
      const request = wanted.get(item.dedupKey)!;
      if ((this.failedArticles.get(request.url) ?? 0) > Date.now()) continue;
      try {
        const page = await this.fetcher.fetch(request.url, {
          accept: request.accept,
          signal: budget,
          ...proxyInit(config),
        });
        const article = await parseArticleBody(adapter, page.body, {
          url: page.url,
          contentType: page.contentType,
          source: config,
          now: this.now(),
        });
        if (article.content) {
          item.content = article.content;
          // The article's text is what the item now says, over a stored listing text.
          item.keepStoredContent = false;
        }
        item.title ??= article.title ?? null;
        item.summary ??= article.summary ?? null;
        item.language ??= article.language ?? null;
        item.publishedAt ??= article.publishedAt ?? null;
      } catch (err) {
        // The listing's text is stored; a missing article page is not the source failing.
        if (budget.aborted) break;
        this.rememberFailure(request.url);
        if (!isFetchError(err))
          this.onError(`article ${request.url}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** A failed article waits `ARTICLE_RETRY_MS` before it is asked for again (the memory is bounded). */
  private rememberFailure(url: string): void {
    const now = Date.now();
    if (this.failedArticles.size >= FAILED_ARTICLES_KEPT) {
      for (const [u, until] of this.failedArticles) if (until <= now) this.failedArticles.delete(u);
      if (this.failedArticles.size >= FAILED_ARTICLES_KEPT) this.failedArticles.clear();
    }
    this.failedArticles.set(url, now + ARTICLE_RETRY_MS);
  }
}

/**
 * Whether the item still needs its article's text: it is new, or this source stored it with the
 * listing's text only (a candidate cut off by an earlier poll's budget, or whose article failed).
 * An item stored with its article's text is never fetched again; another source's item is theirs.
 */
function lacksArticle(item: IncomingItem, old: StoredItemState | undefined, sourceId: number): boolean {
  if (!old) return true;
  if (old.sourceId !== sourceId) return false;
  return old.content == null || old.content === item.content;
}

/**
 * The items whose article is worth fetching (domain/matching/candidate.ts): those matched on the
 * listing's text first, then those nearly matched, each in the listing's order (newest first).
 */
function articleCandidates(
  matcher: IntakeMatcher,
  items: IncomingItem[],
  sourceId: number,
  voice: Voice | null,
): IncomingItem[] {
  const matched: IncomingItem[] = [];
  const near: IncomingItem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    // A feed that repeats an entry stores its first copy (item-ingest.ts): fetch for that one.
    if (seen.has(item.dedupKey)) continue;
    seen.add(item.dedupKey);
    const candidacy = matcher.articleCandidacy({
      title: item.title,
      summary: item.summary,
      content: item.content,
      language: item.language,
      source: sourceId,
      voice,
      publishedAt: item.publishedAt,
      url: item.url,
    });
    if (candidacy === "matched") matched.push(item);
    else if (candidacy === "near") near.push(item);
  }
  return [...matched, ...near];
}
