// How a policywatch process asks V8 to use memory. Applied by the `policywatch` executable (and
// the benchmark's steps, which run the app as it does) before the app is loaded, because the
// flags must be in place before the first WebAssembly module is compiled.
//
// Why, measured with `npm run bench` (issue 7: a poll of 1,000 sources in at most 200 MB):
//  - --heap-growing-percent: a poll allocates a great deal that dies soon (feed bodies, parsed
//    items, the matcher's work, SQL parameters), and by default V8 lets its heap grow to several
//    times the data that is alive before collecting it again: a first poll of 1,000 new sources
//    reached 160 MB of heap for ~50 MB alive. Growing it by at most a third over what survived the
//    last full collection keeps it near 90 MB, for more frequent (and cheap: little is alive)
//    collections.
//  - --liftoff-only, on PostgreSQL only: Prisma's query compiler is WebAssembly, and V8 recompiles
//    its busy functions with its optimizing compiler in background threads, which took ~50 MB of
//    native memory at the peak of a poll, for a part that runs a few dozen times per poll. The
//    baseline compiler's code is enough there. Not on the embedded database: PostgreSQL itself is
//    WebAssembly there (PGlite), and its optimized code is what makes it fast.
import v8 from "node:v8";

/** The flags for a process with this environment (DATABASE_URL set: PostgreSQL). */
export function v8Flags(env = process.env) {
  const flags = ["--heap-growing-percent=30"];
  if (env.DATABASE_URL) flags.push("--liftoff-only");
  return flags;
}

export function applyV8Flags(env = process.env) {
  for (const flag of v8Flags(env)) v8.setFlagsFromString(flag);
}
