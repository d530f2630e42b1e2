// How much of one fetch is kept, so that no feed can make a poll or a page unbounded: at most
// `maxItems` items (the newest by date; undated ones after the dated, in the feed's order), and
// each text field cut to its cap at a word boundary. The rest is counted, never silently lost.
import type { ParsedItem } from "./item.js";

export interface IngestLimits {
  maxItems: number;
  maxTitleChars: number;
  maxSummaryChars: number;
  maxTextChars: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxItems: 1_000,
  maxTitleChars: 1_000,
  maxSummaryChars: 10_000,
  maxTextChars: 500_000,
};

export interface LimitedItems<T> {
  items: T[];
  /** Items of the fetch left out by `maxItems`. */
  dropped: number;
}

/** The items to keep, newest first when there are too many, each with its fields capped. */
export function limitItems<T extends Partial<ParsedItem>>(items: T[], limits: IngestLimits): LimitedItems<T> {
  let kept = items;
  if (items.length > limits.maxItems) {
    const order = items.map((item, index) => ({ item, index, at: item.publishedAt?.getTime() ?? null }));
    order.sort((a, b) =>
      a.at === null ? (b.at === null ? a.index - b.index : 1) : b.at === null ? -1 : b.at - a.at,
    );
    kept = order.slice(0, limits.maxItems).map((o) => o.item);
  }
  return { items: kept.map((item) => capFields(item, limits)), dropped: items.length - kept.length };
}

/** The item with title, summary and text cut to their caps (the same object when all fit). */
export function capFields<T extends Partial<ParsedItem>>(item: T, limits: IngestLimits): T {
  const title = cut(item.title, limits.maxTitleChars);
  const summary = cut(item.summary, limits.maxSummaryChars);
  const content = cut(item.content, limits.maxTextChars);
  if (title === item.title && summary === item.summary && content === item.content) return item;
  return { ...item, title, summary, content };
}

function cut<V extends string | null | undefined>(text: V, max: number): V {
  if (typeof text !== "string" || text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(" ");
  return `${(space > max * 0.8 ? head.slice(0, space) : head).trimEnd()}…` as V;
}
