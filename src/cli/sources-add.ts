// policywatch sources add URL [--kind …] [--name N] [--schedule CRON] [--selector …] [--voice official|press]
//   [--force] [--json]
// Previews first: a URL that yields no items is refused unless --force.
import type { Command } from "./command.js";
import { stringOption } from "./command.js";
import { formatPreviewItems } from "./format-sources.js";
import {
  KIND_USAGE,
  kindHelp,
  kindOption,
  listOption,
  selectorOption,
  urlArg,
  voiceOption,
} from "./source-args.js";
import { toPreviewItems } from "../services/source-service.js";

const usage =
  `policywatch sources add URL [${KIND_USAGE}] [--name N] ` +
  "[--schedule CRON] [--selector item=…,title=…,link=…,date=…,summary=…] [--proxy URL|direct] [--mirror URL]… " +
  "[--voice official|press] " +
  "[--force] [--json]";

export const sourcesAddCommand: Command = {
  name: "sources add",
  summary: "Watch a new source (previewed first; refused when it yields no items, unless --force)",
  usage,
  help: kindHelp(),
  options: {
    kind: { type: "string" },
    name: { type: "string" },
    schedule: { type: "string" },
    selector: { type: "string", multiple: true },
    proxy: { type: "string" },
    mirror: { type: "string", multiple: true },
    voice: { type: "string" },
    force: { type: "boolean" },
    json: { type: "boolean" },
  },
  maxPositionals: 1,
  async run(ctx) {
    const url = urlArg(ctx, usage);
    const selectors = selectorOption(ctx);
    const kind = kindOption(ctx);
    const voice = voiceOption(ctx);
    const app = await ctx.app();
    const { source, preview } = await app.services.sources.add({
      url,
      kind,
      selectors,
      name: stringOption(ctx.values, "name"),
      schedule: stringOption(ctx.values, "schedule"),
      proxy: stringOption(ctx.values, "proxy"),
      mirrors: listOption(ctx.values.mirror),
      voice,
      force: Boolean(ctx.values.force),
    });
    if (ctx.values.json) {
      ctx.printJson(source);
      return 0;
    }
    ctx.print(
      `Added source ${source.id}: ${source.name} [${source.kind}, ${source.voice}], polled on "${source.schedule}".`,
    );
    if (preview.ok) {
      ctx.print(
        `It shows ${preview.items.length} item${preview.items.length === 1 ? "" : "s"} now, for example:`,
      );
      for (const line of formatPreviewItems(toPreviewItems(preview).slice(0, 3))) ctx.print(line);
    } else {
      ctx.print(`Added with --force although it could not be read: ${preview.error.message}`);
    }
    return 0;
  },
};
