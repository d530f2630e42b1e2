// The same CLI as the executable, run in this process (no process start: the machine may be slow to
// start many), with the given environment; what it printed is captured as runPolicywatch does.
import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli/run.js";
import type { CliResult } from "./run-cli.js";

export async function runPolicywatchInProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough().on("data", (d) => {
    stdout += d;
  });
  const err = new PassThrough().on("data", (d) => {
    stderr += d;
  });
  const code = await runCli(args, { stdout: out, stderr: err, stdin: new PassThrough(), env });
  return { code, stdout, stderr };
}
