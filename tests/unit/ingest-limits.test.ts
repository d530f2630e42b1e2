import { describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS, limitItems } from "../../src/domain/ingest-limits.js";

const item = (
  n: number,
  publishedAt: Date | null,
  extra: { title?: string; summary?: string; content?: string } = {},
) => ({
  dedupKey: `k${n}`,
  title: `Item ${n}` as string | null,
  summary: null as string | null,
  content: null as string | null,
  publishedAt,
  ...extra,
});

describe("limitItems", () => {
  const limits = { ...DEFAULT_INGEST_LIMITS, maxItems: 3 };

  it("keeps everything when the fetch is within the cap", () => {
    const items = [item(1, null), item(2, null)];
    expect(limitItems(items, limits)).toEqual({ items, dropped: 0 });
  });

  it("keeps the newest items when there are too many, undated ones after dated ones, and counts the rest", () => {
    const items = [
      item(1, null),
      item(2, new Date("2026-01-01")),
      item(3, new Date("2026-03-01")),
      item(4, null),
      item(5, new Date("2026-02-01")),
    ];
    const { items: kept, dropped } = limitItems(items, limits);
    expect(kept.map((i) => i.dedupKey)).toEqual(["k3", "k5", "k2"]);
    expect(dropped).toBe(2);
    const undated = limitItems(
      [item(1, null), item(2, new Date("2026-01-01")), item(3, null), item(4, null)],
      limits,
    );
    expect(undated.items.map((i) => i.dedupKey)).toEqual(["k2", "k1", "k3"]);
  });

  it("cuts a 9 MB title, a long summary and a long text to their caps at a word boundary", () => {
    const big = (n: number) => "word ".repeat(n);
    const [one] = limitItems(
      [item(1, null, { title: big(1_800_000), summary: big(10_000), content: big(200_000) })],
      {
        maxItems: 10,
        maxTitleChars: 1_000,
        maxSummaryChars: 5_000,
        maxTextChars: 500_000,
      },
    ).items;
    expect(one!.title!.length).toBeLessThanOrEqual(1_000);
    expect(one!.title!.endsWith("word…")).toBe(true);
    expect(one!.summary!.length).toBeLessThanOrEqual(5_000);
    expect(one!.content!.length).toBeLessThanOrEqual(500_000);
  });
});
