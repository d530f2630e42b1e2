// `policywatch serve` as a process of its own, on a free loopback port: resolves `ready` with the
// port once it says it is running, and keeps what it printed for the test's failure messages.
import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./run-cli.js";

export function startServeProcess(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "policywatch.js"), "serve"], {
    env: { ...env, PORT: "0", HOST: "127.0.0.1" },
    cwd: repoRoot,
  });
  let output = "";
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      output += d;
      const m = /running on http:\/\/localhost:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("exit", (code) => reject(new Error(`service exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}
