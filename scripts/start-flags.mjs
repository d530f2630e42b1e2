// How a policywatch process is started: the V8 flags and the C library's settings that decide how it
// uses memory. The run-time flags are applied by the `policywatch` executable (and the benchmark's
// steps, which run the app as it does) before the app is loaded, because they must be in place
// before the first WebAssembly module is compiled; the others only work on the command line and in
// the environment node starts with (V8_START_FLAGS, START_ENV).
//
// Why, measured with `npm run bench` (issue 7: a poll of 1,000 sources in at most 200 MB):
//  - --heap-growing-percent: a poll allocates a great deal that dies soon (feed bodies, parsed
//    items, the matcher's work, SQL parameters), and by default V8 lets its heap grow to several
//    times the data that is alive before collecting it again: a first poll of 1,000 new sources
//    reached 160 MB of heap for ~50 MB alive. Growing it by at most half over what survived the
//    last full collection keeps it under 100 MB, for more frequent (and cheap: little is alive)
//    collections. (30% saved little more memory and cost ~10% more time in that poll; 80% saved
//    a little time.)
//  - --liftoff-only: WebAssembly stays at V8's baseline code (Liftoff), never recompiled by its
//    optimizing compiler. Prisma's query compiler is WebAssembly, and so is PostgreSQL itself on
//    the embedded database (PGlite). V8 recompiles their busy functions in background threads,
//    which took ~50 MB of native memory at the peak of a poll and CPU time of its own; measured on
//    the 1,000-source poll, the optimized PGlite saved almost nothing (first poll 6.9 s optimized,
//    7.4 s baseline) and cost 50 MB in the unchanged poll (250 MB against 200 MB).
//  - --max-semi-space-size=8 (MB; V8's default is 16): the young generation, where a poll's
//    short-lived garbage is made, holds two semi-spaces that are both touched as they take turns,
//    so their size counts twice in the process's memory. Measured on the 1,000-source polls:
//    -17 to -23 MB at the peak of every poll on either database, time within noise (4 MB saved
//    ~10 MB more and cost ~5% more time in the first poll on PGlite).
//    V8 sizes its heap when the process starts, so this one is given on node's command line: by
//    the `start` and `cli` npm scripts and the executable's first line (tests check that they say
//    the same as V8_START_FLAGS); the benchmark starts its processes with it too.
//
// The C library's allocator is tuned for the same reason, by environment (glibc reads it only when
// the process starts, so it comes with the start flags; other C libraries ignore it):
//  - mmap_threshold=65536: a block of 64 KB or more is mapped on its own and given back to the
//    system as soon as it is freed. By default glibc raises this threshold to the size of the
//    largest block freed so far (up to 32 MB), after which large blocks come from its heap and
//    stay in the process, fragmented, long after they are freed.
//  - arena_max=2: at most two allocation arenas instead of up to eight per core, one per thread
//    that ever allocated (the libuv pool, V8's helpers), each holding on to its own free memory.
//  Measured with `npm run bench -- --only poll` (three runs each, 26 Nov 2026): peak of the first
//  poll of 1,000 new sources 222-225 MB instead of 253-264 on PGlite, 146-149 instead of 156-162 on
//  PostgreSQL; the unchanged polls 8-15 MB less; time within the run-to-run noise. (arena_max=1 or
//  a 32 KB threshold saved another 3-8 MB; not worth a single lock for every thread.)
import v8 from "node:v8";

/** The flags every policywatch process runs with, set at run time before the app loads. */
export const V8_FLAGS = ["--heap-growing-percent=50", "--liftoff-only"];

/** Flags V8 reads only at start: on node's command line wherever a policywatch process is started. */
export const V8_START_FLAGS = ["--max-semi-space-size=8"];

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
