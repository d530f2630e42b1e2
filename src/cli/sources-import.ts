// policywatch sources import FILE.opml [--json]
import { readFileSync } from "node:fs";
import { type Command, UserError } from "./command.js";

const usage = "policywatch sources import FILE.opml [--json]";

export const sourcesImportCommand: Command = {
  name: "sources import",
  summary: "Add the feeds of an OPML file (sources already watched are skipped)",
  usage,
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UserError(`an OPML file is needed.\nUsage: ${usage}`, "invalid");
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(
        `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (code ?? "unknown error")}.`,
        "invalid",
      );
    }
    const app = await ctx.app();
    const result = await app.services.sources.importOpml(text);
    if (ctx.values.json) {
      ctx.printJson(result);
      return 0;
    }
    ctx.print(
      `Imported ${result.added} source${result.added === 1 ? "" : "s"}; skipped ${result.duplicates} already watched` +
        (result.invalid > 0 ? ` and ${result.invalid} not usable.` : "."),
    );
    for (const p of result.problems) ctx.print(`  ${p}`);
    return 0;
  },
};
