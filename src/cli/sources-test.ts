// policywatch sources test URL [--kind K] [--selector …] [--json]
// Fetches and parses once and saves nothing: no database is opened.
import { createHttpFetcher } from "../infra/fetcher-factory.js";
import { previewSource } from "../services/source-preview.js";
import { normalizeSourceUrl, reachOptions, toTestView } from "../services/source-service.js";
import { type Command, stringOption } from "./command.js";
import { formatError, formatPreviewItems } from "./format-sources.js";
import { KIND_USAGE, kindHelp, kindOption, selectorOption, urlArg } from "./source-args.js";

const usage = `policywatch sources test URL [${KIND_USAGE}] [--selector item=…,title=…,link=…,date=…,summary=…] [--proxy URL|direct] [--json]`;

export const sourcesTestCommand: Command = {
  name: "sources test",
  summary: "Fetch and parse a source once and show up to 10 items; saves nothing",
  usage,
  help: kindHelp(),
  options: {
    kind: { type: "string" },
    selector: { type: "string", multiple: true },
    proxy: { type: "string" },
    json: { type: "boolean" },
  },
  maxPositionals: 1,
  async run(ctx) {
    const url = normalizeSourceUrl(urlArg(ctx, usage));
    const selectors = selectorOption(ctx);
    const kind = kindOption(ctx) ?? (selectors ? "html" : "auto");
    const reach = reachOptions({ proxy: stringOption(ctx.values, "proxy") });
    const fetcher = createHttpFetcher(ctx.config());
    let view: ReturnType<typeof toTestView>;
    try {
      view = toTestView(
        await previewSource(fetcher, new Date(), {
          url,
          kind,
          options: { ...(selectors ? { selectors } : {}), ...reach },
        }),
      );
    } finally {
      await fetcher.close();
    }
    if (ctx.values.json) ctx.printJson(view);
    else if (view.ok) {
      ctx.print(`${url} is a ${view.kind} source; the first ${view.items.length} items:`);
      for (const line of formatPreviewItems(view.items)) ctx.print(line);
    } else {
      ctx.io.stderr.write(`policywatch sources test: ${url} could not be read: ${formatError(view.error)}\n`);
    }
    return view.ok ? 0 : 1;
  },
};
