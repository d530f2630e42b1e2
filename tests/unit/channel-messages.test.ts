// What channels receive, built from hostile and long source text: Telegram messages escaped and
// split under the 4,096-character limit, Slack text on one line, hook URLs shown without their
// secret path, and the filters.
import { describe, expect, it } from "vitest";
import { maskTarget } from "../../src/domain/channels/channel-input.js";
import {
  type ChannelEvidence,
  evidenceFor,
  slackBody,
  telegramTexts,
  webhookBody,
} from "../../src/domain/channels/messages.js";

function evidence(over: Partial<ChannelEvidence> = {}): ChannelEvidence {
  return {
    id: 1,
    milestoneSlug: "ai-in-energy",
    milestoneTitle: "AI in energy",
    areaSlug: "economy",
    status: "in_progress",
    nature: null,
    title: "Grid <b>control</b> & AI",
    url: "https://news.example.org/a?x=1&y=2",
    quote: 'He said "<script>" & more',
    score: 0.5,
    progress: true,
    published: new Date("2026-04-10T10:00:00Z"),
    sourceName: "Kremlin",
    ...over,
  };
}

describe("Telegram messages", () => {
  it("escape source text for HTML parse mode and keep the link", () => {
    const [text, ...more] = telegramTexts({ event: "progress", poll: 7, evidence: [evidence()] });
    expect(more).toHaveLength(0);
    expect(text).toContain(
      '<a href="https://news.example.org/a?x=1&amp;y=2">Grid &lt;b&gt;control&lt;/b&gt; &amp; AI</a>',
    );
    expect(text).toContain("<i>He said &quot;&lt;script&gt;&quot; &amp; more</i>");
    expect(text).not.toContain("<script>");
  });

  it("split many items into parts under the limit, each item whole", () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      evidence({
        id: i,
        title: `Item ${i} ${"&".repeat(150)}`,
        quote: "<".repeat(500),
        url: `https://n.example.org/${i}`,
      }),
    );
    const parts = telegramTexts({ event: "progress", poll: 7, evidence: many });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThan(4096);
    for (let i = 0; i < 60; i++)
      expect(parts.filter((p) => p.includes(`https://n.example.org/${i}"`))).toHaveLength(1);
  });
});

describe("Slack and webhook bodies", () => {
  it("give Slack a one-line text with the link, and blocks naming the milestone", () => {
    const body = JSON.parse(
      slackBody({ event: "progress", poll: 7, evidence: [evidence({ title: "Two\nlines" })] }),
    );
    expect(body.text).toBe(
      "policywatch progress on AI in energy: Two lines https://news.example.org/a?x=1&y=2",
    );
    expect(JSON.stringify(body.blocks)).toContain("AI in energy — in progress");
  });

  it("give the webhook the documented fields", () => {
    const body = JSON.parse(
      webhookBody({ event: "match", poll: 3, evidence: [evidence({ published: null })] }),
    );
    expect(body).toEqual({
      event: "match",
      poll: 3,
      evidence: [
        {
          milestone: "ai-in-energy",
          area: "economy",
          status: "in_progress",
          nature: null,
          title: "Grid <b>control</b> & AI",
          url: "https://news.example.org/a?x=1&y=2",
          quote: 'He said "<script>" & more',
          score: 0.5,
          published: null,
          source: "Kremlin",
        },
      ],
    });
  });
});

describe("filters and masking", () => {
  it("pass a channel only its areas, progress unless every match, at its minimum score", () => {
    const all = [
      evidence({ id: 1 }),
      evidence({ id: 2, areaSlug: "defense" }),
      evidence({ id: 3, progress: false }),
      evidence({ id: 4, score: 0.1 }),
    ];
    const ids = (f: Parameters<typeof evidenceFor>[0]) => evidenceFor(f, all).map((e) => e.id);
    expect(ids({ areas: [], allMatches: false, minScore: 0 })).toEqual([1, 2, 4]);
    expect(ids({ areas: ["economy"], allMatches: true, minScore: 0.2 })).toEqual([1, 3]);
  });

  it("show hook URLs without the path that is their secret", () => {
    expect(maskTarget("slack", "https://hooks.slack.com/services/T0/B0/secret")).toBe(
      "https://hooks.slack.com/services/***",
    );
    expect(maskTarget("webhook", "https://user:pw@x.example.org/hook?token=abc")).toBe(
      "https://x.example.org/hook/***",
    );
    expect(maskTarget("webhook", "http://127.0.0.1:8080/hook")).toBe("http://127.0.0.1:8080/hook");
    expect(maskTarget("telegram", "-100123")).toBe("-100123");
  });
});
