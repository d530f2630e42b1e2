// The other inputs policywatch takes from strangers, beside the adapters' bodies
// (adapter-fuzz.test.ts): the bytes and charset labels a server sends (decodeText), a robots.txt,
// the headers and error pages it answers with, and an OPML file a user imports. Each returns its
// answer or, for OPML, an OpmlError in words; nothing else is ever thrown.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectBotWall, parseFreshnessSeconds, parseRetryAfter } from "../../src/domain/http-answer.js";
import { OpmlError, parseOpml } from "../../src/domain/opml.js";
import { isAllowedByRobots, parseRobotsTxt, robotsCrawlDelaySeconds } from "../../src/domain/robots.js";
import { decodeText } from "../../src/domain/text-decoding.js";

const LABELS = [
  "utf-8",
  "UTF8",
  "windows-1251",
  "cp1251",
  "koi8-r",
  "KOI8-U",
  "iso-8859-5",
  "utf-16le",
  "utf-16",
  "gb2312",
  "shift_jis",
  "x-unknown-charset",
  "",
  '"utf-8"',
  "utf-8;;",
];

const contentType = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...LABELS).map((l) => `text/html; charset=${l}`),
  fc.string({ maxLength: 60 }),
);

/** Random bytes, or bytes that open like a document declaring a charset, with or without a BOM. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc
    .tuple(fc.constantFrom(...LABELS), fc.uint8Array({ maxLength: 500 }), fc.constantFrom("xml", "meta"))
    .map(([label, rest, how]) => {
      const head =
        how === "xml"
          ? `<?xml version="1.0" encoding="${label}"?><rss>`
          : `<html><meta charset="${label}"><p>`;
      return new Uint8Array([...Buffer.from(head, "latin1"), ...rest]);
    }),
  fc
    .tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.uint8Array({ maxLength: 500 }))
    .map(([bom, rest]) => new Uint8Array([...bom, ...rest])),
);

describe("what servers send, at random", () => {
  it("decodes any bytes under any declared charset to text, never throwing", () => {
    fc.assert(
      fc.property(body, contentType, (bytes, type) => {
        const decoded = decodeText(bytes, type);
        expect(typeof decoded.text).toBe("string");
        expect(decoded.charset).toMatch(/^[a-z0-9_-]+$/);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("reads any robots.txt to rules it can answer from, never throwing", () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc
        .tuple(
          fc.constantFrom("User-agent", "Disallow", "Allow", "Crawl-delay", "Sitemap", "user-AGENT"),
          fc.string({ maxLength: 40 }),
        )
        .map(([k, v]) => `${k}: ${v}`),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.string({ maxLength: 60 }),
        (lines, eol, path) => {
          const robots = parseRobotsTxt(lines.join(eol));
          expect(typeof isAllowedByRobots(robots, "policywatch", `/${path}`)).toBe("boolean");
          const delay = robotsCrawlDelaySeconds(robots, "policywatch");
          expect(delay === null || (Number.isFinite(delay) && delay >= 0)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it("reads any Retry-After, Cache-Control and error page without throwing", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        fc.string({ maxLength: 2000 }),
        (a, b, page) => {
          const retry = parseRetryAfter(a);
          expect(retry === null || (Number.isFinite(retry) && retry >= 0)).toBe(true);
          const fresh = parseFreshnessSeconds({ cacheControl: a, expires: b, date: a });
          expect(fresh === null || Number.isFinite(fresh)).toBe(true);
          const wall = detectBotWall({ server: a, "cf-mitigated": b }, page);
          expect(wall === null || typeof wall === "string").toBe(true);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe("OPML files a user imports, at random", () => {
  const outline = fc
    .record({
      text: fc.string({ maxLength: 20 }),
      xmlUrl: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })),
      type: fc.constantFrom("rss", "atom", "link", "", "weird"),
    })
    .map(
      (o) =>
        `<outline text="${o.text.replace(/["<&]/g, "")}" type="${o.type}" xmlUrl="${o.xmlUrl.replace(/["<&]/g, "")}"/>`,
    );
  const opml = fc.oneof(
    fc
      .array(outline, { maxLength: 10 })
      .map((o) => `<?xml version="1.0"?><opml version="2.0"><head/><body>${o.join("")}</body></opml>`),
    fc.string({ maxLength: 400 }),
    fc
      .tuple(fc.array(outline, { maxLength: 5 }), fc.nat({ max: 300 }), fc.string({ maxLength: 20 }))
      .map(([o, cut, junk]) => {
        const whole = `<opml version="2.0"><body>${o.join("")}</body></opml>`;
        return whole.slice(0, cut) + junk + whole.slice(cut);
      }),
  );

  it("gives entries and problems in words, or an OpmlError; nothing else", () => {
    fc.assert(
      fc.property(opml, (text) => {
        try {
          const doc = parseOpml(text);
          for (const e of doc.entries) expect(typeof e.url).toBe("string");
          for (const p of doc.problems) expect(typeof p).toBe("string");
        } catch (err) {
          if (!(err instanceof OpmlError)) throw new Error(`threw ${String(err)} instead of an OpmlError`);
          expect(err.message).toMatch(/OPML/);
          expect(err.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});
