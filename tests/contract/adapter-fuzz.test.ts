// Random and mutated feeds and pages thrown at every adapter's parse: each call either returns
// items or throws a FetchError with a known kind and words — never anything else, never hangs
// (a hang fails the test on vitest's timeout).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FETCH_ERROR_KINDS, FetchError } from "../../src/domain/fetch-error.js";
import { allAdapters } from "../../src/sources/registry.js";
import { ADAPTER_FIXTURES, contextFor, readFixture } from "./adapter-fixtures.js";

function outcome(run: () => { items: unknown[] } | unknown): "items" | "error" {
  try {
    const result = run() as { items?: unknown[] } | Partial<Record<string, unknown>>;
    if (result && Array.isArray((result as { items?: unknown[] }).items)) return "items";
    // parseArticle returns a partial item.
    expect(typeof result).toBe("object");
    return "items";
  } catch (err) {
    if (!(err instanceof FetchError)) throw new Error(`threw ${String(err)} instead of a FetchError`);
    expect(FETCH_ERROR_KINDS).toContain(err.kind);
    expect(err.message.length).toBeGreaterThan(10);
    expect(err.message).not.toMatch(/\n\s+at /);
    return "error";
  }
}

/** Mutations a broken server or a truncated transfer produces. */
const mutation = (body: string) =>
  fc.oneof(
    fc.nat({ max: body.length }).map((n) => body.slice(0, n)),
    fc
      .tuple(fc.nat({ max: body.length }), fc.string({ maxLength: 40 }))
      .map(([n, s]) => body.slice(0, n) + s + body.slice(n)),
    fc
      .tuple(fc.nat({ max: body.length }), fc.nat({ max: 400 }))
      .map(([n, len]) => body.slice(0, n) + body.slice(n + len)),
    fc
      .constantFrom(
        "<",
        "&",
        "]]>",
        "<![CDATA[",
        "<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>",
        "\u0000",
        "\uFFFD",
        "</feed>",
        "{",
      )
      .chain((junk) => fc.nat({ max: body.length }).map((n) => body.slice(0, n) + junk + body.slice(n))),
  );

describe("every adapter under random and mutated input", () => {
  const fixtures = ADAPTER_FIXTURES;

  for (const f of fixtures) {
    it(`${f.kind} ${f.fixture}: mutated bodies give items or a typed error`, () => {
      const body = readFixture(f.fixture);
      const parse = (text: string) =>
        f.article ? f.adapter.parseArticle!(text, contextFor(f)) : f.adapter.parse(text, contextFor(f));
      fc.assert(
        fc.property(mutation(body), (mutated) => {
          outcome(() => parse(mutated));
        }),
        { numRuns: body.length > 100_000 ? 8 : 40, seed: 20261126 },
      );
    });
  }

  it("random strings and random JSON give items or a typed error for every adapter", () => {
    const base = fixtures[0]!;
    for (const adapter of allAdapters) {
      const source = {
        url: "https://example.org/feed",
        kind: adapter.kind,
        options: { selectors: { item: "li", title: "a", link: "a" } },
      };
      fc.assert(
        fc.property(
          fc.oneof(fc.string({ maxLength: 500 }), fc.json({ maxDepth: 4 }), fc.constant("")),
          (text) => {
            outcome(() => adapter.parse(text, { ...contextFor(base), url: source.url, source }));
          },
        ),
        { numRuns: 60, seed: 7 },
      );
    }
  });
});

/** A body of the given format with `count` items, each holding `depth` nested tags and a field of `size` chars. */
function structured(format: string, depth: number, count: number, size: number): string {
  const nested = `${"<div>".repeat(depth)}deep text${"</div>".repeat(depth)}`;
  const field = "x".repeat(size);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const many = (one: (i: number) => string) => Array.from({ length: count }, (_, i) => one(i)).join("");
  switch (format) {
    case "rss":
      return `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${many(
        (i) =>
          `<item><title>${field}</title><link>https://example.org/${i}</link><description>${esc(nested)}</description></item>`,
      )}</channel></rss>`;
    case "atom":
      return `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${many(
        (i) =>
          `<entry><id>urn:${i}</id><title>${field}</title><link href="https://example.org/${i}"/>` +
          `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${nested}</div></content></entry>`,
      )}</feed>`;
    case "json":
      return JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "t",
        items: Array.from({ length: count }, (_, i) => ({ id: `${i}`, title: field, content_html: nested })),
      });
    default:
      return `<!DOCTYPE html><html><head><title>${field}</title></head><body><ul>${many(
        (i) => `<li><a href="/a/${i}">${field.slice(0, 200)}</a>${nested}</li>`,
      )}</ul><article>${nested}</article></body></html>`;
  }
}

describe("every adapter under deep, long and many", () => {
  // A hang detector, not a timing target: healthy parses of these bodies take a few seconds at most.
  const HANG_MS = 120_000;

  it("gives items or a typed error for any nesting depth, item count and field size", () => {
    const base = ADAPTER_FIXTURES[0]!;
    const shape = fc.record({
      format: fc.constantFrom("rss", "atom", "json", "html"),
      // 200,000 levels through every reader is deep-markup.test.ts; here depth meets the other axes.
      depth: fc.constantFrom(0, 1, 300, 5_000, 50_000),
      count: fc.constantFrom(0, 1, 50, 2_000),
      size: fc.constantFrom(0, 10, 5_000, 1_000_000),
    });
    for (const adapter of allAdapters) {
      const source = {
        url: "https://example.org/feed",
        kind: adapter.kind,
        options: { selectors: { item: "li", title: "a", link: "a" } },
      };
      fc.assert(
        fc.property(shape, ({ format, depth, count, size }) => {
          // Bodies stay within the fetcher's 10 MiB cap, as every body a parse sees does.
          const items = Math.max(1, Math.min(count, Math.floor(200_000 / (depth + 1))));
          const body = structured(
            format,
            depth,
            items,
            Math.min(size, Math.floor(2_000_000 / Math.max(items, 1))),
          );
          const started = Date.now();
          outcome(() => adapter.parse(body, { ...contextFor(base), url: source.url, source }));
          expect(Date.now() - started).toBeLessThan(HANG_MS);
        }),
        { numRuns: 4, seed: 20261206 },
      );
    }
  });
});
