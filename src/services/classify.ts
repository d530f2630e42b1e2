// `classify`: JSON Lines in, one JSON line out per input line, in order. This is how the matcher is
// measured, so it never stops on a bad line: it answers that line with an error and goes on.
// Input line:  {"id","title","excerpt","url","published","language"} (title or excerpt may be null)
// Output line: {"id","areas","milestones","progress","nature","crossLanguage","score","terms","quote"}
//   (nature: step | instruction | discussion; the voice is inferred from the URL's host, nothing is fetched)
//          or: {"id":null,"error":"line N: …"}
import { createInterface } from "node:readline";
import { z } from "zod";
import {
  type CompiledAgenda,
  type MatchInput,
  type MatchResult,
  matchItem,
  type Nature,
} from "../domain/matching/index.js";

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]),
  title: z.string().nullish(),
  excerpt: z.string().nullish(),
  url: z.string().nullish(),
  published: z.string().nullish(),
  language: z.string().nullish(),
});
export type ClassifyInput = z.infer<typeof inputSchema>;

export interface ClassifyOutput {
  id: string | number;
  areas: string[];
  milestones: string[];
  progress: boolean;
  nature: Nature;
  /** Matched only on names and cognates that cross languages (an item in another language). */
  crossLanguage: boolean;
  score: number;
  terms: string[];
  quote: string | null;
}

export interface ClassifyError {
  id: string | number | null;
  error: string;
}

/** What the matcher reads of an input line: its title and excerpt, language, address and date. */
export function matchInputOf(input: ClassifyInput): MatchInput {
  return {
    title: input.title ?? null,
    summary: input.excerpt ?? null,
    content: null,
    language: input.language ?? null,
    url: input.url ?? null,
    publishedAt: input.published ?? null,
  };
}

/** Classifies one parsed input item. */
export function classifyItem(compiled: CompiledAgenda, input: ClassifyInput): ClassifyOutput {
  const r: MatchResult = matchItem(compiled, matchInputOf(input));
  return {
    id: input.id,
    areas: r.areas,
    milestones: r.milestones.map((m) => m.slug),
    progress: r.progress,
    nature: r.nature,
    crossLanguage: r.crossLanguage,
    score: r.score,
    terms: r.terms,
    quote: r.quote,
  };
}

/** Answers one input line (1-based `lineNo` for messages). */
export function classifyLine(
  compiled: CompiledAgenda,
  line: string,
  lineNo: number,
): ClassifyOutput | ClassifyError {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { id: null, error: `line ${lineNo}: not valid JSON (${(e as Error).message})` };
  }
  const parsed = inputSchema.safeParse(json);
  if (!parsed.success) {
    const rawId = (json as { id?: unknown } | null)?.id;
    const id = typeof rawId === "string" || typeof rawId === "number" ? rawId : null;
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`)
      .join("; ");
    return { id, error: `line ${lineNo}: ${problems}` };
  }
  return classifyItem(compiled, parsed.data);
}

/**
 * Reads JSON Lines from `input` and writes one answer line per non-blank input line to `output`,
 * in order, respecting back-pressure. Resolves with counts once the input ends.
 */
export async function classifyStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  compiled: CompiledAgenda,
): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  // Answers written in one turn of the event loop go out in one write: a line typed by hand is
  // still answered at once, a file of 50,000 lines is not 50,000 system calls.
  const corkable = output as NodeJS.WritableStream & { cork?: () => void; uncork?: () => void };
  let corked = false;
  const uncork = () => {
    if (corked) {
      corked = false;
      corkable.uncork?.();
    }
  };
  const write = (text: string): boolean => {
    if (!corked && corkable.cork && corkable.uncork) {
      corkable.cork();
      corked = true;
      setImmediate(uncork);
    }
    return output.write(text);
  };
  let lineNo = 0;
  let lines = 0;
  let errors = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === "") continue;
    lines++;
    const answer = classifyLine(compiled, line, lineNo);
    if ("error" in answer) errors++;
    if (!write(`${JSON.stringify(answer)}\n`)) {
      uncork();
      await new Promise<void>((resolve) => output.once("drain", () => resolve()));
    }
  }
  uncork();
  return { lines, errors };
}
