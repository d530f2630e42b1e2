// Shared by `npm run eval` and the regression test: find the labelled items, run them through the
// real classify stream, score the answers beside the naive keyword rule.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import type { CompiledAgenda } from "../src/domain/matching/index.js";
import {
  baselinePredict,
  type LabelledItem,
  type Prediction,
  type Scores,
  score,
} from "../src/domain/matching/evaluation.js";
import { classifyStream } from "../src/services/classify.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The labelled dev set kept in the repository (a copy of the 86 items the rules were first tuned on). */
export function findDevFile(): string {
  return path.resolve(root, "eval/dev.jsonl");
}

export function readLabelled(file: string): LabelledItem[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as LabelledItem);
}

/** Answers for the items, through the same JSON Lines stream `policywatch classify` uses. */
export async function classifyAll(
  compiled: CompiledAgenda,
  items: readonly LabelledItem[],
): Promise<Prediction[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
  const done = classifyStream(input, output, compiled);
  for (const it of items) {
    const line = {
      id: it.id,
      title: it.title,
      excerpt: it.excerpt,
      url: it.url,
      published: it.published,
      language: it.language,
    };
    input.write(`${JSON.stringify(line)}\n`);
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

export interface Evaluation {
  items: LabelledItem[];
  predicted: Prediction[];
  matcher: Scores;
  baseline: Scores;
}

export async function evaluate(compiled: CompiledAgenda, items: LabelledItem[]): Promise<Evaluation> {
  const predicted = await classifyAll(compiled, items);
  return {
    items,
    predicted,
    matcher: score(items, predicted),
    baseline: score(items, items.map(baselinePredict)),
  };
}
