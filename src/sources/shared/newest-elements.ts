// Keeps only the newest of a document's item elements while it is being read, so that a feed of
// 100,000 items never holds more than a bounded number of them in memory at once. "Newest" is the
// order the ingest limits use (domain/ingest-limits.ts `limitItems`): dated items newest first, then
// undated ones in document order; the same `keep` newest survive as if all had been read first.
import type { XmlElement } from "./xml-node.js";

/** Which closed elements are items, how to date them, and how many to keep. */
export interface ItemBound {
  keep: number;
  /** Whether `el`, just closed at `depth` (1 = a child of the root) under `parent`, is an item. */
  isItem(el: XmlElement, parent: XmlElement, depth: number, root: XmlElement): boolean;
  /** The item's date in epoch ms, or null when it has none. */
  dateOf(el: XmlElement, root: XmlElement): number | null;
}

interface Kept {
  el: XmlElement;
  parent: XmlElement;
  at: number | null;
  index: number;
}

function newestFirst(a: Kept, b: Kept): number {
  if (a.at === null) return b.at === null ? a.index - b.index : 1;
  if (b.at === null) return -1;
  return b.at - a.at || a.index - b.index;
}

export class NewestElements {
  private kept: Kept[] = [];
  private seen = 0;
  /** Item elements removed from the document because newer ones filled the bound. */
  dropped = 0;

  constructor(private readonly bound: ItemBound) {}

  /** Called as each element closes; removes older items from the tree once the bound overflows. */
  closed(el: XmlElement, parent: XmlElement, depth: number, root: XmlElement): void {
    if (!this.bound.isItem(el, parent, depth, root)) return;
    this.kept.push({ el, parent, at: this.bound.dateOf(el, root), index: this.seen++ });
    // Trimming at twice the bound sorts each item a few times at most: linear in the feed's length.
    if (this.kept.length >= 2 * this.bound.keep + 64) this.trim();
  }

  /** Trims to the bound once the whole document has been read. */
  finish(): void {
    if (this.kept.length > this.bound.keep) this.trim();
  }

  private trim(): void {
    this.kept.sort(newestFirst);
    const out = this.kept.splice(this.bound.keep);
    this.kept.sort((a, b) => a.index - b.index);
    this.dropped += out.length;
    const gone = new Set<XmlElement>(out.map((k) => k.el));
    for (const parent of new Set(out.map((k) => k.parent))) removeChildren(parent, gone);
  }
}

// Text between removed items (whitespace, mostly) is joined with its neighbour, so that the
// parent's children stay as few as its kept items.
function removeChildren(parent: XmlElement, gone: Set<XmlElement>): void {
  const kept: XmlElement["children"] = [];
  for (const c of parent.children) {
    if (typeof c !== "string" && gone.has(c)) continue;
    const last = kept[kept.length - 1];
    if (typeof c === "string" && typeof last === "string") {
      if (last.trim() === "" && c.trim() === "") continue;
      kept[kept.length - 1] = last + c;
    } else kept.push(c);
  }
  parent.children = kept;
}
