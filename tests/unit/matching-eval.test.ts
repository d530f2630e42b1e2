// Guards the matcher's measured quality on the labelled development items and on the independent
// check set (tests/fixtures/eval/check.jsonl, written before matcher 2 was tuned and never tuned on
// item by item), with the same scoring as `npm run eval`, so a change that makes it worse fails here
// rather than on the held-out set.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileAgenda } from "../../src/domain/matching/index.js";
import { loadAgendaFile } from "../../src/infra/agenda-file.js";
import { evaluate, findDevFile, readLabelled } from "../../scripts/eval-lib.js";
import { repoRoot } from "../helpers/run-cli.js";

describe("matcher quality on eval/dev.jsonl", () => {
  it("stays above the targets and well above the naive keyword rule", async () => {
    const file = process.env.POLICYWATCH_EVAL_FILE ?? findDevFile();
    expect(existsSync(file), `labelled items not found at ${file} (set POLICYWATCH_EVAL_FILE)`).toBe(true);
    const items = readLabelled(file);
    const { matcher, baseline } = await evaluate(compileAgenda(await loadAgendaFile()), items);
    expect(matcher.coverage).toBe(1);
    expect(matcher.areaF1).toBeGreaterThanOrEqual(0.75);
    expect(matcher.falseMatchRate).toBeLessThanOrEqual(0.05);
    expect(matcher.progressF1).toBeGreaterThanOrEqual(0.6);
    expect(matcher.areaF1).toBeGreaterThan(baseline.areaF1);
    expect(matcher.progressF1).toBeGreaterThan(baseline.progressF1);
  });

  it("stays above the targets on the independent check set", async () => {
    const items = readLabelled(path.join(repoRoot, "tests/fixtures/eval/check.jsonl"));
    const { matcher, baseline } = await evaluate(compileAgenda(await loadAgendaFile()), items);
    expect(matcher.coverage).toBe(1);
    expect(matcher.areaF1).toBeGreaterThanOrEqual(0.75);
    expect(matcher.falseMatchRate).toBeLessThanOrEqual(0.05);
    expect(matcher.progressF1).toBeGreaterThanOrEqual(0.6);
    expect(matcher.areaF1).toBeGreaterThan(baseline.areaF1);
  });
});
