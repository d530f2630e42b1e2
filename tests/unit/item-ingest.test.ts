import { describe, expect, it } from "vitest";
import { type IncomingItem, planIngest, type StoredItemState } from "../../src/domain/item-ingest.js";
import { itemContentHash } from "../../src/sources/shared/item.js";

const item = (key: string, over: Partial<IncomingItem> = {}): IncomingItem => ({
  dedupKey: key,
  guid: key,
  url: `https://example.org/${key}`,
  title: `Title ${key}`,
  summary: `Summary ${key}`,
  content: null,
  language: "en",
  publishedAt: new Date("2026-04-10T10:00:00Z"),
  keepStoredContent: false,
  ...over,
});
const stored = (id: number, from: IncomingItem, over: Partial<StoredItemState> = {}): StoredItemState => ({
  id,
  sourceId: 1,
  contentHash: itemContentHash(from),
  title: from.title,
  summary: from.summary,
  content: from.content,
  ...over,
});

describe("planning a store", () => {
  it("inserts new items once, and leaves unchanged ones alone", () => {
    const a = item("a");
    const plan = planIngest(1, [a, item("b"), item("b")], new Map([["a", stored(7, a)]]), itemContentHash);
    expect(plan.inserts.map((i) => i.dedupKey)).toEqual(["b"]);
    expect(plan.inserts[0]!.contentHash).toBe(itemContentHash(item("b")));
    expect(plan.updates).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it("updates a changed item in place with the merged fields", () => {
    const old = item("a", { content: "Full text." });
    const plan = planIngest(
      1,
      [item("a", { title: "New title" })],
      new Map([["a", stored(7, old)]]),
      itemContentHash,
    );
    expect(plan.updates).toEqual([
      {
        id: 7,
        oldHash: itemContentHash(old),
        title: "New title",
        summary: "Summary a",
        content: "Full text.",
        contentHash: itemContentHash({ title: "New title", summary: "Summary a", content: "Full text." }),
        publishedAt: new Date("2026-04-10T10:00:00Z"),
      },
    ]);
  });

  it("keeps a stored full text over a listing's summary-only content", () => {
    const full = item("a", { content: "The whole article, fetched from its page." });
    const listing = item("a", { content: "A short teaser.", keepStoredContent: true });
    expect(planIngest(1, [listing], new Map([["a", stored(7, full)]]), itemContentHash)).toMatchObject({
      updates: [],
      unchanged: 1,
    });
  });

  it("leaves an item another source brought to that source", () => {
    const a = item("a");
    const plan = planIngest(
      2,
      [item("a", { title: "Other words" })],
      new Map([["a", stored(7, a)]]),
      itemContentHash,
    );
    expect(plan).toEqual({ inserts: [], updates: [], unchanged: 1 });
  });
});
