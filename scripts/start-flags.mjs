// How a policywatch process is started: the V8 flags and the C library's settings that decide how it
// uses memory. The run-time flags are applied by the `policywatch` executable (and the benchmark's
// steps, which run the app as it does) before the app is loaded, because they must be in place
// before the first WebAssembly module is compiled; the others only work on the command line and in
// the environment node starts with (V8_START_FLAGS, START_ENV). Each keeps a poll's memory down,
// which a poll of 1,000 sources must (what each saved is in docs/performance.md, "Start flags"):
//  - --heap-growing-percent=40: a poll makes much short-lived garbage, and V8 would otherwise let
//    its heap grow to several times what is alive before collecting it.
//  - --liftoff-only: WebAssembly (Prisma's query compiler, the embedded PostgreSQL) stays at V8's
//    baseline code, because optimizing it in background threads costs more memory than it saves time.
//  - --max-semi-space-size=4: the young generation, counted twice in the process's memory, stays
//    small; V8 sizes it when it starts, so it is given on node's command line (the `start` and `cli`
//    npm scripts and the executable's first line, which tests check say the same as V8_START_FLAGS).
//  - GLIBC_TUNABLES mmap_threshold=65536: blocks of 64 KB or more are mapped on their own and given
//    back to the system when freed, instead of staying in glibc's heap, fragmented.
//  - GLIBC_TUNABLES arena_max=2: two allocation arenas, not one per thread that ever allocated,
//    each holding on to its own free memory. (Other C libraries ignore GLIBC_TUNABLES.)
import v8 from "node:v8";

/** The flags every policywatch process runs with, set at run time before the app loads. */
export const V8_FLAGS = ["--heap-growing-percent=40", "--liftoff-only"];

/** Flags V8 reads only at start: on node's command line wherever a policywatch process is started. */
export const V8_START_FLAGS = ["--max-semi-space-size=4"];

/**
 * Environment the C library reads only at start: set wherever a policywatch process is started,
 * as the start flags are (`NAME=value` before `node` on the executable's first line and in the
 * npm scripts). It replaces a GLIBC_TUNABLES of the caller's; `node bin/policywatch.js` keeps it.
 */
export const START_ENV = { GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=65536:glibc.malloc.arena_max=2" };

/** START_ENV as `NAME=value` words, as a shell and `env -S` take them before the command. */
export function startEnvWords() {
  return Object.entries(START_ENV).map(([name, value]) => `${name}=${value}`);
}

export function applyV8Flags() {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
