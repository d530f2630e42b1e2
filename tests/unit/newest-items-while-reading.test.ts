// A feed read with ParseContext.maxItems keeps, while it reads, exactly the items that reading it
// whole and then applying the ingest limits (limitItems) would keep, and counts the rest.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS, limitItems } from "../../src/domain/ingest-limits.js";
import { getAdapter } from "../../src/sources/registry.js";
import type { ParseContext, SourceConfig } from "../../src/sources/types.js";

const URL_ = "https://feeds.example.org/feed";
const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000);

type Entry = { n: number; day: number | null };

function rss(entries: Entry[]): string {
  const items = entries.map(
    (e) =>
      `<item><title>T${e.n}</title><link>https://a.example.org/${e.n}</link>${
        e.day === null ? "" : `<pubDate>${day(e.day).toUTCString()}</pubDate>`
      }</item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>\n${items.join("\n")}\n</channel></rss>`;
}

function atom(entries: Entry[]): string {
  const items = entries.map(
    (e) =>
      `<entry><title>T${e.n}</title><id>urn:e:${e.n}</id><link href="https://a.example.org/${e.n}"/>${
        e.day === null ? "" : `<updated>${day(e.day).toISOString()}</updated>`
      }</entry>`,
  );
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>${items.join("")}</feed>`;
}

function rdf(entries: Entry[]): string {
  const items = entries.map(
    (e) =>
      `<item rdf:about="https://a.example.org/${e.n}"><title>T${e.n}</title><link>https://a.example.org/${e.n}</link>${
        e.day === null ? "" : `<dc:date>${day(e.day).toISOString()}</dc:date>`
      }</item>`,
  );
  return `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>F</title></channel>${items.join("")}</rdf:RDF>`;
}

function ctx(maxItems?: number): ParseContext {
  return { url: URL_, now: new Date("2027-01-01"), source: { url: URL_ } as SourceConfig, maxItems };
}

const entries = fc
  .array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), { minLength: 1, maxLength: 300 })
  .map((days) => days.map((d, n) => ({ n, day: d })));

describe("keeping the newest items while reading a feed", () => {
  for (const [format, write, kind] of [
    ["RSS 2.0", rss, "rss"],
    ["Atom", atom, "atom"],
    ["RSS 1.0 (RDF)", rdf, "rss"],
  ] as const) {
    it(`${format}: the same items as reading everything and then limiting, and the rest counted`, () => {
      const adapter = getAdapter(kind);
      fc.assert(
        fc.property(entries, fc.integer({ min: 1, max: 60 }), (list, keep) => {
          const body = write(list);
          const whole = adapter.parse(body, ctx());
          const expected = limitItems(whole.items, { ...DEFAULT_INGEST_LIMITS, maxItems: keep });
          const bounded = adapter.parse(body, ctx(keep));
          expect(bounded.items.map((i) => i.title)).toEqual(
            whole.items.filter((i) => expected.items.includes(i)).map((i) => i.title),
          );
          expect(bounded.itemsDropped).toBe(expected.dropped);
        }),
        { numRuns: 60 },
      );
    });
  }
});
