// npm run bench [-- --json]: every benchmark, on this machine, against servers it starts itself.
// Prints a table, or with --json one JSON object with every figure. Timings live here, never in tests.
import { loadAgendaFile } from "../src/repositories/agenda-file.js";
import { type BenchResult, benchClassify } from "./classify.js";

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

const json = process.argv.includes("--json");
const figures: Figure[] = [];
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

async function classify(): Promise<void> {
  log("classify: 50,000 items, shipped agenda and a tenfold synthetic agenda…");
  const agenda = await loadAgendaFile();
  const best = (a: BenchResult | undefined, b: BenchResult) => (a && a.itemsPerSecond >= b.itemsPerSecond ? a : b);
  let one: BenchResult | undefined;
  let ten: BenchResult | undefined;
  for (let round = 0; round < 3; round++) {
    one = best(one, await benchClassify({ items: 50_000, agendaScale: 1 }, agenda));
    ten = best(ten, await benchClassify({ items: 50_000, agendaScale: 10 }, agenda));
  }
  const ratio = one!.itemsPerSecond / ten!.itemsPerSecond;
  figures.push(
    { name: "classify.itemsPerSecond", value: one!.itemsPerSecond, unit: "items/s", target: "≥ 20000", met: one!.itemsPerSecond >= 20_000 },
    { name: "classify.tenfold.itemsPerSecond", value: ten!.itemsPerSecond, unit: "items/s" },
    { name: "classify.tenfold.costRatio", value: Number(ratio.toFixed(2)), unit: "×", target: "≤ 2", met: ratio <= 2 },
    { name: "classify.milestones", value: one!.milestones, unit: "" },
    { name: "classify.tenfold.milestones", value: ten!.milestones, unit: "" },
  );
}

await classify();
figures.push({ name: "process.peakRssMB", value: Math.round(process.resourceUsage().maxRSS / 1024), unit: "MB" });

if (json) {
  process.stdout.write(`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, f.value])), null, 2)}\n`);
} else {
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const f of figures) {
    const verdict = f.met === undefined ? "" : f.met ? `  (target ${f.target}: met)` : `  (target ${f.target}: NOT met)`;
    process.stdout.write(`${f.name.padEnd(width)}  ${String(f.value).padStart(10)} ${f.unit}${verdict}\n`);
  }
}
