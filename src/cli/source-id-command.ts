// The shape the one-source commands share (sources pause, resume, remove): `policywatch sources
// <verb> ID [--json]`, the ID checked before the database is opened, one service call, and its
// result as JSON or as one sentence. Each command keeps its own file and words.
import type { App } from "../app.js";
import type { Command } from "./command.js";
import { sourceIdArg } from "./source-args.js";

export interface SourceIdCommandSpec<T> {
  /** "sources pause" … */
  name: string;
  summary: string;
  /** The service call for the source with this ID. */
  act(sources: App["services"]["sources"], id: number): Promise<T>;
  /** What happened, in one sentence (without --json). */
  say(result: T): string;
}

export function sourceIdCommand<T>(spec: SourceIdCommandSpec<T>): Command {
  const usage = `policywatch ${spec.name} ID [--json]`;
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    options: { json: { type: "boolean" } },
    maxPositionals: 1,
    async run(ctx) {
      const id = sourceIdArg(ctx, usage);
      const app = await ctx.app();
      const result = await spec.act(app.services.sources, id);
      if (ctx.values.json) ctx.printJson(result);
      else ctx.print(spec.say(result));
      return 0;
    },
  };
}
