// `npm run dev`: the service with the configuration from the environment and `.env`.
import { runEntry } from "./cli/entry.js";

process.exitCode = await runEntry(["serve"]);
