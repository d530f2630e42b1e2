// The learned layer (src/domain/matching/learned.ts) as shipped: what it may change in a verdict and
// what it may not, that matching reads the same weights the fit wrote, and how the agenda loads it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CompiledAgenda,
  compileAgenda,
  featuresOf,
  fitLogistic,
  learnedInput,
  matchItem,
  learnedModelSchema,
  probabilities,
  unpackWeights,
} from "../../src/domain/matching/index.js";
import { AgendaFileError } from "../../src/domain/agenda.js";
import { DEFAULT_AGENDA_FILE, loadAgendaFile, readAgendaFile } from "../../src/infra/agenda-file.js";
import { matchInputOf } from "../../src/services/classify.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
let shipped: CompiledAgenda;
let rules: CompiledAgenda;
/** A labelled set's items as the matcher takes them. */
const readItems = (file: string) =>
  readFileSync(path.join(repoRoot, file), "utf8")
    .trim()
    .split("\n")
    .map((l) => matchInputOf(JSON.parse(l)));
const devItems = readItems("eval/dev.jsonl");
/** An English item with no address, as the shipped matcher reads it. */
const en = (title: string | null, summary: string) =>
  matchItem(shipped, { title, summary, content: null, language: "en", url: null, publishedAt: null });

beforeAll(async () => {
  shipped = compileAgenda(await loadAgendaFile());
  rules = { ...shipped, learned: null };
});

describe("the learned layer", () => {
  it("ships with the default agenda", () => {
    expect(shipped.learned?.outputs).toEqual([
      "related",
      ...shipped.areas.map((a) => a.slug),
      "progress",
      "instruction",
    ]);
  });

  it("drops an item the rules match only when it reads it as likelier not the agenda's, and says so", () => {
    let matchedByRules = 0;
    for (const item of devItems) {
      if (!matchItem(rules, item).matched) continue;
      matchedByRules++;
      const r = matchItem(shipped, item);
      if (r.matched) continue;
      expect(r.explanation).toContain("the learned layer reads it as likelier not this agenda's");
      const related = probabilities(shipped.learned!, learnedInput(rules, item)!)[0]!;
      expect(related).toBeLessThan(shipped.learned!.thresholds.keep);
    }
    expect(matchedByRules).toBeGreaterThan(30);
    // Putin's 2017 remark retold to open a piece on the race between China and the US.
    const retold = {
      title: null,
      summary:
        "« Celui qui deviendra leader en ce domaine sera le maître du monde », déclarait Vladimir Poutine à propos de l'intelligence artificielle en 2017. Depuis, la Chine et les États-Unis se livrent une course effrénée.",
      content: null,
      language: "fr",
      url: null,
      publishedAt: null,
    };
    expect(matchItem(rules, retold).matched).toBe(true);
    const r = matchItem(shipped, retold);
    expect(r.matched).toBe(false);
    expect(r.explanation).toMatch(
      /^Not matched: the rules matched it, but the learned layer reads it as likelier not this agenda's \(0\.\d\d\)/,
    );
  });

  it("keeps the rules' reading of an instruction; it chooses areas", () => {
    const item = {
      title: "Instructions following the meeting on artificial intelligence",
      summary:
        "The Government is instructed to submit a financial architecture for the development of artificial intelligence by 1 June 2026.",
      content: null,
      language: "en",
      url: "http://en.kremlin.ru/acts/assignments/orders/71000",
      publishedAt: "2026-05-01",
    };
    const withLayer = matchItem(shipped, item);
    const alone = matchItem(rules, item);
    expect(withLayer.nature).toBe("instruction");
    expect(withLayer.progress).toBe(alone.progress);
    expect(withLayer.explanation).toContain("areas chosen by the learned layer");
  });

  it("adds progress the rules did not read, never removes theirs, and never achieves a milestone by it", () => {
    const AUTO = 0.8; // AUTO_PROGRESS_THRESHOLD in src/domain/status/milestone-status.ts
    const own = readItems("eval/own.jsonl");
    let added = 0;
    for (const item of [...devItems, ...own]) {
      const alone = matchItem(rules, item);
      const withLayer = matchItem(shipped, item);
      // An item both match keeps the progress the rules read in it (one the layer drops has none).
      if (!alone.matched || !withLayer.matched) continue;
      if (alone.progress) {
        expect(withLayer.progress).toBe(true);
        expect(withLayer.nature).toBe(alone.nature);
      } else if (withLayer.progress) {
        added++;
        expect(withLayer.explanation).toMatch(/(step|instruction) read by the learned layer/);
        expect(withLayer.milestones.some((m) => m.progress && m.nature === withLayer.nature)).toBe(true);
        for (const m of withLayer.milestones) expect(m.score).toBeLessThan(AUTO);
      }
    }
    expect(added).toBeGreaterThan(10);
  });

  it("leaves a plan a plan where the rules read the progress cue as future", () => {
    const r = en(null, "Russia's AI strategy will be approved by the government next month.");
    expect(r.progress).toBe(false);
    expect(r.nature).toBe("discussion");
  });

  it("cannot overturn a refusal that is evidence against the item", () => {
    const item = {
      title: "Sber's GigaChat wins a chess tournament",
      summary: "The large language model won a chess simulator tournament in Moscow.",
      content: null,
      language: "en",
      url: null,
      publishedAt: null,
    };
    const reading = learnedInput(rules, item)!;
    expect(reading.refusals.some((why) => why.includes("sport"))).toBe(true);
    expect(reading.final).toBe(true);
    const r = matchItem(shipped, item);
    expect(r.matched).toBe(false);
    expect(r.explanation).toContain("sport");
  });

  it("reads the weights the fit wrote: the fast sums equal the features times the stored weights", async () => {
    const model = learnedModelSchema.parse(
      JSON.parse(readFileSync(path.join(repoRoot, "prisma/agenda/russia-ai-2026.learned.json"), "utf8")),
    );
    const weights = unpackWeights(model);
    let read = 0;
    for (const item of devItems) {
      const reading = learnedInput(rules, item);
      if (reading === null) continue;
      read++;
      const z = model.outputs.map((_, i) => {
        let sum = 0;
        for (const [name, value] of featuresOf(reading)) sum += (weights.get(name)?.[i] ?? 0) * value;
        return sum;
      });
      const expected = z.map((v: number) => 1 / (1 + Math.exp(-v)));
      probabilities(shipped.learned!, reading).forEach((p, i) => {
        expect(p).toBeCloseTo(expected[i]!, 9);
      });
    }
    expect(read).toBeGreaterThan(30);
  });
});

describe("fitting", () => {
  const rows = [
    new Map([
      ["w:ai", 1],
      ["w:putin", 1],
    ]),
    new Map([["w:ai", 1]]),
    new Map([
      ["w:chess", 1],
      ["w:ai", 1],
    ]),
  ];
  const labels = [[1, 0, 0]];

  it("is deterministic and learns which features say related", () => {
    const a = fitLogistic(rows, labels);
    expect(fitLogistic(rows, labels)).toEqual(a);
    expect(a["w:putin"]![0]).toBeGreaterThan(0);
    expect(a["w:chess"]![0]).toBeLessThan(0);
  });
});

describe("loading the agenda's learned layer", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "policywatch-learned-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says in words when the file the agenda names is missing", () => {
    const agenda = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    writeFileSync(path.join(dir, "agenda.json"), JSON.stringify(agenda));
    expect(() => readAgendaFile(path.join(dir, "agenda.json"))).toThrow(AgendaFileError);
    expect(() => readAgendaFile(path.join(dir, "agenda.json"))).toThrow(
      /matching\.learned: .* does not exist/,
    );
  });

  it("reads it from beside the agenda, and a changed model changes the agenda's hash", () => {
    cpSync(
      path.join(path.dirname(DEFAULT_AGENDA_FILE), "russia-ai-2026.learned.json"),
      path.join(dir, "russia-ai-2026.learned.json"),
    );
    const first = readAgendaFile(path.join(dir, "agenda.json"));
    expect(typeof first.spec.matching.learned).toBe("object");
    const model = JSON.parse(readFileSync(path.join(dir, "russia-ai-2026.learned.json"), "utf8"));
    model.thresholds.related = 0.95;
    writeFileSync(path.join(dir, "russia-ai-2026.learned.json"), JSON.stringify(model));
    expect(readAgendaFile(path.join(dir, "agenda.json")).contentHash).not.toBe(first.contentHash);
  });

  it("refuses, in words, a model file whose weights are broken", () => {
    const model = JSON.parse(
      readFileSync(path.join(path.dirname(DEFAULT_AGENDA_FILE), "russia-ai-2026.learned.json"), "utf8"),
    );
    model.weights = `${model.weights}\nw:broken\t1,2`;
    writeFileSync(path.join(dir, "broken.learned.json"), JSON.stringify(model));
    const agenda = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    agenda.matching.learned = "broken.learned.json";
    writeFileSync(path.join(dir, "broken.json"), JSON.stringify(agenda));
    expect(() => readAgendaFile(path.join(dir, "broken.json"))).toThrow(
      /matching\.learned\.weights: line \d+ is not a feature's name, a tab and 8 numbers/,
    );
  });

  it("refuses, in words, a model fitted for other areas than the agenda's", () => {
    const agenda = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    agenda.matching.learned = path.join(path.dirname(DEFAULT_AGENDA_FILE), agenda.matching.learned);
    agenda.areas[0].slug = "economic-deployment";
    writeFileSync(path.join(dir, "renamed.json"), JSON.stringify(agenda));
    expect(() => readAgendaFile(path.join(dir, "renamed.json"))).toThrow(AgendaFileError);
    expect(() => readAgendaFile(path.join(dir, "renamed.json"))).toThrow(
      /matching\.learned: the learned model's outputs .* are not "related" and this agenda's areas .*economic-deployment.*npm run fit/,
    );
  });

  it("runs on the rules alone when the agenda names no learned layer", () => {
    const agenda = JSON.parse(readFileSync(DEFAULT_AGENDA_FILE, "utf8"));
    agenda.matching.learned = null;
    writeFileSync(path.join(dir, "rules.json"), JSON.stringify(agenda));
    expect(compileAgenda(readAgendaFile(path.join(dir, "rules.json")).spec).learned).toBeNull();
  });
});
