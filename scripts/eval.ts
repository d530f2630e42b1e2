// npm run eval [-- path/to/items.jsonl] [--json] [--errors] [--split]
// Scores `classify` on labelled items (default ../shared/eval/dev.jsonl from the repository root)
// beside the naive keyword rule on the same items. --errors lists the items it gets wrong;
// --split also scores the odd and even lines separately (a check that tuning generalises).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { compileAgenda } from "../src/domain/matching/index.js";
import { baselinePredict, type LabelledItem, type Prediction, type Scores, score } from "../src/domain/matching/evaluation.js";
import { loadAgendaFile } from "../src/repositories/agenda-file.js";
import { classifyStream } from "../src/services/classify.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
// ../shared/eval/dev.jsonl next to the checkout; a worktree nested deeper finds it further up.
function defaultFile(): string {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.resolve(dir, "../shared/eval/dev.jsonl");
    if (existsSync(candidate) || path.dirname(dir) === dir) return candidate;
  }
}
const file = args.find((a) => !a.startsWith("--")) ?? defaultFile();
if (!existsSync(file)) {
  console.error(`No labelled items at ${file}; give the path: npm run eval -- path/to/items.jsonl`);
  process.exit(2);
}

export async function runClassify(items: readonly LabelledItem[]): Promise<Prediction[]> {
  const compiled = compileAgenda(await loadAgendaFile());
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
  const done = classifyStream(input, output, compiled);
  for (const it of items) {
    input.write(`${JSON.stringify({ id: it.id, title: it.title, excerpt: it.excerpt, url: it.url, published: it.published, language: it.language })}\n`);
  }
  input.end();
  await done;
  output.end();
  return chunks
    .join("")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Prediction);
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

const items = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as LabelledItem);
const predicted = await runClassify(items);
const baseline = items.map(baselinePredict);
const result = { file, items: items.length, matcher: score(items, predicted), baseline: score(items, baseline) };

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
  console.log(JSON.stringify(halves ? { ...result, halves } : result, null, 2));
} else {
  console.log(`${items.length} items from ${file}`);
  console.log(`matcher:\n  ${fmt(result.matcher)}`);
  console.log(`baseline (AI + Russia → economy):\n  ${fmt(result.baseline)}`);
  for (const [i, h] of (halves ?? []).entries()) console.log(`half ${i === 0 ? "odd lines" : "even lines"}:\n  ${fmt(h)}`);
}
if (flags.has("--errors")) {
  items.forEach((g, i) => {
    const p = predicted[i]!;
    const want = [...g.areas].sort().join(",");
    const got = [...(p.areas ?? [])].sort().join(",");
    if (want !== got || g.progress !== Boolean(p.progress)) {
      console.log(`\n${g.id} [${g.language}] want ${want || "-"}${g.progress ? " +progress" : ""} got ${got || "-"}${p.progress ? " +progress" : ""}`);
      console.log(`  ${g.title ?? ""} | ${(g.excerpt ?? "").slice(0, 200)}`);
      console.log(`  terms ${JSON.stringify((p as { terms?: string[] }).terms)}`);
    }
  });
}
