// What storing a poll's items means, decided before anything is written. Rules, in order:
//  1. Identity is `dedupKey`. An item whose key is not stored yet is new.
//  2. An item stored by another source is only "seen": the first source to bring it owns it, so
//     two feeds carrying one item in different words (news and transcripts) never flip it back
//     and forth. It is neither new nor updated.
//  3. The incoming version is merged over the stored one: a field the listing leaves empty keeps
//     its stored value; when the listing's text is only a summary (the adapter would fetch the
//     article page for it), a stored full text wins over it.
//  4. Same content hash after the merge: nothing to do. A different hash: the item is updated in
//     place, and the fields that changed are named in its revision.
// Pure: the hash function is passed in (the adapters' `itemContentHash`), nothing here does I/O.

/** One parsed item as it is offered to the store. */
export interface IncomingItem {
  dedupKey: string;
  guid: string;
  url: string;
  title: string | null;
  summary: string | null;
  content: string | null;
  language: string | null;
  publishedAt: Date | null;
  /**
   * The listing's `content` is only a summary (the adapter would fetch the article page for full
   * text): a stored content wins over it, so a full text fetched once is not "changed" back.
   */
  keepStoredContent: boolean;
}

/** What the store knows of an item with the same key. */
export interface StoredItemState {
  id: number;
  sourceId: number;
  contentHash: string;
  title: string | null;
  summary: string | null;
  /** Loaded only when the merge needs it (see `needsStoredContent`); undefined otherwise. */
  content?: string | null;
}

export interface ItemUpdate {
  id: number;
  /** The hash the stored row must still have (another writer changed it otherwise: skip). */
  oldHash: string;
  title: string | null;
  summary: string | null;
  content: string | null;
  contentHash: string;
  publishedAt: Date | null;
}

export interface IngestPlan {
  inserts: (IncomingItem & { contentHash: string })[];
  updates: ItemUpdate[];
  /** Already stored and unchanged, or owned by another source. */
  unchanged: number;
}

export type ContentHash = (item: {
  title: string | null;
  summary: string | null;
  content: string | null;
}) => string;

/** Whether the merge of `item` needs the stored content (rule 3). */
export function needsStoredContent(item: IncomingItem): boolean {
  return item.keepStoredContent || item.content === null;
}

export function planIngest(
  sourceId: number,
  incoming: readonly IncomingItem[],
  stored: ReadonlyMap<string, StoredItemState>,
  hash: ContentHash,
): IngestPlan {
  const plan: IngestPlan = { inserts: [], updates: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const item of incoming) {
    if (seen.has(item.dedupKey)) continue; // feeds repeat entries: the first wins
    seen.add(item.dedupKey);
    const old = stored.get(item.dedupKey);
    if (!old) {
      plan.inserts.push({ ...item, contentHash: hash(item) });
      continue;
    }
    if (old.sourceId !== sourceId) {
      plan.unchanged++;
      continue;
    }
    const storedContent = old.content ?? null;
    const merged = {
      title: item.title ?? old.title,
      summary: item.summary ?? old.summary,
      content: item.keepStoredContent ? (storedContent ?? item.content) : (item.content ?? storedContent),
    };
    const contentHash = hash(merged);
    if (contentHash === old.contentHash) {
      plan.unchanged++;
      continue;
    }
    plan.updates.push({
      id: old.id,
      oldHash: old.contentHash,
      ...merged,
      contentHash,
      publishedAt: item.publishedAt,
    });
  }
  return plan;
}
