// Matching stored items against the stored agenda(s) and keeping the evidence ledger in step.
// - The agenda is compiled once and cached, keyed on each agenda's contentHash: loading an edited
//   agenda file changes the hash and the next call recompiles. It is compiled from the database
//   rows (AgendaRepository.loadSpec), not from the file: the rows are what milestones, statuses
//   and evidence refer to, and the file may have been moved or edited without being loaded.
// - Negative patterns learned from rejections are passed to the matcher for the items of their
//   source (see review-service.ts). Once per matcher and agenda (the cache key) every stored pattern
//   is learned again from its rejected evidence, so patterns an earlier matcher learned (matcher 1
//   learned the milestone's own anchor words, which silenced genuine items too) follow the current
//   rules; learning is deterministic, so this changes nothing the second time.
// - After evidence changes, statuses are refreshed, so a poll's statuses move before it finishes.
// - Idempotent: matching the same items with the same matcher, agenda and negatives twice writes
//   nothing the second time (the ledger only writes differences; an item's matchedWith/matchedAt
//   stamp moves only when its matcher+agenda key or its evidence changed).
import { createHash } from "node:crypto";
import type { AgendaSpec } from "../domain/agenda.js";
import {
  type ArticleCandidacy,
  articleCandidacy,
  type CompiledAgenda,
  compileAgenda,
  MATCHER_VERSION,
  type MatchInput,
  learnNegativePattern,
  type MatchResult,
  matchItem,
} from "../domain/matching/index.js";
import { isVoice } from "../domain/source-voice.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import type { EvidenceDraft, EvidenceRepository, ItemMatches } from "../repositories/evidence-repository.js";
import type { MatchableItem, MatchItemRepository } from "../repositories/match-item-repository.js";
import type { StatusChangeRow } from "../repositories/status-repository.js";
import type { StatusService } from "./status-service.js";

export interface CompiledEntry {
  slug: string;
  version: string;
  contentHash: string;
  spec: AgendaSpec;
  compiled: CompiledAgenda;
}

/** What one matchItems call changed. */
export interface MatchChanges {
  /** Items looked at (unknown ids are skipped). */
  items: number;
  /** Items with at least one match now. */
  matchedItems: number;
  created: number[];
  updated: number[];
  superseded: number[];
  revived: number[];
  /** Evidence that became live progress evidence in this run: what immediate alerts announce. */
  newProgressEvidenceIds: number[];
  /** The same evidence by item (item id → evidence ids, ascending): a batch of polls alerts per poll. */
  newProgressByItem: Map<number, number[]>;
  /** Every new match by item, progress or not (what channels wanting every match announce). */
  newEvidenceByItem: Map<number, number[]>;
  statusChanges: StatusChangeRow[];
}

/** What `match --all` reports. */
export interface MatchAllSummary {
  matcherVersion: string;
  agendas: { slug: string; version: string; contentHash: string }[];
  items: number;
  matchedItems: number;
  /** Items whose evidence did not change. */
  unchangedItems: number;
  created: number;
  updated: number;
  superseded: number;
  revived: number;
  newProgressEvidenceIds: number[];
  statusChanges: number;
}

export interface MatchProgress {
  done: number;
  total: number;
}

type Negative = { sourceId: number | null; milestoneSlug: string | null; terms: string[] };

export class MatchService {
  readonly matcherVersion = MATCHER_VERSION;
  private cache: { key: string; entries: CompiledEntry[]; milestoneIds: Map<string, number> } | null = null;
  /** The cache key the stored negative patterns were last learned again for. */
  private relearnedFor: string | null = null;

  constructor(
    private readonly agendas: AgendaRepository,
    private readonly items: MatchItemRepository,
    private readonly evidence: EvidenceRepository,
    private readonly status: StatusService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The compiled agendas, recompiled only when a stored agenda's contentHash changed. */
  async compiled(): Promise<{ key: string; entries: CompiledEntry[]; milestoneIds: Map<string, number> }> {
    const hashes = await this.agendas.agendaHashes();
    const key = matchKey(hashes);
    if (this.cache?.key === key) return this.cache;
    const entries: CompiledEntry[] = [];
    for (const h of hashes) {
      const stored = await this.agendas.loadSpec(h.slug);
      if (!stored) continue;
      entries.push({
        slug: h.slug,
        version: stored.spec.version,
        contentHash: stored.contentHash,
        spec: stored.spec,
        compiled: compileAgenda(stored.spec),
      });
    }
    const milestoneIds = new Map(
      (await this.agendas.listAreas()).flatMap((a) => a.milestones.map((m) => [m.slug, m.id] as const)),
    );
    this.cache = { key, entries, milestoneIds };
    return this.cache;
  }

  /** The compiled agenda a milestone belongs to (learning from a rejection needs it). */
  async compiledForMilestone(slug: string): Promise<CompiledAgenda | null> {
    const { entries } = await this.compiled();
    return (
      entries.find((e) => e.spec.areas.some((a) => a.milestones.some((m) => m.slug === slug)))?.compiled ??
      null
    );
  }

  /**
   * Matches these items (new or changed ones, after a poll stored them), updates their evidence
   * and refreshes statuses. The poll pipeline calls it from its afterStore hook (poll-follow-up.ts,
   * which refreshes statuses itself, once for the batches that follow each other).
   */
  async matchItems(itemIds: number[], opts: { refreshStatuses?: boolean } = {}): Promise<MatchChanges> {
    const items = await this.items.byIds([...new Set(itemIds)]);
    const run = await this.matchBatch(items, await this.negatives());
    const statusChanges = (opts.refreshStatuses ?? true) ? await this.status.refresh() : [];
    return {
      items: items.length,
      matchedItems: run.matchedItems,
      created: run.created,
      updated: run.updated,
      superseded: run.superseded,
      revived: run.revived,
      newProgressEvidenceIds: run.newProgress,
      newProgressByItem: byItem(run.newProgress, run.newProgressItem),
      newEvidenceByItem: byItem(run.newMatches, run.newMatchItem),
      statusChanges,
    };
  }

  /** Re-matches every stored item in batches (after the agenda or the matcher changed). Idempotent. */
  async matchAll(
    opts: { onProgress?: (p: MatchProgress) => void; batchSize?: number } = {},
  ): Promise<MatchAllSummary> {
    const batchSize = opts.batchSize ?? 500;
    const { entries, key } = await this.compiled();
    // A full re-match follows a matcher or agenda change: what was learned is learned again first.
    await this.relearnNegativePatterns();
    this.relearnedFor = key;
    const negatives = await this.negatives();
    const total = await this.items.count();
    const summary: MatchAllSummary = {
      matcherVersion: MATCHER_VERSION,
      agendas: entries.map((e) => ({ slug: e.slug, version: e.version, contentHash: e.contentHash })),
      items: 0,
      matchedItems: 0,
      unchangedItems: 0,
      created: 0,
      updated: 0,
      superseded: 0,
      revived: 0,
      newProgressEvidenceIds: [],
      statusChanges: 0,
    };
    opts.onProgress?.({ done: 0, total });
    let afterId = 0;
    for (;;) {
      const page = await this.items.page(afterId, batchSize);
      if (page.length === 0) break;
      afterId = page.at(-1)!.id;
      const run = await this.matchBatch(page, negatives);
      summary.items += page.length;
      summary.matchedItems += run.matchedItems;
      summary.unchangedItems += page.length - run.changedItemIds.length;
      summary.created += run.created.length;
      summary.updated += run.updated.length;
      summary.superseded += run.superseded.length;
      summary.revived += run.revived.length;
      summary.newProgressEvidenceIds.push(...run.newProgress);
      // Items stored while the walk runs count too: the total is a moving target.
      opts.onProgress?.({ done: summary.items, total: Math.max(total, summary.items) });
    }
    summary.statusChanges = (await this.status.refresh()).length;
    return summary;
  }

  /**
   * Learns every stored negative pattern again from its rejected evidence with the current matcher:
   * changed terms are replaced, a pattern with nothing distinctive left is removed. Returns how many
   * patterns changed.
   */
  async relearnNegativePatterns(): Promise<number> {
    let changed = 0;
    for (const p of await this.evidence.negativePatterns()) {
      if (p.fromEvidenceId === null) continue;
      const e = await this.evidence.find(p.fromEvidenceId);
      const compiled = e ? await this.compiledForMilestone(e.milestoneSlug) : null;
      const [item] = e ? await this.items.byIds([e.itemId]) : [];
      if (!e || !compiled || !item) continue;
      const { terms } = learnNegativePattern(compiled, matchInput(item), {
        milestoneSlug: e.milestoneSlug,
        terms: e.terms,
      });
      if (terms.length === p.terms.length && terms.every((t, i) => t === p.terms[i])) continue;
      if (terms.length === 0) await this.evidence.removeNegativePattern(p.id);
      else await this.evidence.setNegativePatternTerms(p.id, terms);
      changed++;
    }
    return changed;
  }

  private async negatives(): Promise<Negative[]> {
    const { key } = await this.compiled();
    if (this.relearnedFor !== key) {
      await this.relearnNegativePatterns();
      this.relearnedFor = key;
    }
    return (await this.evidence.negativePatterns()).map((n) => ({
      sourceId: n.sourceId,
      milestoneSlug: n.milestoneSlug,
      terms: n.terms,
    }));
  }

  /**
   * A matcher for items about to be stored (a poll's new items): their evidence is written in the
   * same statement as the items, so nothing reads them back. The agenda and the learned negative
   * patterns are read once here; a poll round asks for one and uses it for all its sources. Null
   * when no agenda is loaded (items then stay unmatched, as `matchItems` would leave them).
   */
  async intakeMatcher(): Promise<IntakeMatcher | null> {
    const { key, entries, milestoneIds } = await this.compiled();
    if (entries.length === 0) return null;
    const negatives = await this.negatives();
    return {
      key,
      matcherVersion: MATCHER_VERSION,
      drafts: (item) => evidenceDrafts(entries, milestoneIds, negatives, item),
      articleCandidacy: (item) => bestCandidacy(entries, item),
    };
  }

  private async matchBatch(items: MatchableItem[], negatives: Negative[]) {
    const { key, entries, milestoneIds } = await this.compiled();
    if (entries.length === 0 || items.length === 0) {
      // No agenda loaded: matching against nothing would supersede every piece of evidence.
      return {
        created: [],
        updated: [],
        superseded: [],
        revived: [],
        newProgress: [],
        newProgressItem: new Map<number, number>(),
        newMatches: [],
        newMatchItem: new Map<number, number>(),
        changedItemIds: [],
        matchedItems: 0,
      };
    }
    const batch: ItemMatches[] = [];
    let matchedItems = 0;
    for (const item of items) {
      const drafts = evidenceDrafts(entries, milestoneIds, negatives, matchInput(item));
      if (drafts.length) matchedItems++;
      batch.push({ itemId: item.id, drafts });
    }
    const applied = await this.evidence.applyMatches(batch, MATCHER_VERSION);
    const changed = new Set(applied.changedItemIds);
    const stamp = items
      .filter((i) => i.matchedWith !== key || i.matchedAt === null || changed.has(i.id))
      .map((i) => i.id);
    await this.items.markMatched(stamp, key, this.now());
    return { ...applied, matchedItems };
  }
}

/** Matches items before they are stored (see MatchService.intakeMatcher). */
export interface IntakeMatcher {
  /** What the stored items' `matchedWith` records. */
  key: string;
  matcherVersion: string;
  /** The evidence one item gives: at most one draft per milestone, the strongest. */
  drafts(item: MatchInput): EvidenceDraft[];
  /** Whether the item's article page is worth fetching, from its listing's text (any agenda). */
  articleCandidacy(item: MatchInput): ArticleCandidacy;
}

/** The strongest candidacy any loaded agenda gives the item. */
function bestCandidacy(entries: CompiledEntry[], item: MatchInput): ArticleCandidacy {
  let best: ArticleCandidacy = null;
  for (const e of entries) {
    const c = articleCandidacy(e.compiled, item);
    if (c === "matched") return c;
    best ??= c;
  }
  return best;
}

/**
 * One item against every compiled agenda, with the negative patterns of its source: one draft per
 * milestone it matched (the strongest, should two agendas share a milestone slug).
 */
function evidenceDrafts(
  entries: CompiledEntry[],
  milestoneIds: Map<string, number>,
  negatives: Negative[],
  item: MatchInput,
): EvidenceDraft[] {
  const forItem = negatives.filter((n) => n.sourceId === null || n.sourceId === item.source);
  const best = new Map<number, EvidenceDraft>();
  for (const e of entries) {
    // Only the milestones are stored: no explanation (MatchOptions.explain).
    const result: MatchResult = matchItem(e.compiled, item, { negatives: forItem, explain: false });
    if (!result.matched) continue;
    for (const m of result.milestones) {
      const milestoneId = milestoneIds.get(m.slug);
      if (milestoneId === undefined) continue;
      const seen = best.get(milestoneId);
      if (!seen || m.score > seen.score)
        best.set(milestoneId, {
          milestoneId,
          score: m.score,
          progress: m.progress,
          nature: m.nature,
          deadline: m.nature === "instruction" ? result.deadline : null,
          quote: m.quote,
          terms: m.terms,
        });
    }
  }
  return [...best.values()];
}

function byItem(evidenceIds: number[], itemOf: Map<number, number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const id of evidenceIds) {
    const item = itemOf.get(id);
    if (item === undefined) continue;
    const list = out.get(item);
    if (list) list.push(id);
    else out.set(item, [id]);
  }
  return out;
}

/** A stored item as the matcher reads it; negative patterns are per source, so it carries the source id. */
export function matchInput(item: MatchableItem): MatchInput {
  return {
    title: item.title,
    summary: item.summary,
    content: item.content,
    language: item.language,
    source: item.sourceId,
    voice: isVoice(item.voice) ? item.voice : null,
    publishedAt: item.publishedAt,
    url: item.url,
  };
}

/** What an item's `matchedWith` records: the matcher version plus the agendas it matched against. */
export function matchKey(hashes: { slug: string; contentHash: string }[]): string {
  const agendas = createHash("sha256")
    .update(
      hashes
        .map((h) => `${h.slug}:${h.contentHash}`)
        .sort()
        .join("\n"),
    )
    .digest("hex")
    .slice(0, 12);
  return `${MATCHER_VERSION}+${agendas}`;
}
