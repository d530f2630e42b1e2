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
    fc.tuple(fc.nat({ max: body.length }), fc.string({ maxLength: 40 })).map(([n, s]) => body.slice(0, n) + s + body.slice(n)),
    fc.tuple(fc.nat({ max: body.length }), fc.nat({ max: 400 })).map(([n, len]) => body.slice(0, n) + body.slice(n + len)),
    fc.constantFrom("<", "&", "]]>", "<![CDATA[", "<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", "\u0000", "\uFFFD", "</feed>", "{").chain((junk) =>
      fc.nat({ max: body.length }).map((n) => body.slice(0, n) + junk + body.slice(n)),
    ),
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
      const source = { url: "https://example.org/feed", kind: adapter.kind, options: { selectors: { item: "li", title: "a", link: "a" } } };
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.json({ maxDepth: 4 }), fc.constant("")), (text) => {
          outcome(() => adapter.parse(text, { ...contextFor(base), url: source.url, source }));
        }),
        { numRuns: 60, seed: 7 },
      );
    }
  });
});
