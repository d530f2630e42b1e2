// The labelled sets under eval/ are what `npm run eval` judges the matcher on: each line must obey
// the field rules of docs/labelling.md, and no page may be counted twice across the sets.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLabelled } from "../../scripts/eval-lib.js";
import { repoRoot } from "../helpers/run-cli.js";

const AREAS = new Set(["economy", "education", "risk", "defense", "international"]);
const evalDir = path.join(repoRoot, "eval");
const labelledFiles = readdirSync(evalDir).filter((f) => f.endsWith(".jsonl"));

interface Line {
  id: string;
  url: string;
  title: string | null;
  excerpt: string;
  areas: string[];
  progress: boolean;
  nature?: string | null;
  kind?: string;
}

/** What a line breaks of the labelling rules, in words; empty when it keeps them. */
function ruleBreaks(it: Line): string[] {
  const broken: string[] = [];
  if (!it.id || !/^https?:\/\//.test(it.url)) broken.push("id and an http(s) url are required");
  if (!it.title && !it.excerpt) broken.push("a title or an excerpt is required");
  if (it.areas.some((a) => !AREAS.has(a))) broken.push(`unknown area in ${it.areas.join(",")}`);
  if (it.kind === undefined) return broken; // dev.jsonl predates kind and nature
  if (!["related", "near-miss", "unrelated"].includes(it.kind)) broken.push(`unknown kind ${it.kind}`);
  const related = it.kind === "related";
  if (related !== it.areas.length > 0) broken.push("related exactly when it has areas");
  if (related !== (it.nature != null)) broken.push("a nature exactly when related");
  if (it.progress !== (it.nature === "step" || it.nature === "instruction"))
    broken.push("progress exactly for a step or an instruction");
  return broken;
}

describe("the labelled sets in eval/", () => {
  it("holds the development set, the own set and held-out sets", () => {
    expect(labelledFiles).toEqual(expect.arrayContaining(["dev.jsonl", "own.jsonl"]));
    expect(labelledFiles.some((f) => f.startsWith("heldout-"))).toBe(true);
  });

  it.each(labelledFiles)("%s keeps the labelling rules on every line", (file) => {
    const lines = readLabelled(path.join(evalDir, file)) as unknown as Line[];
    const broken = lines.flatMap((it) => ruleBreaks(it).map((why) => `${it.id}: ${why}`));
    expect(broken).toEqual([]);
  });

  it("counts no page twice across the sets", () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const file of labelledFiles) {
      for (const it of readLabelled(path.join(evalDir, file)) as unknown as Line[]) {
        const earlier = seen.get(it.url);
        if (earlier) twice.push(`${it.url} in ${earlier} and ${file}`);
        seen.set(it.url, file);
      }
    }
    expect(twice).toEqual([]);
  });
});
