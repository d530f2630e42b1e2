import { describe, expect, it } from "vitest";
import { buildOpml, OpmlError, parseOpml } from "../../src/domain/opml.js";
import { parseSelectorSpec, SelectorSpecError } from "../../src/domain/selector-spec.js";

describe("OPML", () => {
  it("reads feeds from nested folders as feed readers write them", () => {
    const doc = parseOpml(`<?xml version="1.0"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Policy">
    <outline type="rss" text="Digital Policy &amp; AI" xmlUrl="https://digitalpolicy.example.org/feed.xml" htmlUrl="https://digitalpolicy.example.org/"/>
    <outline type="rss" title="No text" xmlUrl="https://other.example.org/atom"/>
  </outline>
  <outline type="link" text="A page" url="https://example.org/page"/>
</body></opml>`);
    expect(doc.title).toBe("My feeds");
    expect(doc.entries.map((e) => [e.url, e.title, e.type])).toEqual([
      ["https://digitalpolicy.example.org/feed.xml", "Digital Policy & AI", "rss"],
      ["https://other.example.org/atom", "No text", "rss"],
      ["https://example.org/page", "A page", "link"],
    ]);
  });

  it("writes what it reads back, policywatch's own settings included", () => {
    const sources = [
      {
        name: "Kremlin <news>",
        url: "http://en.kremlin.ru/events/president/news/feed",
        feed: true,
        kind: "kremlin",
        schedule: "*/15 * * * *",
        language: "en",
        voice: "official",
        options: {},
      },
      {
        name: "Press",
        url: "https://ministry.example.gov/press?a=1&b=2",
        feed: false,
        kind: "html",
        schedule: "0 * * * *",
        language: null,
        options: { selectors: { item: "li.release, li.news", link: "a" } },
        paused: true,
      },
    ];
    const doc = parseOpml(buildOpml(sources, { now: new Date("2026-04-10T00:00:00Z") }));
    expect(doc.entries).toEqual([
      {
        url: sources[0]!.url,
        title: "Kremlin <news>",
        kind: "kremlin",
        schedule: "*/15 * * * *",
        language: "en",
        voice: "official",
        options: null,
        paused: false,
        type: "rss",
      },
      {
        url: sources[1]!.url,
        title: "Press",
        kind: "html",
        schedule: "0 * * * *",
        language: null,
        voice: null,
        options: sources[1]!.options,
        paused: true,
        type: "link",
      },
    ]);
  });

  it("reads a source's voice and says in words when it is neither official nor press", () => {
    const doc = parseOpml(
      `<opml version="2.0" xmlns:policywatch="x"><body><outline text="Gov" xmlUrl="http://government.ru/feed" policywatch:voice="offical"/></body></opml>`,
    );
    expect(doc.entries[0]!.voice).toBeNull();
    expect(doc.problems[0]).toMatch(/policywatch:voice "offical" is not official or press/);
  });

  it("says in words why a file is not OPML", () => {
    expect(() => parseOpml("<opml><body><outline></body></opml>")).toThrow(OpmlError);
    expect(() => parseOpml("<opml><body><outline></body></opml>")).toThrow(/not well-formed XML \(line 1/);
    expect(() => parseOpml('<rss version="2.0"><channel/></rss>')).toThrow(/root element is <rss>/);
    expect(() => parseOpml("")).toThrow(/empty/);
    expect(() => parseOpml("<opml><head/></opml>")).toThrow(/no <body>/);
  });
});

describe("--selector", () => {
  it("splits settings on commas that start a new key, keeping commas inside CSS", () => {
    expect(parseSelectorSpec(["item=li.release, li.news,title=a.t,link=a,date=time,summary=p"])).toEqual({
      item: "li.release, li.news",
      title: "a.t",
      link: "a",
      date: "time",
      summary: "p",
    });
    expect(parseSelectorSpec(["item=article", "title=h2"])).toEqual({ item: "article", title: "h2" });
  });

  it("refuses unknown keys and a missing item selector in words", () => {
    expect(() => parseSelectorSpec(["item=li,colour=red"])).toThrow(SelectorSpecError);
    expect(() => parseSelectorSpec(["title=h2"])).toThrow(/need "item=…"/);
  });
});

describe("OPML: how a source is reached", () => {
  it("writes the proxy masked and the mirrors, and reads them back (the proxy without its credentials)", () => {
    const text = buildOpml([
      {
        name: "Kremlin",
        url: "http://en.kremlin.ru/events/president/news/feed",
        feed: true,
        kind: "kremlin",
        schedule: "*/15 * * * *",
        language: "en",
        options: {
          proxy: "http://analyst:s3cret@proxy.corp:3128",
          mirrors: ["http://en.special.kremlin.ru/x/feed"],
        },
      },
    ]);
    expect(text).not.toContain("s3cret");
    expect(text).toContain('policywatch:proxy="http://***@proxy.corp:3128"');
    expect(text).toContain('policywatch:mirrors="http://en.special.kremlin.ru/x/feed"');
    const back = parseOpml(text);
    expect(back.entries[0]!.options).toEqual({
      proxy: "http://proxy.corp:3128",
      mirrors: ["http://en.special.kremlin.ru/x/feed"],
    });
    expect(back.problems.join(" ")).toContain("credentials were masked");
  });
});
