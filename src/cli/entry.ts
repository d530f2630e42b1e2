// What both executables run (`policywatch`, and `npm run dev`): the environment completed from
// `.env` (env-file.ts) before any command reads it, then the command on the real process streams.
import { CATEGORY_ANSWERS } from "../domain/error-category.js";
import { EnvFileError, loadEnvFile } from "../env-file.js";
import { runCli } from "./run.js";

export async function runEntry(argv: string[]): Promise<number> {
  try {
    loadEnvFile(process.env, process.cwd());
  } catch (err) {
    if (!(err instanceof EnvFileError)) throw err;
    process.stderr.write(`policywatch: ${err.message}\n`);
    return CATEGORY_ANSWERS[err.category].exitCode;
  }
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}
