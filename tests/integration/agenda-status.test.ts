import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "../../src/infra/agenda-file.js";
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

const END_2026 = [
  "education-workforce-solutions",
  "risk-assessment-proposals",
  "international-expansion-framework",
];

describe("the agenda on a fresh database", () => {
  it("lists the five areas with their milestones and deadlines", async () => {
    const report = await app.services.status.report();
    expect(report.asOf).toBe("2026-11-26");
    expect(report.areas.map((a) => a.slug)).toEqual([
      "economy",
      "education",
      "risk",
      "defense",
      "international",
    ]);
    const all = report.areas.flatMap((a) => a.milestones);
    for (const slug of END_2026) expect(all.find((m) => m.slug === slug)?.due).toBe("2026-12-31");
    expect(all.find((m) => m.slug === "ai-all-sectors-2030")?.due).toBe("2030-12-31");
    const commission = all.find((m) => m.slug === "ai-commission-established")!;
    expect(commission.status).toBe("achieved");
    expect(all.find((m) => m.slug === "domestic-defense-ai")?.status).toBe("ongoing");
    expect(all.find((m) => m.slug === "ai-journey-ministry-presentations")?.kind).toBe("recurring");
  });

  it("shows the unachieved end-2026 milestones overdue on 5 January 2027", async () => {
    const report = await app.services.status.report({ asOf: new Date("2027-01-05T12:00:00Z") });
    const all = report.areas.flatMap((a) => a.milestones);
    for (const slug of END_2026) {
      const m = all.find((x) => x.slug === slug)!;
      expect(m.status).toBe("overdue");
      expect(m.daysLeft).toBe(-5);
    }
    expect(all.find((m) => m.slug === "ai-all-sectors-2030")?.status).toBe("not_started");
  });

  it("filters by area and refuses an unknown one in words", async () => {
    const report = await app.services.status.report({ area: "risk" });
    expect(report.areas).toHaveLength(1);
    await expect(app.services.status.report({ area: "space" })).rejects.toThrow(/no area "space".*economy/);
  });
});

describe("status history", () => {
  it("records the article's facts as achieved, citing it, and changes nothing on a second refresh", async () => {
    const commission = (await app.repos.agenda.findMilestone("ai-commission-established"))!;
    const history = await app.repos.status.history(commission.id);
    expect(history.map((h) => h.toStatus)).toEqual(["achieved"]);
    expect(history[0]!.cause).toBe("agenda");
    expect(await app.services.status.refresh()).toEqual([]);
  });

  it("records deadline changes as time passes, with the reason", async () => {
    clock.set("2026-12-02T09:00:00Z");
    const changes = await app.services.status.refresh();
    expect(changes.map((c) => c.toStatus)).toEqual(["at_risk", "at_risk", "at_risk"]);
    expect(changes[0]!.reason).toMatch(/due in 29 days/);
    clock.set("2027-01-01T09:00:00Z");
    const later = await app.services.status.refresh();
    expect(later.map((c) => [c.fromStatus, c.toStatus])).toEqual(Array(3).fill(["at_risk", "overdue"]));
  });
});

describe("loading the agenda file", () => {
  it("is idempotent: loading the same file twice changes nothing", async () => {
    const file = readAgendaFile();
    const again = await app.services.agenda.load(file);
    expect(again.changed).toBe(false);
    expect(again.statusChanges).toBe(0);
  });

  it("updates titles and dates from an edited file without losing status history", async () => {
    const commission = (await app.repos.agenda.findMilestone("ai-commission-established"))!;
    const before = await app.repos.status.history(commission.id);
    const spec = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    // A copy elsewhere names the shipped learned layer by its full path.
    spec.matching.learned = path.join(path.dirname(DEFAULT_AGENDA_FILE), spec.matching.learned);
    spec.version = "edited";
    spec.areas[1].milestones[0].title = "Education and workforce solutions (revised)";
    spec.areas[1].milestones[0].due = "2027-03-31";
    const edited = path.join(app.testDb.dataDir, "agenda.json");
    writeFileSync(edited, JSON.stringify(spec));
    const result = await app.services.agenda.load(readAgendaFile(edited));
    expect(result.changed).toBe(true);
    expect(result.milestonesCreated).toBe(0);
    const m = (await app.repos.agenda.findMilestone("education-workforce-solutions"))!;
    expect(m.title).toBe("Education and workforce solutions (revised)");
    expect(m.due).toBe("2027-03-31");
    expect(await app.repos.status.history(commission.id)).toEqual(before);
  });

  it("refuses a broken file naming what is wrong, and keeps what is stored", async () => {
    const spec = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    // A copy elsewhere names the shipped learned layer by its full path.
    spec.matching.learned = path.join(path.dirname(DEFAULT_AGENDA_FILE), spec.matching.learned);
    spec.areas[0].milestones[0].due = "31/12/2026";
    const bad = path.join(app.testDb.dataDir, "bad.json");
    writeFileSync(bad, JSON.stringify(spec));
    expect(() => readAgendaFile(bad)).toThrow(
      /areas\.0\.milestones\.0\.due: must be a date written YYYY-MM-DD/,
    );
    expect((await app.services.status.report()).areas).toHaveLength(5);
  });
});
