import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { AgendaFileError } from "../../src/domain/agenda.js";
import { type CompiledAgenda, compileAgenda } from "../../src/domain/matching/index.js";
import { DEFAULT_AGENDA_FILE, loadAgendaFile } from "../../src/infra/agenda-file.js";
import { classifyStream } from "../../src/services/classify.js";

let compiled: CompiledAgenda;
beforeAll(async () => {
  compiled = compileAgenda(await loadAgendaFile());
});

async function run(
  text: string,
): Promise<{ lines: Record<string, unknown>[]; counts: { lines: number; errors: number } }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  const done = classifyStream(input, output, compiled);
  input.end(text);
  const counts = await done;
  return {
    lines: out
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l)),
    counts,
  };
}

const line = (o: object) => `${JSON.stringify(o)}\n`;

describe("classify stream", () => {
  it("answers every line in order with areas, milestones, progress, score, terms and quote", async () => {
    const { lines, counts } = await run(
      line({
        id: "a",
        title: "Putin approves national AI implementation plan",
        excerpt: null,
        url: null,
        published: "2026-05-01",
        language: "en",
      }) +
        line({
          id: "b",
          title: "Russia's central bank raises key rate",
          excerpt: "Inflation is rising.",
          url: null,
          published: null,
          language: "en",
        }) +
        line({
          id: 3,
          title: null,
          excerpt:
            "Президент Владимир Путин создал комиссию по развитию искусственного интеллекта. Указ об этом он подписал 26 февраля.",
          url: null,
          published: null,
          language: "ru",
        }),
    );
    expect(counts).toEqual({ lines: 3, errors: 0 });
    expect(lines.map((l) => l.id)).toEqual(["a", "b", 3]);
    expect(Object.keys(lines[0]!).sort()).toEqual([
      "areas",
      "crossLanguage",
      "id",
      "milestones",
      "nature",
      "progress",
      "quote",
      "score",
      "terms",
    ]);
    expect(lines[0]).toMatchObject({ areas: ["economy"], progress: true, nature: "step" });
    expect(lines[0]!.milestones).toContain("national-ai-implementation-plan");
    expect(lines[0]!.score).toBeGreaterThan(0);
    expect(lines[1]).toEqual({
      id: "b",
      areas: [],
      milestones: [],
      progress: false,
      nature: "discussion",
      crossLanguage: false,
      score: 0,
      terms: [],
      quote: null,
    });
    expect(lines[2]).toMatchObject({ areas: ["economy"], progress: true });
    expect(lines[2]!.milestones).toContain("ai-commission-established");
    expect(lines[2]!.quote).toBe(
      "Президент Владимир Путин создал комиссию по развитию искусственного интеллекта.",
    );
  });

  it("answers a bad line with an error naming the line, and goes on", async () => {
    const { lines, counts } = await run(
      line({
        id: "x1",
        title: "Artificial intelligence conference",
        excerpt: null,
        url: "http://en.kremlin.ru/events/president/transcripts/speeches/62003",
        published: null,
        language: "en",
      }) +
        "{not json\n" +
        line({ title: "no id here", excerpt: null }) +
        line({ id: "x4", title: null, excerpt: null, url: null, published: null, language: null }),
    );
    expect(counts).toEqual({ lines: 4, errors: 2 });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: "x1", areas: ["economy"] });
    expect(lines[1]).toMatchObject({ id: null });
    expect(lines[1]!.error).toMatch(/^line 2: /);
    expect(lines[2]).toMatchObject({ id: null });
    expect(lines[2]!.error).toMatch(/^line 3: .*id/);
    expect(lines[3]).toEqual({
      id: "x4",
      areas: [],
      milestones: [],
      progress: false,
      nature: "discussion",
      crossLanguage: false,
      score: 0,
      terms: [],
      quote: null,
    });
  });

  it("accepts a missing title or excerpt and a missing language", async () => {
    const { lines } = await run(
      line({
        id: "t",
        title: "Владимир Путин поручил создать штаб по руководству отраслью искусственного интеллекта",
        excerpt: null,
      }) +
        line({
          id: "e",
          title: null,
          excerpt:
            "В Военном инновационном технополисе «Эра» говорили об использовании искусственного интеллекта",
        }),
    );
    expect(lines[0]).toMatchObject({ id: "t", areas: ["economy"], progress: true });
    expect(lines[1]).toMatchObject({ id: "e", areas: ["defense"], progress: false });
  });

  it("skips blank lines without answering them", async () => {
    const { lines } = await run(`\n${line({ id: 1, title: null, excerpt: null })}\n\n`);
    expect(lines).toHaveLength(1);
  });

  it("waits for a slow reader instead of buffering everything", async () => {
    const input = new PassThrough();
    const output = new PassThrough({ highWaterMark: 64 });
    const done = classifyStream(input, output, compiled);
    for (let i = 0; i < 200; i++)
      input.write(line({ id: i, title: "Putin approves national AI strategy", excerpt: null }));
    input.end();
    // Nobody reads yet: after the stream has had every chance to run, only about one buffer is waiting.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(output.readableLength).toBeLessThan(2_000);
    let count = 0;
    output.on("data", (c: Buffer) => {
      count += c.toString("utf8").split("\n").length - 1;
    });
    await done;
    expect(count).toBe(200);
  });
});

describe("agenda file", () => {
  it("reads the default agenda", async () => {
    const agenda = await loadAgendaFile();
    expect(agenda.slug).toBe("russia-ai-2026");
    expect(agenda.areas.map((a) => a.slug)).toEqual([
      "economy",
      "education",
      "risk",
      "defense",
      "international",
    ]);
  });

  it("says plainly when the file is missing or not JSON", async () => {
    await expect(loadAgendaFile("/nonexistent/agenda.json")).rejects.toThrow(AgendaFileError);
    await expect(loadAgendaFile("/nonexistent/agenda.json")).rejects.toThrow(/does not exist/);
    await expect(loadAgendaFile(new URL(import.meta.url).pathname)).rejects.toThrow(/not valid JSON/);
  });

  it("refuses a key written twice in one object, which JSON would drop without a word", async () => {
    const shipped = readFileSync(DEFAULT_AGENDA_FILE, "utf8");
    // A second list of French step cues beside the first, as an editor might append one.
    const twice = shipped.replace('"progress": {', '"progress": {\n      "fr": ["signé"],');
    expect(twice).not.toBe(shipped);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "agenda-")), "agenda.json");
    writeFileSync(file, twice);
    await expect(loadAgendaFile(file)).rejects.toThrow(/progress\.fr is written twice/);
    await expect(loadAgendaFile(DEFAULT_AGENDA_FILE)).resolves.toBeTruthy();
  });
});
