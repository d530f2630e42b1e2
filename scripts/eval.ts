// npm run eval [-- path/to/items.jsonl] [--json] [--errors] [--split] [--k N]
// Scores `classify` on labelled items (default: eval/own.jsonl and eval/dev.jsonl in the repository)
// beside the naive keyword rule on the same items, then prints k-fold cross-validated figures (the
// fitted thresholds chosen on k−1 folds, the fold left out scored; see eval-cv.ts) beside the fit on
// all items. --errors lists the items it gets wrong; --split also scores the odd and even lines.
import { existsSync } from "node:fs";
import path from "node:path";
import { type Scores, score } from "../src/domain/matching/evaluation.js";
import { compileAgenda } from "../src/domain/matching/index.js";
import { loadAgendaFile } from "../src/infra/agenda-file.js";
import { type CvScores, type CvItem, crossValidate } from "./eval-cv.js";
import { evaluate, findDevFile, readLabelled } from "./eval-lib.js";

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const kAt = args.indexOf("--k");
const k = kAt >= 0 ? Number(args[kAt + 1]) : 5;
if (!Number.isInteger(k) || k < 2) {
  console.error(`--k must be a whole number of at least 2, not "${args[kAt + 1]}"`);
  process.exit(2);
}
const given = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--k");
const ownFile = path.join(path.dirname(findDevFile()), "own.jsonl");
const files = given ? [given] : [ownFile, findDevFile()].filter((f) => existsSync(f));
for (const f of files) {
  if (!existsSync(f)) {
    console.error(`No labelled items at ${f}; give the path: npm run eval -- path/to/items.jsonl`);
    process.exit(2);
  }
}

function fmt(s: Scores): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  return [
    `area micro-F1 ${s.areaF1.toFixed(3)} (P ${s.areaPrecision.toFixed(3)}, R ${s.areaRecall.toFixed(3)})`,
    `unrelated matched ${s.falseMatches}/${s.unrelated} = ${pct(s.falseMatchRate)}`,
    `progress F1 ${s.progressF1.toFixed(3)} (P ${s.progressPrecision.toFixed(3)}, R ${s.progressRecall.toFixed(3)})`,
    `coverage ${pct(s.coverage)}`,
  ].join("\n  ");
}

const compiled = compileAgenda(await loadAgendaFile());
const reports: Record<string, unknown>[] = [];
for (const file of files) await report(file);
if (flags.has("--json")) console.log(JSON.stringify(files.length === 1 ? reports[0] : reports, null, 2));

async function report(file: string): Promise<void> {
  const { items, predicted, matcher, baseline } = await evaluate(compiled, readLabelled(file));
  const cv = crossValidate(compiled, items as CvItem[], k);
  const halves = flags.has("--split")
    ? [0, 1].map((h) => {
        const idx = items.map((_, i) => i).filter((i) => i % 2 === h);
        return score(
          idx.map((i) => items[i]!),
          idx.map((i) => predicted[i]!),
        );
      })
    : null;

  if (flags.has("--json")) {
    reports.push({
      file,
      items: items.length,
      matcher,
      baseline,
      ...(halves ? { halves } : {}),
      crossValidation: cv,
    });
  } else {
    console.log(`${items.length} items from ${file}`);
    console.log(`matcher:\n  ${fmt(matcher)}`);
    console.log(
      `baseline (mentions AI and Russia → economy; "signed/approved/launched" → progress):\n  ${fmt(baseline)}`,
    );
    for (const [i, h] of (halves ?? []).entries())
      console.log(`half ${i === 0 ? "odd lines" : "even lines"}:\n  ${fmt(h)}`);
    printCv(cv);
  }
  if (flags.has("--errors")) {
    items.forEach((g, i) => {
      const p = predicted[i]!;
      const want = [...g.areas].sort().join(",");
      const got = [...(p.areas ?? [])].sort().join(",");
      if (want !== got || g.progress !== Boolean(p.progress)) {
        console.log(
          `\n${g.id} [${g.language}] want ${want || "-"}${g.progress ? " +progress" : ""} got ${got || "-"}${p.progress ? " +progress" : ""}`,
        );
        console.log(`  ${g.title ?? ""} | ${(g.excerpt ?? "").slice(0, 200)}`);
        console.log(`  terms ${JSON.stringify((p as { terms?: string[] }).terms)}`);
      }
    });
  }
}

function printCv(cv: ReturnType<typeof crossValidate>): void {
  const pct = (a: number, b: number) => (b === 0 ? "   -  " : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
  const row = (label: string, s: CvScores) =>
    `  ${label.padEnd(26)}${s.areaF1.toFixed(3).padStart(8)}${pct(s.nearMissMatched, s.nearMisses).padStart(11)}` +
    `${pct(s.unrelatedMatched, s.unrelated).padStart(11)}${s.progressF1.toFixed(3).padStart(10)}` +
    `${pct(s.relatedCaught, s.related).padStart(10)}${String(s.unrelatedProgress).padStart(12)}`;
  const s = cv.shipped;
  console.log(
    `cross-validation (${s.related} related, ${s.nearMisses} near misses, ${s.unrelated} unrelated; ` +
      `fitted: thresholds in scripts/eval-cv.ts FITTED):`,
  );
  console.log(`  ${"".padEnd(26)}  areaF1  near-miss  unrelated  progF1   caught  unrel+prog`);
  console.log(row("shipped thresholds", s));
  console.log(row("fit on all (optimistic)", cv.fitOnAll.scores));
  console.log(row(`${cv.crossValidated.k}-fold cross-validated`, cv.crossValidated.scores));
  console.log(`  ${"targets".padEnd(26)}  ≥0.820       ≤5%        ≤1%   ≥0.700     ≥95%           0`);
  console.log(`  fit on all chose ${JSON.stringify(cv.fitOnAll.thresholds)}`);
}
