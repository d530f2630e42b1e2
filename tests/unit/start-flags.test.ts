// The V8 flags and the C library's settings that work only when node starts (scripts/start-flags.mjs)
// must be given wherever a policywatch process is started: a place that drifts loses the memory
// they save.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEnvWords, V8_START_FLAGS } from "../../scripts/start-flags.mjs";
import { repoRoot } from "../helpers/run-cli.js";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");

describe("flags V8 and the C library read only at start", () => {
  it("are on the executable's first line", () => {
    const first = read("bin/policywatch.js").split("\n")[0]!;
    expect(first).toBe(`#!/usr/bin/env -S ${startEnvWords().join(" ")} node ${V8_START_FLAGS.join(" ")}`);
  });

  it("are given by the start and cli scripts", () => {
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts.start).toBe(
      `${startEnvWords().join(" ")} node ${V8_START_FLAGS.join(" ")} bin/policywatch.js serve`,
    );
    expect(scripts.cli).toBe(
      `${startEnvWords().join(" ")} node ${V8_START_FLAGS.join(" ")} bin/policywatch.js`,
    );
  });
});
