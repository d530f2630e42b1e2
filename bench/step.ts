// One benchmark step in a process of its own: `tsx bench/step.ts` reads {step, args} as JSON on
// stdin, runs it, and prints one JSON line with the step's figures and the process's peak memory
// (process.resourceUsage().maxRSS, in MB) measured after the step.
// First: the V8 flags the `policywatch` executable sets, before anything compiles WebAssembly.
import "./step-flags.js";
import { text } from "node:stream/consumers";
import { type BenchResult, benchClassify } from "./classify.js";
import { ingestFloor, ingestPipeline } from "./ingest-steps.js";
import { floorPoll, pipelinePoll, setup, type StepFigures } from "./poll-steps.js";
import { loadAgendaFile } from "../src/infra/agenda-file.js";

interface Request {
  step: string;
  // biome-ignore lint/suspicious/noExplicitAny: each step's own arguments, checked by the step
  args: any;
}

async function classify(scale: 1 | 10, items: number): Promise<StepFigures> {
  const agenda = await loadAgendaFile();
  let best: BenchResult | undefined;
  // Best of three: the first round also warms the JIT and the stem cache.
  for (let round = 0; round < 3; round++) {
    const r = await benchClassify({ items, agendaScale: scale }, agenda);
    if (!best || r.itemsPerSecond > best.itemsPerSecond) best = r;
  }
  return { itemsPerSecond: best!.itemsPerSecond, milestones: best!.milestones, patterns: best!.patterns };
}

const request = JSON.parse(await text(process.stdin)) as Request;
const a = request.args;
let figures: StepFigures;
switch (request.step) {
  case "setup":
    figures = await setup(a.target, a.opml);
    break;
  case "pipeline-poll":
    figures = await pipelinePoll(a.target, a.concurrency);
    break;
  case "floor-poll":
    figures = await floorPoll(a.urls, a.concurrency, a.etags ?? null);
    break;
  case "ingest-pipeline":
    figures = await ingestPipeline(a.databaseUrl, a.items, a.batch, a.concurrency);
    break;
  case "ingest-floor":
    figures = await ingestFloor(a.databaseUrl, a.items, a.batch, a.concurrency);
    break;
  case "classify":
    figures = await classify(a.scale, a.items);
    break;
  default:
    throw new Error(`unknown benchmark step ${request.step}`);
}
figures.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(figures)}\n`);
// Idle keep-alive sockets and pools must not hold the step open.
process.exit(0);
