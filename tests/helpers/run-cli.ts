// Runs the real `policywatch` executable as a user would, and captures what it printed.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(repoRoot, "bin", "policywatch.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPolicywatch(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
  cwd = repoRoot,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Started through its first line (`#!/usr/bin/env -S … node …`), as a shell starts it.
    const child = spawn(bin, args, { env, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}
