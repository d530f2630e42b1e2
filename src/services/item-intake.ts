// The plan stage of the ingest pipeline (ingest-pipeline.ts): article pages fetched for full text
// where the adapter asks (new items only, bounded), the ingest plan (domain/item-ingest.ts), and
// the evidence a compiled matcher finds in the new items before they are stored.
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
          const page = await this.fetcher.fetch(request.url, {
            accept: request.accept,
            ...proxyInit(config),
          });
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
}
