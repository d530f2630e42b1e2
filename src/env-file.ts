// Every command reads `.env` from the working directory before its configuration: `ENV_FILE`
// names another file, and `ENV_FILE=` (empty) reads none. A variable already in the environment
// wins over the file, so a unit file or a shell can always override it.
//
// The format is dotenv's common subset, parsed here rather than with a dependency because it is
// twenty lines and a bad line must be reported with its number: `NAME=value` per line, an
// optional `export ` in front, `#` comments (whole lines, or after an unquoted value following a
// space), values in single quotes taken literally, in double quotes with \n, \t, \" and \\ escapes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { categorizedError } from "./domain/error-category.js";

export class EnvFileError extends categorizedError("EnvFileError", "invalid") {}

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** The variables a file's text sets, in order; `file` only names it in errors. */
export function parseEnvFile(text: string, file: string): Map<string, string> {
  const vars = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = LINE.exec(line);
    if (!m)
      throw new EnvFileError(
        `${file} line ${index + 1}: expected NAME=value (a name of letters, digits and _).`,
      );
    vars.set(m[1]!, parseValue(m[2]!, `${file} line ${index + 1}`));
  });
  return vars;
}

function parseValue(text: string, where: string): string {
  const quote = text[0];
  if (quote !== "'" && quote !== '"') return text.replace(/\s+#.*$/, "").trim();
  const close = closingQuote(text, quote);
  if (close < 0) throw new EnvFileError(`${where}: the value's closing ${quote} is missing.`);
  const rest = text.slice(close + 1).trim();
  if (rest !== "" && !rest.startsWith("#"))
    throw new EnvFileError(`${where}: something follows the quoted value.`);
  const inner = text.slice(1, close);
  return quote === "'" ? inner : inner.replace(/\\([nt"\\])/g, (_, c: string) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };

/** Where a quoted value ends: in double quotes a backslash escapes the next character. */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i += quote === '"' && text[i] === "\\" ? 2 : 1) {
    if (text[i] === quote) return i;
  }
  return -1;
}

/**
 * Sets in `env` every variable of the env file that `env` does not have yet, and says which file
 * it read (null when none). A missing `.env` is no error; a missing file ENV_FILE names is.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const named = env.ENV_FILE;
  if (named === "") return null;
  const file = path.resolve(cwd, named ?? ".env");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && named === undefined) return null;
    const denied = code === "EACCES" ? "this user may not read it" : (err as Error).message;
    const why = code === "ENOENT" ? "it does not exist" : denied;
    const which = named === undefined ? "" : " that ENV_FILE names";
    throw new EnvFileError(`Cannot read the environment file${which}, ${file}: ${why}.`);
  }
  for (const [name, value] of parseEnvFile(text, file)) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}
