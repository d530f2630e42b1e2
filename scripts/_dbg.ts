import { readFileSync } from "node:fs";
import { compileAgenda, matchItem } from "../src/domain/matching/index.js";
import { loadAgendaFile } from "../src/repositories/agenda-file.js";
const c = compileAgenda(await loadAgendaFile());
const ids = new Set(process.argv.slice(2));
for (const l of readFileSync(process.env.F ?? "/work/shared/eval/dev.jsonl", "utf8").split("\n")) {
  if (!l.trim()) continue;
  const r = JSON.parse(l);
  if (ids.size && !ids.has(r.id)) continue;
  const m = matchItem(c, { title: r.title, summary: r.excerpt, language: r.language, url: r.url });
  console.log(r.id, m.explanation, "\n   quote:", m.quote, "\n   ms:", m.milestones.map((x) => `${x.slug}${x.progress ? "+" : ""}`).join(" "));
}
