// Feeds in shapes real publishers produce that a reader once got wrong: each fixture is read the
// way a person looking at the feed would read it, with no item lost and no field mangled.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/domain/text-decoding.js";
import { atomAdapter } from "../../src/sources/atom/index.js";
import { rssAdapter } from "../../src/sources/rss/index.js";
import { ctx, fixturePath, readFixture } from "./adapter-fixtures.js";

const rss = (fixture: string, url = "https://feeds.example.org/feed.xml") =>
  rssAdapter.parse(readFixture(`odd-feeds/${fixture}`), ctx("rss", url));

describe("feeds read the way a person reads them", () => {
  it("keeps podcast episodes that share one <link> but have their own guids", () => {
    const { items } = rss("podcast-shared-link.xml", "https://podcast.example.org/feed.xml");
    expect(items.map((i) => i.title)).toEqual([
      "Episode 131: The national AI strategy, one year on",
      "Episode 130: Compute for universities",
      "Episode 129: Data-sharing rules",
    ]);
    expect(new Set(items.map((i) => i.dedupKey)).size).toBe(3);
    expect(items.every((i) => i.url === "https://podcast.example.org/show")).toBe(true);
  });

  it("reads a feed whose CDATA holds a whole HTML document as a feed, not as an HTML page", () => {
    const { items } = rss("cdata-html-document.xml");
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe("Grant programme for AI start-ups opens");
    expect(items[0]!.summary).toContain("Applications are accepted until 30 June.");
  });

  it("keeps angle brackets in plain-text titles and still reads real inline markup", () => {
    const { items } = rss("plain-text-titles.xml");
    expect(items.map((i) => i.title)).toEqual([
      "Using Vector<T> in C++",
      "When a < b and b > c: comparisons in templates",
      "New bold rules for AI code",
    ]);
  });

  it("reads UTF-16 without a byte-order mark", () => {
    const bytes = readFileSync(fixturePath("odd-feeds/utf16le-no-bom.xml"));
    const { text } = decodeText(bytes, "application/rss+xml");
    const { items } = rssAdapter.parse(text, ctx("rss", "https://digital.example.ru/rss"));
    expect(items[0]!.title).toBe("Утверждена программа развития искусственного интеллекта");
    expect(items[0]!.publishedAt?.toISOString()).toBe("2026-04-10T09:00:00.000Z");
  });

  it("reads Atom 0.3 issued/modified dates", () => {
    const { items } = atomAdapter.parse(
      readFixture("odd-feeds/atom-0.3.xml"),
      ctx("atom", "https://institute.example.org/atom.xml"),
    );
    expect(items.map((i) => i.publishedAt?.toISOString())).toEqual([
      "2026-04-09T11:00:00.000Z",
      "2026-04-07T08:30:00.000Z",
    ]);
  });

  it("reads dcterms: dates", () => {
    const { items } = rss("dcterms-dates.xml");
    expect(items.map((i) => i.publishedAt?.toISOString())).toEqual([
      "2026-04-08T11:00:00.000Z",
      "2026-04-06T00:00:00.000Z",
    ]);
  });

  it("reads a feed that starts with a comment holding HTML markup", () => {
    const { items } = rss("leading-comment.xml");
    expect(items.map((i) => i.title)).toEqual(["Regional data centre approved"]);
  });

  it('does not use a guid marked isPermaLink="false" as the item\'s link', () => {
    const { items } = rss("guid-not-permalink.xml", "https://press.example.org/rss");
    expect(items[0]!.title).toBe("Statement on the AI ethics code");
    expect(items[0]!.url).not.toContain("cms.press.example.org");
    expect(items[0]!.guid).toBe("https://cms.press.example.org/internal/node/8812");
    expect(items[1]!.url).toBe("https://press.example.org/statements/data-centres");
  });
});
