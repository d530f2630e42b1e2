// The evidence ledger, analyst review and the status engine on a real database (PGlite, or
// PostgreSQL when DATABASE_URL is set). Items go straight into the item table, as a poll stores them.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AUTO_PROGRESS_THRESHOLD,
  type EvidenceFact,
  qualifies,
} from "../../src/domain/status/milestone-status.js";
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "../../src/infra/agenda-file.js";
import { addItem, addSource, type TestItem } from "../helpers/items.js";
import { addEvidence, type EvidenceRowInput } from "../helpers/news-rows.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
const clock = fixedClock("2026-11-26T10:00:00Z");

beforeEach(async () => {
  clock.set("2026-11-26T10:00:00Z");
  app = await openTestApp({ now: clock });
});
afterEach(async () => {
  await app.dispose();
});

const PLAN = "national-ai-implementation-plan";

const planApproved: TestItem = {
  title: "Vladimir Putin approved the National Plan for AI Implementation",
  summary:
    "The President of Russia signed an executive order approving the national plan for AI implementation " +
    "in federal and regional government bodies. The Government is to report on artificial intelligence deployment every year.",
};

const unrelated: TestItem = {
  title: "Heavy snowfall closes mountain passes in the Alps",
  summary: "Several roads in Switzerland and Austria were closed after two days of snow.",
};

async function milestone(slug: string) {
  return (await app.repos.agenda.findMilestone(slug))!;
}

async function planEvidence(itemId: number) {
  const rows = await app.repos.evidence.list({ milestone: PLAN, itemIds: [itemId], includeSuperseded: true });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("matching stored items into the ledger", () => {
  it("stores each match with its quote, terms and matcher version, and reports new progress evidence", async () => {
    const kremlin = await addSource(app, "Kremlin");
    const planId = await addItem(app, kremlin, planApproved);
    const otherId = await addItem(app, kremlin, unrelated);
    const result = await app.services.match.matchItems([planId, otherId]);

    expect(result.items).toBe(2);
    expect(result.matchedItems).toBe(1);
    const rows = await app.repos.evidence.list({ itemIds: [planId, otherId] });
    expect(rows.length).toBeGreaterThan(0);
    const text = `${planApproved.title} ${planApproved.summary}`;
    for (const e of rows) {
      expect(e.item.id).toBe(planId);
      expect(e.quote).toBeTruthy();
      expect(text).toContain(e.quote!.replace(/[.!?]$/, ""));
      expect(e.terms.length).toBeGreaterThan(0);
      expect(e.matcherVersion).toBe(app.services.match.matcherVersion);
      expect(e.review).toBe("pending");
    }
    const plan = await planEvidence(planId);
    expect(plan.progress).toBe(true);
    expect(result.newProgressEvidenceIds).toContain(plan.id);
    expect(result.created.sort()).toEqual(rows.map((r) => r.id).sort());
    // Every new match, progress or not, is what channels wanting every match are handed.
    expect(result.newEvidenceByItem.get(planId)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    expect(result.newEvidenceByItem.has(otherId)).toBe(false);

    // The item records which matcher and agenda matched it.
    const stamped = await app.db.prisma.item.findUniqueOrThrow({ where: { id: planId } });
    expect(stamped.matchedWith).toMatch(
      new RegExp(`^${app.services.match.matcherVersion.replace(/[.+]/g, "\\$&")}\\+`),
    );
  });

  it("re-matching every stored item twice changes nothing the second time", async () => {
    const kremlin = await addSource(app, "Kremlin");
    const ids = [
      await addItem(app, kremlin, planApproved),
      await addItem(app, kremlin, unrelated),
      await addItem(app, kremlin, {
        title: "Правительство утвердило национальный план внедрения искусственного интеллекта",
        summary:
          "Михаил Мишустин подписал распоряжение об утверждении национального плана внедрения ИИ в регионах.",
        language: "ru",
      }),
    ];
    const progress: { done: number; total: number }[] = [];
    const first = await app.services.match.matchAll({ batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(first.items).toBe(3);
    expect(first.created).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ done: 3, total: 3 });

    const snapshot = async () => ({
      evidence: await app.db.prisma.evidence.findMany({ orderBy: { id: "asc" } }),
      items: await app.db.prisma.item.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } }),
      changes: await app.db.prisma.milestoneStatusChange.findMany({ orderBy: { id: "asc" } }),
      statuses: await app.db.prisma.milestone.findMany({
        select: { slug: true, status: true, statusAt: true },
        orderBy: { id: "asc" },
      }),
    });
    const before = await snapshot();
    clock.set("2026-11-26T11:00:00Z");
    const second = await app.services.match.matchAll({ batchSize: 2 });
    expect(second).toMatchObject({
      items: 3,
      unchangedItems: 3,
      created: 0,
      updated: 0,
      superseded: 0,
      revived: 0,
      statusChanges: 0,
    });
    expect(second.newProgressEvidenceIds).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps reviews through re-matching and supersedes, never deletes, a match no longer produced", async () => {
    const kremlin = await addSource(app, "Kremlin");
    const planId = await addItem(app, kremlin, planApproved);
    await app.services.match.matchItems([planId]);
    const e = await planEvidence(planId);
    await app.services.review.reject(e.id, "wrong plan");

    // The matcher runs again on the same item: the rejection stands.
    await app.db.prisma.negativePattern.deleteMany();
    await app.services.match.matchItems([planId]);
    expect((await planEvidence(planId)).review).toBe("rejected");

    // The item is edited so that it no longer bears on the plan.
    await app.db.prisma.item.update({
      where: { id: planId },
      data: { title: unrelated.title, summary: unrelated.summary },
    });
    const r = await app.services.match.matchItems([planId]);
    expect(r.superseded).toContain(e.id);
    const after = await planEvidence(planId);
    expect(after).toMatchObject({ id: e.id, superseded: true, review: "rejected", reviewNote: "wrong plan" });
    expect(await app.repos.evidence.list({ itemIds: [planId] })).toEqual([]);

    // Edited back, the rejected match is revived, and stays out of what alerts are handed.
    await app.db.prisma.item.update({
      where: { id: planId },
      data: { title: planApproved.title, summary: planApproved.summary },
    });
    const back = await app.services.match.matchItems([planId]);
    expect(back.revived).toContain(e.id);
    expect(back.newEvidenceByItem.get(planId) ?? []).not.toContain(e.id);
    expect(back.newProgressEvidenceIds).not.toContain(e.id);
  });
});

describe("the agenda the matcher compiles", () => {
  it("is the stored agenda, the same as its file in everything matching reads", async () => {
    const file = readAgendaFile().spec;
    const stored = (await app.repos.agenda.loadSpec(file.slug))!;
    const strip = (spec: typeof file) => ({
      ...spec,
      citation: undefined,
      since: undefined,
      sources: [],
      areas: spec.areas.map((a) => ({
        ...a,
        milestones: a.milestones.map((m) => ({ ...m, recurrence: undefined })),
      })),
    });
    expect(strip(stored.spec)).toEqual(strip(file));
  });

  it("is recompiled when an edited agenda is loaded, and match --all moves evidence to match it", async () => {
    const kremlin = await addSource(app, "Kremlin");
    const id = await addItem(app, kremlin, {
      title: "Sber presents Kvantor, a new neural network for Russian hospitals",
      summary: "Sber showed Kvantor, a neural network that reads X-ray images, to doctors in Moscow.",
    });
    await app.services.match.matchAll();
    const slugs = async () => (await app.repos.evidence.list({ itemIds: [id] })).map((e) => e.milestoneSlug);
    expect(await slugs()).not.toContain("sovereign-foundation-models");

    const json = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    // A copy elsewhere names the shipped learned layer by its full path.
    json.matching.learned = path.join(path.dirname(DEFAULT_AGENDA_FILE), json.matching.learned);
    const models = json.areas
      .flatMap((a: { milestones: unknown[] }) => a.milestones)
      .find((m: { slug: string }) => m.slug === "sovereign-foundation-models");
    models.terms.en.push({ term: "Kvantor", weight: 3 });
    const edited = path.join(app.testDb.dataDir, "agenda-edited.json");
    writeFileSync(edited, JSON.stringify(json));
    await app.services.agenda.load(readAgendaFile(edited));

    const summary = await app.services.match.matchAll();
    expect(summary.agendas[0]!.contentHash).toBe(readAgendaFile(edited).contentHash);
    expect(await slugs()).toContain("sovereign-foundation-models");
  });
});

describe("review moves statuses, citing the evidence", () => {
  it("confirming weak progress evidence moves the milestone; rejecting it moves it back", async () => {
    const kremlin = await addSource(app, "Kremlin");
    const planId = await addItem(app, kremlin, planApproved);
    await app.services.match.matchItems([planId]);
    const e = await planEvidence(planId);
    expect(e.progress).toBe(true);
    // Below the automatic threshold, unreviewed evidence does not move a status by itself.
    await app.db.prisma.evidence.update({
      where: { id: e.id },
      data: { score: AUTO_PROGRESS_THRESHOLD / 2 },
    });
    await app.services.status.refresh();
    expect((await milestone(PLAN)).status).toBe("not_started");

    const confirmed = await app.services.review.confirm(e.id, "checked on kremlin.ru");
    expect(confirmed.evidence.review).toBe("confirmed");
    expect((await milestone(PLAN)).status).toBe("achieved");
    const moved = confirmed.statusChanges.find((c) => c.milestoneId === e.milestoneId)!;
    expect(moved).toMatchObject({
      fromStatus: "not_started",
      toStatus: "achieved",
      cause: "review",
      automatic: false,
      note: "checked on kremlin.ru",
    });
    expect(moved.evidenceIds).toContain(e.id);
    expect(moved.reason).toContain(`evidence #${e.id} confirmed`);

    const rejected = await app.services.review.reject(e.id, "a draft, not the adopted plan");
    expect((await milestone(PLAN)).status).toBe("not_started");
    const back = rejected.statusChanges.find((c) => c.milestoneId === e.milestoneId)!;
    expect(back).toMatchObject({ fromStatus: "achieved", toStatus: "not_started", cause: "review" });
    expect(back.evidenceIds).toEqual([e.id]);
    expect(back.reason).toContain(`evidence #${e.id} rejected by an analyst: a draft, not the adopted plan`);

    // The report, the CLI's and the API's view, agrees; rejected evidence is not counted.
    const report = await app.services.status.report();
    const row = report.areas.flatMap((a) => a.milestones).find((m) => m.slug === PLAN)!;
    expect(row).toMatchObject({ status: "not_started", evidenceCount: 0 });

    // The milestone detail shows the whole story with the evidence quoted.
    const detail = await app.services.status.milestoneDetail(PLAN);
    const [up, down] = detail.history.slice(-2);
    expect([up!.id, down!.id]).toEqual([moved.id, back.id]);
    expect(up!.evidence.find((x) => x.id === e.id)).toMatchObject({
      quote: e.quote,
      itemTitle: planApproved.title,
      review: "rejected",
    });
    expect(detail.evidence[0]).toMatchObject({
      id: e.id,
      review: "rejected",
      reviewNote: "a draft, not the adopted plan",
    });
    expect(detail.evidence[0]!.item.source.name).toBe("Kremlin");
  });

  it("moves a milestone on strong automatic progress evidence, marked automatic, and back when it is rejected", async () => {
    const kremlin = await addSource(app, "Kremlin");
    const planId = await addItem(app, kremlin, planApproved);
    await app.services.match.matchItems([planId]);
    const e = await planEvidence(planId);
    if (e.score < AUTO_PROGRESS_THRESHOLD) {
      await app.db.prisma.evidence.update({ where: { id: e.id }, data: { score: AUTO_PROGRESS_THRESHOLD } });
      await app.services.status.refresh();
    }
    expect((await milestone(PLAN)).status).toBe("achieved");
    const auto = (await app.repos.status.history(e.milestoneId)).at(-1);
    expect(auto).toMatchObject({
      toStatus: "achieved",
      cause: "evidence",
      automatic: true,
      evidenceIds: [e.id],
    });
    await app.services.review.reject(e.id, null);
    const history = await app.repos.status.history(e.milestoneId);
    expect(history.at(-1)).toMatchObject({
      fromStatus: "achieved",
      toStatus: "not_started",
      cause: "review",
      evidenceIds: [e.id],
    });
  });
});

describe("analyst overrides", () => {
  it("records an override with its note, and undoing it recomputes and records the status", async () => {
    const slug = "education-workforce-solutions";
    const set = await app.services.status.override(slug, "in_progress", "ministry briefing on 20 November");
    expect(set).toMatchObject({
      fromStatus: "not_started",
      toStatus: "in_progress",
      cause: "analyst",
      note: "ministry briefing on 20 November",
    });
    expect((await milestone(slug)).status).toBe("in_progress");
    // It stands: refreshing the rules does not undo it.
    expect(await app.services.status.refresh()).toEqual([]);
    const detail = await app.services.status.milestoneDetail(slug);
    expect(detail).toMatchObject({ status: "in_progress", cause: "analyst" });
    expect(detail.history.at(-1)).toMatchObject({ id: set.id, undoable: true });

    clock.set("2026-12-05T10:00:00Z");
    const undo = await app.services.status.undo(set.id, "briefing was about 2027");
    expect(undo.status).toBe("at_risk");
    expect(undo.undone.undoneAt).toEqual(new Date("2026-12-05T10:00:00Z"));
    expect(undo.undone.undoneNote).toBe("briefing was about 2027");
    expect(undo.change).toMatchObject({ fromStatus: "in_progress", toStatus: "at_risk", cause: "undo" });
    expect(undo.change!.reason).toContain(
      `analyst change #${set.id} (in_progress) undone: briefing was about 2027`,
    );
    // An undo is not itself an override: the rules keep moving the status afterwards.
    clock.set("2027-01-02T10:00:00Z");
    expect((await app.services.status.refresh()).map((c) => c.toStatus)).toContain("overdue");
    expect((await milestone(slug)).status).toBe("overdue");

    await expect(app.services.status.undo(set.id)).rejects.toMatchObject({ kind: "already-undone" });
  });

  it("refuses bad overrides and undos in words", async () => {
    await expect(
      app.services.status.override("education-workforce-solutions", "done", "x"),
    ).rejects.toMatchObject({
      kind: "unknown-status",
      message: expect.stringContaining(
        "not_started, in_progress, at_risk, achieved, partially_achieved, stalled, overdue, ongoing",
      ),
    });
    await expect(
      app.services.status.override("education-workforce-solutions", "achieved", "  "),
    ).rejects.toMatchObject({ kind: "note-required" });
    await expect(app.services.status.override("moon-landing", "achieved", "x")).rejects.toMatchObject({
      kind: "unknown-milestone",
      message: expect.stringContaining(PLAN),
    });
    await expect(app.services.status.undo(99_999)).rejects.toMatchObject({ kind: "unknown-change" });
    const commission = await milestone("ai-commission-established");
    const [agendaChange] = await app.repos.status.history(commission.id);
    await expect(app.services.status.undo(agendaChange!.id)).rejects.toMatchObject({ kind: "not-undoable" });
    await expect(app.services.review.confirm(99_999)).rejects.toMatchObject({ kind: "unknown-evidence" });
  });
});

describe("status refresh", () => {
  it("records each change once when two refreshes run at once (two polls finishing together)", async () => {
    clock.set("2026-12-02T09:00:00Z");
    const [a, b] = await Promise.all([app.services.status.refresh(), app.services.status.refresh()]);
    expect([...a, ...b].map((c) => c.toStatus)).toEqual(["at_risk", "at_risk", "at_risk"]);
    const rows = await app.db.prisma.milestoneStatusChange.count({ where: { toStatus: "at_risk" } });
    expect(rows).toBe(3);
  });

  it("reads only the evidence that can move a status: confirmed, or automatic at the threshold, live and progress", async () => {
    const source = await addSource(app, "Wire");
    const row = (over: Partial<EvidenceRowInput>) =>
      addEvidence(app.db.prisma, {
        sourceId: source,
        milestone: PLAN,
        title: "t",
        recordedAt: new Date("2026-11-20T00:00:00Z"),
        ...over,
      });
    const strong = await row({ score: AUTO_PROGRESS_THRESHOLD });
    const confirmedWeak = await row({ score: 0.3, review: "confirmed" });
    await row({ score: 0.79 });
    await row({ score: 0.95, progress: false });
    await row({ score: 0.95, review: "rejected" });
    const gone = await row({ score: 0.95 });
    await app.db.prisma.evidence.update({ where: { id: gone }, data: { superseded: true } });
    const plan = await milestone(PLAN);
    const facts = await app.repos.status.qualifyingEvidenceFacts([plan.id], AUTO_PROGRESS_THRESHOLD);
    expect(facts.get(plan.id)?.map((f) => f.id)).toEqual([strong, confirmedWeak]);
    // The query says what the rules' own `qualifies` says of every row.
    const all = await app.db.prisma.evidence.findMany({
      where: { milestoneId: plan.id },
      orderBy: { id: "asc" },
    });
    const ruled = all.filter((e) =>
      qualifies({ ...e, at: e.createdAt, review: e.review as EvidenceFact["review"] }),
    );
    expect(ruled.map((e) => e.id)).toEqual([strong, confirmedWeak]);
    // What the rules decide from it: the plan moved, citing both.
    await app.services.status.refresh();
    expect((await app.repos.status.history(plan.id)).at(-1)).toMatchObject({
      toStatus: "achieved",
      evidenceIds: [strong, confirmedWeak],
    });
  });
});

describe("rejections feed back", () => {
  const MODELS = "sovereign-foundation-models";
  // A private bakery's use of GigaChat: it matches the models milestone; an analyst rejects it.
  const falseMatch = (headline: string): TestItem => ({
    title: `${headline}: Sber's GigaChat neural network now plans croissant orders for a Moscow bakery chain`,
    summary:
      "GigaChat, the large language model from Sber, forecasts croissant demand for the bakery chain; " +
      "the bakery's artificial intelligence pilot runs until next month.",
  });
  const genuine: TestItem = {
    title: "Sber releases GigaChat 3, a new large language model for government agencies",
    summary:
      "Sberbank launched a new version of its GigaChat large language model, which ministries can now use.",
  };
  const onModels = (itemId: number) => app.repos.evidence.list({ itemIds: [itemId], milestone: MODELS });

  it("stops a near-copy of the false match from the same source, but not genuine items from it, nor other sources", async () => {
    const club = await addSource(app, "Bakery trade news");
    const other = await addSource(app, "Other wire");
    const first = await addItem(app, club, falseMatch("Sat"));
    await app.services.match.matchItems([first]);
    const [target] = await onModels(first);
    expect(target).toBeDefined();

    const outcome = await app.services.review.reject(target!.id, "a bakery's pilot, not state AI policy");
    expect(outcome.learned).not.toBeNull();
    expect(outcome.learned!.sourceId).toBe(club);
    // What was learned is the bakery story, not the milestone's own words.
    expect(outcome.learned!.terms).toEqual(expect.arrayContaining(["bakeri", "croissant"]));
    expect(outcome.learned!.terms).not.toContain("gigachat");

    const again = await addItem(app, club, falseMatch("Sun"));
    const real = await addItem(app, club, genuine);
    const elsewhere = await addItem(app, other, falseMatch("Sun"));
    await app.services.match.matchItems([again, real, elsewhere]);
    expect(await onModels(again)).toEqual([]);
    expect(await onModels(real)).toHaveLength(1);
    expect(await onModels(elsewhere)).toHaveLength(1);

    // Confirming the evidence after all forgets what was learned: the pattern matches again.
    const undo = await app.services.review.confirm(target!.id, "on reflection, relevant");
    expect(undo.forgotten).toBe(1);
    await app.services.match.matchItems([again]);
    expect(await onModels(again)).toHaveLength(1);
  });

  it("learns again, with the current matcher, a pattern an earlier matcher learned from the milestone's own words", async () => {
    const club = await addSource(app, "Bakery trade news");
    const first = await addItem(app, club, falseMatch("Sat"));
    await app.services.match.matchItems([first]);
    const [target] = await onModels(first);
    await app.services.review.reject(target!.id, null);
    // What matcher 1.0.0 stored for such a rejection: the anchor stems every GigaChat item shares.
    await app.db.prisma.negativePattern.updateMany({
      data: { terms: ["gigachat", "larg", "languag", "model"] },
    });

    const real = await addItem(app, club, genuine);
    const summary = await app.services.match.matchAll();
    expect(summary.items).toBe(2);
    expect(await onModels(real)).toHaveLength(1);
    const [pattern] = await app.db.prisma.negativePattern.findMany();
    expect(pattern!.terms).toEqual(expect.arrayContaining(["bakeri", "croissant"]));
    // Learning again is idempotent.
    expect(await app.services.match.relearnNegativePatterns()).toBe(0);
  });
});
