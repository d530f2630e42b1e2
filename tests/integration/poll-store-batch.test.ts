// Several sources' polls stored in one statement (PollRepository.storeMany, what a round of polls
// does): each source gets its own items, evidence and health back, an item another source already
// holds is skipped (and so is its evidence), a failed statement stores nothing for any of them, and
// the statement checks its own references (a deleted source, a milestone no longer on the agenda);
// an item two sources bring in one round goes to the first, and the store leaves the id sequences
// ahead of what it wrote (a store that chose its own ids would make the next insert collide).
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

/** Intake matches for the item `key`: one piece of progress evidence per milestone. */
function progressEvidence(key: string, milestoneIds: number[]) {
  return {
    matchedWith: "k",
    matcherVersion: "v",
    evidence: milestoneIds.map((milestoneId) => ({
      dedupKey: key,
      milestoneId,
      score: 1,
      progress: true,
      quote: null,
      terms: [],
    })),
  };
}

async function source(name: string) {
  const s = await app.db.prisma.source.create({
    data: { name, url: `https://example.org/${name}/feed`, kind: "rss" },
  });
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
          evidence: [
            { dedupKey: "a2", milestoneId: milestone, score: 0.9, progress: true, quote: "q", terms: ["t"] },
          ],
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
    expect(
      (await app.db.prisma.item.findUniqueOrThrow({ where: { dedupKey: "b1" } })).matchedWith,
    ).toBeNull();
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
          evidence: [
            { dedupKey: "a1", milestoneId: milestone, score: 0.9, progress: true, quote: "q", terms: [] },
          ],
        },
      },
    ]);
    expect(stored!.newItemIds).toHaveLength(1);
    expect(stored!.newProgressEvidenceIds).toEqual([]);
    const a1 = await app.db.prisma.item.findUniqueOrThrow({ where: { dedupKey: "a1" } });
    expect(a1.sourceId).not.toBe(c.sourceId);
    expect(await app.db.prisma.evidence.count({ where: { itemId: a1.id } })).toBe(0);
  });

  it("gives an item two sources bring in the same round to the first of them, with its evidence", async () => {
    const first = await source("first");
    const second = await source("second");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const [storedFirst, storedSecond] = await app.repos.polls.storeMany([
      {
        ...first,
        now,
        plan: plan(["shared", "first-only"]),
        matches: progressEvidence("shared", [milestone]),
      },
      {
        ...second,
        now,
        plan: plan(["second-only", "shared"]),
        matches: progressEvidence("shared", [milestone]),
      },
    ]);
    const shared = await app.db.prisma.item.findUniqueOrThrow({ where: { dedupKey: "shared" } });
    expect(shared.sourceId).toBe(first.sourceId);
    expect(storedFirst!.newItemIds).toContain(shared.id);
    expect(storedFirst!.newItemIds).toHaveLength(2);
    expect(storedSecond!.newItemIds).toHaveLength(1);
    expect(storedSecond!.newItemIds).not.toContain(shared.id);
    const evidence = await app.db.prisma.evidence.findMany({ where: { itemId: shared.id } });
    expect(evidence.map((e) => e.id)).toEqual(storedFirst!.newProgressEvidenceIds);
    expect(storedSecond!.newProgressEvidenceIds).toEqual([]);
  });

  it("leaves items and evidence created after a store ids of their own (the sequences are ahead of its rows)", async () => {
    const s = await source("ids");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const [stored] = await app.repos.polls.storeMany([
      { ...s, now, plan: plan(["ids1", "ids2"]), matches: progressEvidence("ids2", [milestone]) },
    ]);
    const item = await app.db.prisma.item.create({
      data: {
        sourceId: s.sourceId,
        guid: "ids3",
        dedupKey: "ids3",
        url: "https://example.org/ids3",
        contentHash: "h",
        updatedAt: now,
      },
    });
    expect(item.id).toBeGreaterThan(Math.max(...stored!.newItemIds));
    const evidence = await app.db.prisma.evidence.create({
      data: {
        itemId: item.id,
        milestoneId: milestone,
        score: 1,
        progress: false,
        matcherVersion: "v",
        updatedAt: now,
      },
    });
    expect(evidence.id).toBeGreaterThan(Math.max(...stored!.newProgressEvidenceIds));
  });

  it("stores nothing for any source when the statement fails", async () => {
    const d = await source("d");
    const before = await app.db.prisma.item.count();
    await expect(
      app.repos.polls.storeMany([
        { ...d, now, plan: plan(["d1"]) },
        // An item with no URL (and so no guid) breaks the whole statement.
        {
          ...(await source("e")),
          now,
          plan: { inserts: [{ ...plan(["e1"]).inserts[0]!, url: null as unknown as string }], updates: [] },
        },
      ]),
    ).rejects.toThrow();
    expect(await app.db.prisma.item.count()).toBe(before);
  });

  it("stores nothing for a source deleted while it was polled, and the others' items as usual", async () => {
    const gone = await source("gone");
    const kept = await source("kept");
    await app.db.prisma.source.delete({ where: { id: gone.sourceId } });
    const [storedGone, storedKept] = await app.repos.polls.storeMany([
      { ...gone, now, plan: plan(["gone1"]) },
      { ...kept, now, plan: plan(["kept1"]) },
    ]);
    expect(storedGone!.newItemIds).toEqual([]);
    expect(storedKept!.newItemIds).toHaveLength(1);
    expect(await app.db.prisma.item.findUnique({ where: { dedupKey: "gone1" } })).toBeNull();
    expect(await app.db.prisma.item.count({ where: { sourceId: gone.sourceId } })).toBe(0);
  });

  it("leaves out evidence naming a milestone that is gone, and keeps the item and its other evidence", async () => {
    const f = await source("agenda-changed");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const [stored] = await app.repos.polls.storeMany([
      { ...f, now, plan: plan(["g1"]), matches: progressEvidence("g1", [999_999, milestone]) },
    ]);
    expect(stored!.newItemIds).toHaveLength(1);
    const evidence = await app.db.prisma.evidence.findMany({ where: { itemId: stored!.newItemIds[0]! } });
    expect(evidence.map((e) => e.milestoneId)).toEqual([milestone]);
    expect(stored!.newProgressEvidenceIds).toEqual([evidence[0]!.id]);
  });

  it("still deletes a source's items and their evidence with it after a store (the checks are skipped only inside it)", async () => {
    const h = await source("deleted-later");
    const milestone = (await app.db.prisma.milestone.findFirstOrThrow()).id;
    const [stored] = await app.repos.polls.storeMany([
      { ...h, now, plan: plan(["h1"]), matches: progressEvidence("h1", [milestone]) },
    ]);
    const itemId = stored!.newItemIds[0]!;
    await app.db.prisma.source.delete({ where: { id: h.sourceId } });
    expect(await app.db.prisma.item.count({ where: { id: itemId } })).toBe(0);
    expect(await app.db.prisma.evidence.count({ where: { itemId } })).toBe(0);
    // And a reference that does not exist is refused again outside the store.
    await expect(
      app.db.raw.query(
        `INSERT INTO "Evidence" ("itemId", "milestoneId", score, progress, "matcherVersion", "updatedAt") VALUES ($1, $2, 1, true, 'v', now())`,
        [itemId, milestone],
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
