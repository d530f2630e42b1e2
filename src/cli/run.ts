// Parses argv, finds the command (longest name match), runs it, and turns every error a user
// can meet into words and an exit code: 2 for bad usage or configuration, 1 for a failure (the
// error's category decides which).
import { parseArgs } from "node:util";
import { type App, openApp } from "../app.js";
import { type Config, loadConfig } from "../config.js";
import { CATEGORY_ANSWERS, isCategorized } from "../domain/error-category.js";
import { FetchError } from "../domain/fetch-error.js";
import { redactSecrets } from "../domain/redact.js";
import { packageVersion } from "../version.js";
import { joinNegativeValues } from "./args.js";
import type { CliIo, Command, CommandContext } from "./command.js";
import { commands } from "./commands.js";

function findCommand(args: string[]): { command: Command; rest: string[] } | null {
  const two = args.slice(0, 2).join(" ");
  const byTwo = commands.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: args.slice(2) };
  const byOne = commands.find((c) => c.name === args[0]);
  return byOne ? { command: byOne, rest: args.slice(1) } : null;
}

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "policywatch — watch sources, match them to a policy agenda, report milestone status.",
    "",
    "Usage: policywatch <command> [options]      (policywatch <command> --help for its options)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Configuration comes from the environment and .env in the working directory (see .env.example):",
    "DATABASE_URL (unset: embedded database in DATA_DIR, default ./data), PORT, ADMIN_TOKEN, SMTP_URL, MAIL_FROM, TZ.",
  ].join("\n");
}

/** An error in words and its exit code, from its category (src/domain/error-category.ts). */
export function errorMessage(err: unknown): { message: string; exitCode: number } {
  if (!isCategorized(err) || err.category === "internal") {
    const message = err instanceof Error ? err.message : String(err);
    return { message: `unexpected error: ${message}`, exitCode: CATEGORY_ANSWERS.internal.exitCode };
  }
  // A fetch error's words do not name its kind, which scripts reading stderr look for.
  const message = err instanceof FetchError ? `${err.kind}: ${err.message}` : err.message;
  return { message, exitCode: CATEGORY_ANSWERS[err.category].exitCode };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const write = (stream: NodeJS.WritableStream, text: string) =>
    stream.write(text.endsWith("\n") ? text : `${text}\n`);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    write(io.stdout, helpText());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === "--version") {
    write(io.stdout, `policywatch ${packageVersion()}`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    write(
      io.stderr,
      `policywatch: unknown command "${argv.slice(0, 2).join(" ")}". Run policywatch --help for the list.`,
    );
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    const more = command.help ? `\n\n${command.help}` : "";
    write(io.stdout, `${command.summary}\n\nUsage: ${command.usage}${more}`);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const args = joinNegativeValues(rest, command.options);
    parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (err) {
    write(
      io.stderr,
      `policywatch ${command.name}: ${(err as Error).message.split("\n")[0]}\nUsage: ${command.usage}`,
    );
    return 2;
  }
  if (parsed.positionals.length > (command.maxPositionals ?? 0)) {
    write(
      io.stderr,
      `policywatch ${command.name}: unexpected argument "${parsed.positionals.at(-1)}".\nUsage: ${command.usage}`,
    );
    return 2;
  }

  let config: Config | undefined;
  let app: App | undefined;
  const ctx: CommandContext = {
    io,
    values: parsed.values as CommandContext["values"],
    positionals: parsed.positionals,
    config() {
      config ??= loadConfig(io.env);
      return config;
    },
    async app() {
      app ??= await openApp(ctx.config());
      return app;
    },
    print: (line = "") => write(io.stdout, line),
    printJson: (value) => write(io.stdout, JSON.stringify(value, null, 2)),
  };
  try {
    return await command.run(ctx);
  } catch (err) {
    const { message, exitCode } = errorMessage(err);
    write(io.stderr, redactSecrets(`policywatch ${command.name}: ${message}`));
    if (io.env.DEBUG && err instanceof Error && err.stack) write(io.stderr, redactSecrets(err.stack));
    return exitCode;
  } finally {
    await app?.close();
  }
}
