// The `policywatch` executable's entry: real process streams, real exit code.
import { runEntry } from "./entry.js";

process.exitCode = await runEntry(process.argv.slice(2));
