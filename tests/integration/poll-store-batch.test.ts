// Several sources' polls stored in one statement (PollRepository.storeMany, what a round of polls
// does): each source gets its own items, evidence and health back, an item another source already
// holds is skipped (and so is its evidence), and a failed statement stores nothing for any of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestPlan } from "../../src/domain/item-ingest.js";
import { openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await openTestApp();
  await app.db.prisma.source.deleteMany();
});
afterAll(async () => {
  await app?.dispose();
});

const now = new Date("2026-11-26T10:00:00Z");

function plan(keys: string[]): Pick<IngestPlan, "inserts" | "updates"> {
  return {
    inserts: keys.map((k) => ({
      dedupKey: k,
      guid: k,
      url: `https://example.org/${k}`,
      title: `Title ${k}`,
      summary: null,
      content: null,
      language: "en",
      publishedAt: now,
      keepStoredContent: false,
      contentHash: `hash-${k}`,
    })),
    updates: [],
  };
}

async function source(name: string) {
  const s = await app.db.prisma.source.create({ data: { name, url: `https://example.org/${name}/feed`, kind: "rss" } });
  const [claim] = await app.repos.polls.claim([s.id], now, new Date(now.getTime() - 60_000));
  return { sourceId: s.id, pollId: claim!.pollId };
}

describe("storing a round of polls together", () => {
  it("gives each source its own new items and evidence, and records each one's health", async () => {
    const a = await source("a");
    const b = await source("b");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const health = { ok: true as const, state: "healthy", nextCheckAt: new Date(now.getTime() + 900_000) };
    const [storedA, storedB] = await app.repos.polls.storeMany([
      {
        ...a,
        now,
        plan: plan(["a1", "a2"]),
        health: { ...health, validators: { etag: '"a"', lastModified: null } },
        matches: {
          matchedWith: "test+key",
          matcherVersion: "test",
          evidence: [{ dedupKey: "a2", milestoneId: milestone, score: 0.9, progress: true, quote: "q", terms: ["t"] }],
        },
      },
      { ...b, now, plan: plan(["b1"]), health },
    ]);
    expect(storedA!.newItemIds).toHaveLength(2);
    expect(storedB!.newItemIds).toHaveLength(1);
    const a2 = await app.db.prisma.item.findUniqueOrThrow({ where: { dedupKey: "a2" } });
    expect(a2).toMatchObject({ sourceId: a.sourceId, matchedWith: "test+key" });
    const evidence = await app.db.prisma.evidence.findMany({ where: { itemId: a2.id } });
    expect(evidence.map((e) => e.id)).toEqual(storedA!.newProgressEvidenceIds);
    expect(storedB!.newProgressEvidenceIds).toEqual([]);
    expect((await app.db.prisma.item.findUniqueOrThrow({ where: { dedupKey: "b1" } })).matchedWith).toBeNull();
    const sa = await app.db.prisma.source.findUniqueOrThrow({ where: { id: a.sourceId } });
    const sb = await app.db.prisma.source.findUniqueOrThrow({ where: { id: b.sourceId } });
    expect(sa).toMatchObject({ state: "healthy", etag: '"a"', consecutiveFailures: 0 });
    expect(sb).toMatchObject({ state: "healthy", etag: null });
    expect(sa.lastNewItemAt).not.toBeNull();
  });

  it("stores every field as given, whether the item's key and guid are its URL or not", async () => {
    const f = await source("fields");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const url = 'https://example.org/news/1?a=1&b="2"';
    const byUrl = {
      dedupKey: `url:${url}`,
      guid: url,
      url,
      title: 'Путин: "ИИ" \\ — 100%',
      summary: "Line one.\nLine two, with a tab\tand an emoji 🚀.",
      content: null,
      language: "ru",
      publishedAt: null,
      keepStoredContent: false,
      contentHash: "hash-url",
    };
    const byGuid = {
      ...byUrl,
      dedupKey: "guid:tag:example.org,2026:1",
      guid: "tag:example.org,2026:1",
      url: "https://example.org/news/2",
      title: null,
      summary: null,
      language: null,
      publishedAt: now,
      contentHash: "hash-guid",
    };
    const [stored] = await app.repos.polls.storeMany([
      {
        ...f,
        now,
        plan: { inserts: [byUrl, byGuid], updates: [] },
        matches: {
          matchedWith: "test+key",
          matcherVersion: "test",
          evidence: [
            {
              dedupKey: byGuid.dedupKey,
              milestoneId: milestone,
              score: 0.25,
              progress: false,
              quote: null,
              terms: [],
            },
            {
              dedupKey: byUrl.dedupKey,
              milestoneId: milestone,
              score: 0.875,
              progress: true,
              quote: 'He said "yes" \\ 🚀',
              terms: ['"ИИ"', "a\\b"],
            },
          ],
        },
      },
    ]);
    const rows = await app.db.prisma.item.findMany({
      where: { id: { in: stored!.newItemIds } },
      orderBy: { id: "asc" },
    });
    expect(
      rows.map(({ dedupKey, guid, url, title, summary, content, language, publishedAt, contentHash }) => ({
        dedupKey,
        guid,
        url,
        title,
        summary,
        content,
        language,
        publishedAt,
        contentHash,
      })),
    ).toEqual([byUrl, byGuid].map(({ keepStoredContent, ...rest }) => rest));
    const evidence = await app.db.prisma.evidence.findMany({
      where: { itemId: { in: stored!.newItemIds } },
      orderBy: { itemId: "asc" },
    });
    expect(
      evidence.map(({ itemId, score, progress, quote, terms, matcherVersion }) => ({
        itemId,
        score,
        progress,
        quote,
        terms,
        matcherVersion,
      })),
    ).toEqual([
      {
        itemId: rows[0]!.id,
        score: 0.875,
        progress: true,
        quote: 'He said "yes" \\ 🚀',
        terms: ['"ИИ"', "a\\b"],
        matcherVersion: "test",
      },
      { itemId: rows[1]!.id, score: 0.25, progress: false, quote: null, terms: [], matcherVersion: "test" },
    ]);
    expect(stored!.newProgressEvidenceIds).toEqual([evidence[0]!.id]);
  });

  it("skips an item another source already holds, and its evidence, without touching the others", async () => {
    const c = await source("c");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const [stored] = await app.repos.polls.storeMany([
      {
        ...c,
        now,
        plan: plan(["a1", "c1"]),
        matches: {
          matchedWith: "test+key",
          matcherVersion: "test",
          evidence: [{ dedupKey: "a1", milestoneId: milestone, score: 0.9, progress: true, quote: "q", terms: [] }],
        },
      },
    ]);
    expect(stored!.newItemIds).toHaveLength(1);
    expect(stored!.newProgressEvidenceIds).toEqual([]);
    const a1 = await app.db.prisma.item.findUniqueOrThrow({ where: { dedupKey: "a1" } });
    expect(a1.sourceId).not.toBe(c.sourceId);
    expect(await app.db.prisma.evidence.count({ where: { itemId: a1.id } })).toBe(0);
  });

  it("stores nothing for any source when the statement fails", async () => {
    const d = await source("d");
    const before = await app.db.prisma.item.count();
    await expect(
      app.repos.polls.storeMany([
        { ...d, now, plan: plan(["d1"]) },
        // An evidence row naming a milestone that does not exist breaks the whole statement.
        {
          ...(await source("e")),
          now,
          plan: plan(["e1"]),
          matches: {
            matchedWith: "k",
            matcherVersion: "v",
            evidence: [{ dedupKey: "e1", milestoneId: 999_999, score: 1, progress: true, quote: null, terms: [] }],
          },
        },
      ]),
    ).rejects.toThrow();
    expect(await app.db.prisma.item.count()).toBe(before);
  });
});
