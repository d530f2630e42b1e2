import { describe, expect, it } from "vitest";
import {
  type EvidenceFact,
  evaluateMilestoneStatus,
  type MilestoneFacts,
} from "../../src/domain/status/milestone-status.js";

const endOf2026: MilestoneFacts = {
  slug: "education",
  kind: "deadline",
  due: "2026-12-31",
  cadenceDays: 90,
  baseline: null,
};
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const evidence = (over: Partial<EvidenceFact>): EvidenceFact => ({
  id: 1,
  at: at("2026-11-01"),
  progress: true,
  score: 0.9,
  review: "pending",
  ...over,
});

describe("deadline rules", () => {
  it("is not started five weeks before the deadline with no evidence", () => {
    const v = evaluateMilestoneStatus(endOf2026, [], [], at("2026-11-26"));
    expect(v.status).toBe("not_started");
    expect(v.daysLeft).toBe(35);
  });

  it("is at risk within 30 days of the deadline with no progress", () => {
    const v = evaluateMilestoneStatus(endOf2026, [], [], at("2026-12-01"));
    expect(v.status).toBe("at_risk");
    expect(v.reason).toContain("30 days");
  });

  it("is overdue once the deadline passed without achievement", () => {
    const v = evaluateMilestoneStatus(endOf2026, [], [], at("2027-01-05"));
    expect(v.status).toBe("overdue");
    expect(v.daysLeft).toBe(-5);
    expect(v.reason).toContain("2026-12-31");
  });

  it("never makes an ongoing milestone overdue", () => {
    const ongoing: MilestoneFacts = { ...endOf2026, kind: "ongoing" };
    expect(evaluateMilestoneStatus(ongoing, [], [], at("2027-06-01")).status).toBe("ongoing");
  });

  it("keeps a baseline the agenda states as done", () => {
    const m: MilestoneFacts = {
      slug: "c",
      kind: "event",
      due: "2026-02-26",
      cadenceDays: null,
      baseline: { status: "achieved", at: "2026-02-26" },
    };
    expect(evaluateMilestoneStatus(m, [], [], at("2027-01-05")).status).toBe("achieved");
    // Before the date it happened, it had not happened.
    expect(evaluateMilestoneStatus(m, [], [], at("2026-01-01")).status).toBe("not_started");
  });
});

describe("evidence rules", () => {
  it("moves a deadline milestone in progress on strong automatic progress evidence", () => {
    const v = evaluateMilestoneStatus(endOf2026, [evidence({})], [], at("2026-12-10"));
    expect(v.status).toBe("in_progress");
    expect(v.automatic).toBe(true);
    expect(v.evidenceIds).toEqual([1]);
  });

  it("ignores weak automatic evidence but counts the same evidence once confirmed", () => {
    const weak = evidence({ score: 0.5 });
    expect(evaluateMilestoneStatus(endOf2026, [weak], [], at("2026-11-26")).status).toBe("not_started");
    const confirmed = { ...weak, review: "confirmed" as const };
    const v = evaluateMilestoneStatus(endOf2026, [confirmed], [], at("2026-11-26"));
    expect(v.status).toBe("in_progress");
    expect(v.automatic).toBe(false);
  });

  it("never counts rejected evidence", () => {
    const v = evaluateMilestoneStatus(
      endOf2026,
      [evidence({ review: "rejected", score: 1 })],
      [],
      at("2026-12-10"),
    );
    expect(v.status).toBe("at_risk");
  });

  it("is partially achieved when the deadline passes with progress but no completion", () => {
    expect(evaluateMilestoneStatus(endOf2026, [evidence({})], [], at("2027-01-05")).status).toBe(
      "partially_achieved",
    );
  });

  it("marks an event achieved on progress evidence of the act", () => {
    const plan: MilestoneFacts = { slug: "plan", kind: "event", due: null, cadenceDays: 120, baseline: null };
    expect(evaluateMilestoneStatus(plan, [evidence({})], [], at("2026-11-26")).status).toBe("achieved");
  });

  it("calls a milestone stalled when progress stops for longer than its cadence", () => {
    const old = evidence({ at: at("2026-06-01") });
    const far: MilestoneFacts = { ...endOf2026, due: "2030-12-31" };
    const v = evaluateMilestoneStatus(far, [old], [], at("2026-11-26"));
    expect(v.status).toBe("stalled");
    expect(v.reason).toMatch(/no progress for \d+ days/);
  });

  it("does not see evidence published after the date asked about", () => {
    const later = evidence({ at: at("2026-12-20") });
    expect(evaluateMilestoneStatus(endOf2026, [later], [], at("2026-12-10")).status).toBe("at_risk");
  });
});

describe("analyst overrides", () => {
  it("stands until newer qualifying evidence arrives", () => {
    const override = {
      id: 9,
      status: "achieved" as const,
      at: at("2026-11-20"),
      note: "plan published in full",
    };
    const v = evaluateMilestoneStatus(
      endOf2026,
      [evidence({ at: at("2026-11-01") })],
      [override],
      at("2026-11-26"),
    );
    expect(v.status).toBe("achieved");
    expect(v.cause).toBe("analyst");
    expect(v.reason).toContain("plan published in full");
    const newer = evidence({ id: 2, at: at("2026-11-25") });
    expect(evaluateMilestoneStatus(endOf2026, [newer], [override], at("2026-11-26")).status).toBe(
      "in_progress",
    );
  });
});

describe("steps and instructions", () => {
  const event: MilestoneFacts = {
    slug: "financial-architecture",
    kind: "event",
    due: null,
    cadenceDays: null,
    baseline: null,
  };

  it("puts an event in progress on a confirmed instruction, and achieves it only on a step", () => {
    const instruction = evidence({ id: 1, nature: "instruction", review: "confirmed" });
    const asked = evaluateMilestoneStatus(event, [instruction], [], at("2026-11-26"));
    expect(asked).toMatchObject({ status: "in_progress", evidenceIds: [1] });
    expect(asked.reason).toContain("instruction");
    const step = evidence({ id: 2, nature: "step", at: at("2026-11-20") });
    const done = evaluateMilestoneStatus(event, [instruction, step], [], at("2026-11-26"));
    expect(done).toMatchObject({ status: "achieved", automatic: true });
    expect(done.reason).toContain("#2");
  });
});
