// npm run eval [-- path/to/items.jsonl] [--json] [--errors] [--split] [--k N]
// Scores `classify` on labelled items (default: eval/own.jsonl and eval/dev.jsonl in the repository)
// beside the naive keyword rule on the same items, then prints k-fold cross-validated figures (the
// fitted thresholds chosen on k−1 folds, the fold left out scored; see eval-cv.ts) beside the fit on
// all items. --errors lists the items it gets wrong; --split also scores the odd and even lines.
// The figures on a set come from the rules alone (their thresholds cross-validated), then from the
// rules with the learned layer cross-validated by set (scripts/learned-fit.ts: each set the layer is
// fitted on, eval/fit.json, scored by a layer fitted on the others). By default it then scores the
// judges, the held-out sets the layer is not fitted on (eval/heldout-*.jsonl not in eval/fit.json),
// as shipped, their errors not listed, since they judge the matcher only while nobody tunes on them.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { type Scores, score } from "../src/domain/matching/evaluation.js";
import { compileAgenda } from "../src/domain/matching/index.js";
import { loadAgendaFile } from "../src/infra/agenda-file.js";
import { type CvScores, type CvItem, crossValidate, cvScore } from "./eval-cv.js";
import { evaluate, findDevFile, readLabelled } from "./eval-lib.js";
import { crossValidateLearned, fitSets, type LearnedCvRow, withModel } from "./learned-fit.js";

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
const evalDir = path.dirname(findDevFile());
const fitted = new Set(fitSets());
const heldOutFiles = given
  ? []
  : readdirSync(evalDir)
      .filter((f) => /^heldout-.+\.jsonl$/.test(f) && !fitted.has(f))
      .sort()
      .map((f) => path.join(evalDir, f));
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

const pct = (a: number, b: number) => (b === 0 ? "   -  " : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
// F1 means nothing on a set without related items (ordinary traffic): "-" there.
const f1Cell = (f1: number, s: CvScores, width: number) =>
  (s.related === 0 ? "-" : f1.toFixed(3)).padStart(width);
const row = (label: string, s: CvScores) =>
  `  ${label.padEnd(26)}${f1Cell(s.areaF1, s, 8)}${pct(s.nearMissMatched, s.nearMisses).padStart(11)}` +
  `${pct(s.unrelatedMatched, s.unrelated).padStart(11)}${f1Cell(s.progressF1, s, 10)}` +
  `${pct(s.relatedCaught, s.related).padStart(10)}${String(s.unrelatedProgress).padStart(12)}`;
const HEADER = `  ${"".padEnd(26)}  areaF1  near-miss  unrelated  progF1   caught  unrel+prog`;
const TARGETS = `  ${"targets".padEnd(26)}  ≥0.820       ≤5%        ≤1%   ≥0.700     ≥95%           0`;

const compiled = compileAgenda(await loadAgendaFile());
const rules = withModel(compiled, null);
type Predicted = Awaited<ReturnType<typeof evaluate>>["predicted"][number];
const reports: Record<string, unknown>[] = [];
for (const file of files) await report(file);
const learnedCv = given || compiled.learned === null ? null : crossValidateLearned(rules, k);
if (learnedCv && !flags.has("--json")) printLearnedCv(learnedCv);
const heldOut = heldOutFiles.length > 0 ? await scoreHeldOut(heldOutFiles) : null;
if (heldOut && !flags.has("--json")) printHeldOut(heldOut);
if (flags.has("--json")) {
  const out =
    files.length === 1 && !heldOut && !learnedCv
      ? reports[0]
      : { sets: reports, learnedCrossValidation: learnedCv, heldOut };
  console.log(JSON.stringify(out, null, 2));
}

/**
 * Each held-out set, scored with the shipped thresholds, then the sets of each kind together: the
 * sets searched by topic apart from the runs of ordinary traffic (items that carry a `run`), so that
 * traffic's many easy negatives do not dilute the near-miss rate of the sets searched by topic.
 */
async function scoreHeldOut(paths: string[]): Promise<{ set: string; scores: CvScores }[]> {
  const rows: { set: string; scores: CvScores }[] = [];
  const groups = new Map<string, { sets: string[]; items: CvItem[]; predicted: Predicted[] }>();
  for (const file of paths) {
    const labelled = readLabelled(file);
    const { items, predicted } = await evaluate(compiled, labelled);
    const set = path.basename(file);
    rows.push({ set, scores: cvScore(items as CvItem[], predicted) });
    const kind = labelled.some((it) => "run" in it) ? "traffic" : "topic";
    const group = groups.get(kind) ?? { sets: [], items: [], predicted: [] };
    group.sets.push(set.replace(/\.jsonl$/, ""));
    group.items.push(...(items as CvItem[]));
    group.predicted.push(...predicted);
    groups.set(kind, group);
  }
  for (const group of groups.values())
    if (group.sets.length > 1)
      rows.push({ set: group.sets.join(" + "), scores: cvScore(group.items, group.predicted) });
  return rows;
}

async function report(file: string): Promise<void> {
  const { items, predicted, matcher, baseline } = await evaluate(compiled, readLabelled(file));
  // The thresholds are the rules': cross-validated on the rules alone, as the learned layer is fitted after them.
  const cv = crossValidate(rules, items as CvItem[], k);
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
    console.log(
      `matcher as shipped${compiled.learned ? " (a fit: its learned layer saw these items; cross-validated below)" : ""}:\n  ${fmt(matcher)}`,
    );
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

function printHeldOut(rows: { set: string; scores: CvScores }[]): void {
  console.log("judges: held out, never fitted or tuned on, scored as shipped:");
  console.log(HEADER);
  for (const r of rows) console.log(row(r.set, r.scores));
  console.log(TARGETS);
}

function printLearnedCv(rows: LearnedCvRow[]): void {
  console.log(
    "rules and learned layer, cross-validated by set (each set scored by a layer fitted on the other sets; own.jsonl in folds):",
  );
  // The second group of columns is a row without its label.
  const label = 28;
  console.log(`  ${"".padEnd(26)}  ${"rules alone".padEnd(62)}|  with the learned layer`);
  console.log(HEADER + HEADER.slice(label));
  for (const r of rows) console.log(`${row(r.set, r.rules)}${row("", r.learned).slice(label)}`);
}

function printCv(cv: ReturnType<typeof crossValidate>): void {
  const s = cv.shipped;
  console.log(
    `cross-validation of the rules alone (${s.related} related, ${s.nearMisses} near misses, ${s.unrelated} unrelated; ` +
      `fitted: thresholds in scripts/eval-cv.ts FITTED):`,
  );
  console.log(HEADER);
  console.log(row("shipped thresholds", s));
  console.log(row("fit on all (optimistic)", cv.fitOnAll.scores));
  console.log(row(`${cv.crossValidated.k}-fold cross-validated`, cv.crossValidated.scores));
  console.log(TARGETS);
  console.log(`  fit on all chose ${JSON.stringify(cv.fitOnAll.thresholds)}`);
}
