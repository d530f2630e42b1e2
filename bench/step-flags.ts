// The benchmark's steps run the app as the `policywatch` executable does, with the V8 flags it
// sets at start (scripts/start-flags.mjs), set here the same way. The runner passes them in
// POLICYWATCH_BENCH_V8_FLAGS (compiled steps cannot import scripts/). A module of its own so that
// it is evaluated before the step's other imports load the app.
import v8 from "node:v8";

for (const flag of JSON.parse(process.env.POLICYWATCH_BENCH_V8_FLAGS ?? "[]") as string[])
  v8.setFlagsFromString(flag);
