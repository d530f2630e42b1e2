// The ledger's commands run as a user runs them: the real `policywatch` executable on a data
// folder (or a fresh PostgreSQL database) holding stored items.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.js";
import { runCli } from "../../src/cli/run.js";
import { addItem, addSource } from "../helpers/items.js";
import { runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const app = await openApp(db.config);
  try {
    const kremlin = await addSource(app, "Kremlin");
    await addItem(app, kremlin, {
      title: "Vladimir Putin approved the National Plan for AI Implementation",
      summary:
        "The President of Russia signed an executive order approving the national plan for AI implementation.",
    });
    await addItem(app, kremlin, {
      title: "Heavy snowfall closes mountain passes in the Alps",
      summary: "Roads were closed.",
    });
  } finally {
    await app.close();
  }
});
afterAll(async () => {
  await db?.drop();
});

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:/);

describe("policywatch match, evidence and status set/undo", () => {
  it("re-matches every stored item with progress lines, idempotently, then lists and reviews evidence", async () => {
    const first = await runPolicywatch(["match", "--all", "--json"], db.env);
    expect(first.code).toBe(0);
    // Not a terminal: plain progress lines on stderr, the JSON summary alone on stdout.
    expect(first.stderr).toContain("matched 2/2 items");
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ items: 2, matchedItems: 1 });
    expect(summary.created).toBeGreaterThan(0);

    const second = JSON.parse((await runPolicywatch(["match", "--all", "--json"], db.env)).stdout);
    expect(second).toMatchObject({
      items: 2,
      unchangedItems: 2,
      created: 0,
      updated: 0,
      superseded: 0,
      statusChanges: 0,
    });

    const list = await runPolicywatch(
      ["evidence", "list", "--pending", "--milestone", "national-ai-implementation-plan", "--json"],
      db.env,
    );
    expect(list.code).toBe(0);
    const [e] = JSON.parse(list.stdout);
    expect(e).toMatchObject({
      milestone: "national-ai-implementation-plan",
      progress: true,
      review: "pending",
    });
    expect(e.quote).toMatch(/national plan for AI implementation/i);
    expect(e.terms.length).toBeGreaterThan(0);
    expect(e.item).toMatchObject({
      source: "Kremlin",
      title: "Vladimir Putin approved the National Plan for AI Implementation",
    });

    const rejected = await runPolicywatch(
      ["evidence", "reject", String(e.id), "--note", "only a draft"],
      db.env,
    );
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain(`Evidence #${e.id} rejected`);
    const pending = await runPolicywatch(
      ["evidence", "list", "--pending", "--milestone", "national-ai-implementation-plan"],
      db.env,
    );
    expect(pending.stdout).toContain("No evidence awaits review.");
  });

  it("overrides a status with a note and undoes it", async () => {
    const set = await runPolicywatch(
      [
        "status",
        "set",
        "risk-assessment-proposals",
        "in_progress",
        "--note",
        "draft law tabled in the Duma",
        "--json",
      ],
      db.env,
    );
    expect(set.code).toBe(0);
    const change = JSON.parse(set.stdout);
    expect(change).toMatchObject({
      toStatus: "in_progress",
      cause: "analyst",
      note: "draft law tabled in the Duma",
    });

    const undo = await runPolicywatch(
      ["status", "undo", String(change.id), "--note", "tabled, not adopted"],
      db.env,
    );
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain(`Undid status change #${change.id}`);
    const again = await runPolicywatch(["status", "undo", String(change.id)], db.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already undone");
  });

  // In process through the same runCli the executable calls: seven spawns would cost seconds each.
  it("refuses unknown ids, slugs and statuses in words, without a stack trace", async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ["status", "set", "risk-assessment-proposals", "done", "--note", "x"],
        2,
        /"done" is not a status\. Statuses: not_started, in_progress, at_risk, achieved, partially_achieved, stalled, overdue, ongoing/,
      ],
      [["status", "set", "risk-assessment-proposals", "achieved"], 2, /needs a note/],
      [
        ["status", "set", "moon-landing", "achieved", "--note", "x"],
        2,
        /no milestone "moon-landing"\. Milestones: .*risk-assessment-proposals/,
      ],
      [["evidence", "confirm", "99999"], 2, /no evidence #99999/],
      [["evidence", "reject", "abc"], 2, /"abc" is not a valid evidence id/],
      [["status", "undo", "99999"], 2, /no status change #99999/],
      [["match"], 2, /--all/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runInProcess(args);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.stderr).toMatch(message);
      noStack(r.stderr);
    }
  });
});

async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = () => {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (d) => {
      text += d;
    });
    return { stream, text: () => text };
  };
  const out = collect();
  const err = collect();
  const code = await runCli(args, {
    stdout: out.stream,
    stderr: err.stream,
    stdin: new PassThrough(),
    env: db.env,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}
