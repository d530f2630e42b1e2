// npm run eval [-- path/to/items.jsonl] [--json] [--errors] [--split]
// Scores `classify` on labelled items (default eval/dev.jsonl in the repository)
// beside the naive keyword rule on the same items. --errors lists the items it gets wrong;
// --split also scores the odd and even lines separately (a check that tuning generalises).
import { existsSync } from "node:fs";
import { type Scores, score } from "../src/domain/matching/evaluation.js";
import { compileAgenda } from "../src/domain/matching/index.js";
import { loadAgendaFile } from "../src/repositories/agenda-file.js";
import { evaluate, findDevFile, readLabelled } from "./eval-lib.js";

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const file = args.find((a) => !a.startsWith("--")) ?? findDevFile();
if (!existsSync(file)) {
  console.error(`No labelled items at ${file}; give the path: npm run eval -- path/to/items.jsonl`);
  process.exit(2);
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
const { items, predicted, matcher, baseline } = await evaluate(compiled, readLabelled(file));
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
  console.log(
    JSON.stringify({ file, items: items.length, matcher, baseline, ...(halves ? { halves } : {}) }, null, 2),
  );
} else {
  console.log(`${items.length} items from ${file}`);
  console.log(`matcher:\n  ${fmt(matcher)}`);
  console.log(
    `baseline (mentions AI and Russia → economy; "signed/approved/launched" → progress):\n  ${fmt(baseline)}`,
  );
  for (const [i, h] of (halves ?? []).entries())
    console.log(`half ${i === 0 ? "odd lines" : "even lines"}:\n  ${fmt(h)}`);
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
