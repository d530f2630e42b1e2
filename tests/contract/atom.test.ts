import { describe, expect, it } from "vitest";
import { atomAdapter } from "../../src/sources/atom/index.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

const URL_ = "https://aiwatch.example.net/blog/atom.xml";

describe("atom adapter", () => {
  const result = atomAdapter.parse(readFixture("generic/atom.xml"), ctx("atom", URL_));

  it("resolves relative links against xml:base and picks the alternate link", () => {
    expect(result.items.map((i) => i.url)).toEqual([
      "https://aiwatch.example.net/blog/2026/04/sovereign-models",
      "https://aiwatch.example.net/blog/2026/04/weekly-links",
    ]);
    expect(result.nextPageUrl).toBe("https://aiwatch.example.net/blog/atom.xml?page=2");
  });

  it("reads html titles and xhtml content to plain text", () => {
    const first = result.items[0]!;
    expect(first.title).toBe("Sovereign models & the compute gap");
    expect(first.content).toBe(
      "National AI plans keep promising supercomputers.\n\nFew say where the chips will come from.",
    );
    expect(first.summary).toBe("Why national AI plans keep promising supercomputers.");
    expect(first.guid).toBe("tag:aiwatch.example.net,2026:post-118");
    expect(first.authors).toEqual(["Maria Blogger"]);
    expect(first.tags).toEqual(["Compute"]);
  });

  it("falls back to updated, and to the feed's author", () => {
    const second = result.items[1]!;
    expect(second.publishedAt?.toISOString()).toBe("2026-04-06T05:00:00.000Z");
    expect(second.authors).toEqual(["AI Watch"]);
    expect(second.summary).toBe("Links for the week.");
  });

  it("reports truncated XML as parse", () => {
    const body = readFixture("generic/atom.xml").slice(0, 900);
    expect(catchFetchError(() => atomAdapter.parse(body, ctx("atom", URL_))).kind).toBe("parse");
  });
});
