// `npm start`: the service with the configuration from the environment.
import { runCli } from "./cli/run.js";

process.exitCode = await runCli(["serve"], {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
