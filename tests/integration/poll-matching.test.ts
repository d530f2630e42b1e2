// A poll matches what it stored before it finishes: a Kremlin-shaped feed served on loopback whose
// entry says the national AI implementation plan was approved yields progress evidence on that
// milestone, and the milestone's status moves in the same poll.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { type LoopbackFetcher, loopbackFetcher } from "../helpers/loopback-fetcher.js";
import { pollServiceWith } from "../helpers/pipeline.js";
import { repoRoot } from "../helpers/run-cli.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const KREMLIN = readFileSync(path.join(repoRoot, "tests/fixtures/pipeline/kremlin-en-news.atom.xml"), "utf8");
const PLAN_AND_INSTRUCTIONS = readFileSync(
  path.join(repoRoot, "tests/fixtures/pipeline/kremlin-en-news-plan-and-instructions.atom.xml"),
  "utf8",
);
const FINANCE = "financial-architecture";
const PLAN = "national-ai-implementation-plan";

let server: FeedServer;
let fetcher: LoopbackFetcher;
let app: TestApp;
const clock = fixedClock("2026-04-11T12:00:00Z");

beforeEach(async () => {
  server = await startFeedServer({
    "/kremlin/news/feed": { body: KREMLIN, contentType: "application/atom+xml; charset=utf-8" },
    "/kremlin/plan/feed": { body: PLAN_AND_INSTRUCTIONS, contentType: "application/atom+xml; charset=utf-8" },
    "/kremlin/instructions/feed": {
      body: PLAN_AND_INSTRUCTIONS.replace(/<entry>[\s\S]*?<\/entry>/, ""),
      contentType: "application/atom+xml; charset=utf-8",
    },
  });
  fetcher = loopbackFetcher({ rewrite: { "en.kremlin.ru": `${server.origin}/site` } });
  app = await openTestApp({ now: clock, fetcher: { fetch: (url, init) => fetcher.fetch(url, init) } });
  await app.db.prisma.source.deleteMany();
});
afterEach(async () => {
  await app.dispose();
  await fetcher.close();
  await server.close();
});

describe("every poll matches its new items before it finishes", () => {
  it("turns a Kremlin entry approving the national AI plan into progress evidence and moves the milestone", async () => {
    const { source } = await app.services.sources.add({
      url: server.url("/kremlin/news/feed"),
      kind: "kremlin",
      name: "Kremlin",
    });
    // Alerts, the follow-up's last step, see what the poll has done while it is still running.
    const seenDuringPoll: { status: string; pollOutcome: string }[] = [];
    const alerts = app.services.alerts;
    const poll = pollServiceWith(app, {
      alerts: {
        hasRecipients: async () => {
          const latest = await app.db.prisma.poll.findFirstOrThrow({ orderBy: { id: "desc" } });
          seenDuringPoll.push({
            status: (await app.repos.agenda.findMilestone(PLAN))!.status,
            pollOutcome: latest.outcome,
          });
          return alerts.hasRecipients();
        },
        alertForPoll: (...args) => alerts.alertForPoll(...args),
      },
    });
    const summary = await poll.pollAll();
    expect(summary).toMatchObject({ newItems: 4, failed: 0 });

    const evidence = await app.repos.evidence.list({ milestone: PLAN });
    expect(evidence).toHaveLength(1);
    const e = evidence[0]!;
    expect(e).toMatchObject({
      progress: true,
      review: "pending",
      matcherVersion: app.services.match.matcherVersion,
    });
    expect(e.item.url).toMatch(/\/news\/79012$/);
    expect(e.quote).toMatch(/Executive Order approving the plan/);
    expect(e.terms.length).toBeGreaterThan(0);
    const items = await app.db.prisma.item.findMany({ where: { sourceId: source.id } });
    expect(items.every((i) => i.matchedWith !== null)).toBe(true);
    // New items are matched before they are stored; re-matching them all finds nothing to change.
    const again = await app.services.match.matchAll();
    expect(again).toMatchObject({ items: 4, unchangedItems: 4, created: 0, updated: 0, superseded: 0 });

    // The status moved during the poll, citing the evidence, before the poll was closed.
    expect(seenDuringPoll).toEqual([{ status: "achieved", pollOutcome: "running" }]);
    const milestone = (await app.repos.agenda.findMilestone(PLAN))!;
    expect(milestone.status).toBe("achieved");
    const change = (await app.repos.status.history(milestone.id)).at(-1)!;
    expect(change).toMatchObject({ toStatus: "achieved", cause: "evidence", automatic: true });
    expect(change.evidenceIds).toContain(e.id);

    // Nothing new on the next poll: no new evidence, no new status change.
    const stored = await app.db.prisma.evidence.count();
    clock.set("2026-04-11T12:30:00Z");
    await poll.pollAll();
    expect(await app.db.prisma.evidence.count()).toBe(stored);
    expect((await app.repos.status.history(milestone.id)).at(-1)!.id).toBe(change.id);
  });

  it("tells the Kremlin's approval of the national AI plan (a step) from its instructions (a commitment)", async () => {
    // The feeds give summaries only: the article pages are not served, so the poll falls back to them.
    const instructionsOnly = await app.services.sources.add({
      url: server.url("/kremlin/instructions/feed"),
      kind: "kremlin",
      name: "Kremlin (instructions)",
    });
    expect(instructionsOnly.source.voice).toBe("official");
    const statusOf = async (slug: string) => (await app.repos.agenda.findMilestone(slug))!.status;
    const before = new Map<string, string>();
    for (const area of await app.repos.agenda.listAreas())
      for (const m of area.milestones) before.set(m.slug, await statusOf(m.slug));
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 1, failed: 0 });

    // "The Government is instructed to submit a financial architecture…": an instruction with its
    // deadline. It moves no milestone to achieved.
    const instructed = await app.repos.evidence.list();
    expect(instructed.length).toBeGreaterThan(0);
    expect(instructed.every((e) => e.nature === "instruction" && e.progress)).toBe(true);
    const finance = instructed.find((e) => e.milestoneSlug === FINANCE)!;
    expect(finance).toMatchObject({ deadline: "2026-08-01" });
    expect(finance.quote).toMatch(/instructed to submit a financial architecture/);
    for (const e of instructed) {
      const now = await statusOf(e.milestoneSlug);
      if (now === "achieved") expect(before.get(e.milestoneSlug)).toBe("achieved");
    }
    // An analyst confirming it records the commitment: in progress, still not achieved.
    await app.services.review.confirm(finance.id);
    expect(await statusOf(FINANCE)).toBe("in_progress");

    // "National plan … approved", naming no country as the Kremlin writes: progress on the plan.
    await app.services.sources.add({
      url: server.url("/kremlin/plan/feed"),
      kind: "kremlin",
      name: "Kremlin",
    });
    expect(await app.services.poll.pollAll()).toMatchObject({ newItems: 1, failed: 0 });
    const plan = (await app.repos.evidence.list({ milestone: PLAN })).find((e) =>
      e.item.title?.startsWith("National plan"),
    );
    expect(plan).toMatchObject({ progress: true, nature: "step" });
    expect((await app.repos.agenda.findMilestone(PLAN))!.status).toBe("achieved");
    expect((await app.repos.agenda.findMilestone(FINANCE))!.status).toBe("in_progress");
  });
});
