// What every CLI command is: a name (one or two words), words for --help, parseArgs options,
// and a run that returns the exit code. Commands open the app lazily, so --help and classify
// need no database.
import type { ParseArgsConfig } from "node:util";
import type { App } from "../app.js";
import type { Config } from "../config.js";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  io: CliIo;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  config(): Config;
  /** Opens the database and services once; closed by the CLI when the command ends. */
  app(): Promise<App>;
  print(line?: string): void;
  printJson(value: unknown): void;
}

export interface Command {
  /** "status", "agenda load", "sources add" … */
  name: string;
  summary: string;
  usage: string;
  /** More for --help after the usage line (what each choice of an option means). */
  help?: string;
  options?: ParseArgsConfig["options"];
  /** How many positional arguments it takes at most (after the command words). */
  maxPositionals?: number;
  run(ctx: CommandContext): Promise<number>;
}

/** An error the user caused or can fix: printed as is, no stack trace; its category gives the exit code. */
export class UserError extends Error implements CategorizedError {
  constructor(
    message: string,
    readonly category: ErrorCategory,
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function stringOption(values: CommandContext["values"], name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}
