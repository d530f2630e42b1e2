#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.mmap_threshold=65536:glibc.malloc.arena_max=2 node --max-semi-space-size=4
// Runs the CLI as compiled JavaScript (scripts/build.mjs builds it on first use and whenever the
// sources change: no build step to remember), or, when it cannot be built, the TypeScript
// directly through tsx. The first line starts node with the V8 flags and the C library's settings
// that only work at start (V8_START_FLAGS and START_ENV in scripts/start-flags.mjs; `npm start` and
// `npm run cli` give them too).
import { compiledEntry } from "../scripts/build.mjs";
import { applyV8Flags } from "../scripts/start-flags.mjs";

applyV8Flags();

const compiled = await compiledEntry("src/cli/main.ts");
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
