// npm run fit: fits the learned layer on the sets eval/fit.json lists and writes it beside the agenda
// (prisma/agenda/russia-ai-2026.learned.json), the file the agenda's `matching.learned` names.
// Deterministic: the same sets and rules write the same file. Judge it with `npm run eval`.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { compileAgenda } from "../src/domain/matching/index.js";
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "../src/infra/agenda-file.js";
import { fitModel, fitSets, readSets } from "./learned-fit.js";

const agenda = readAgendaFile(DEFAULT_AGENDA_FILE, { withLearned: false });
const target =
  agenda.learnedFile ?? path.join(path.dirname(DEFAULT_AGENDA_FILE), "russia-ai-2026.learned.json");
const rules = compileAgenda(agenda.spec);
const sets = readSets(fitSets());
const started = Date.now();
const model = fitModel(
  rules,
  sets.flatMap((s) => s.items),
);
model.fitted = { ...model.fitted, sets: sets.map((s) => s.set) };
writeFileSync(target, `${JSON.stringify(model)}\n`);
console.log(
  `fitted on ${model.fitted.items} items about AI from ${sets.length} sets in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${model.weights.split("\n").length} features → ${path.relative(process.cwd(), target)}`,
);
