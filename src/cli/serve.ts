// policywatch serve: the service (what `npm start` runs). Ctrl-C stops it cleanly.
import { redactSecrets } from "../domain/redact.js";
import type { Command } from "./command.js";

export const serveCommand: Command = {
  name: "serve",
  summary: "Run the service: dashboard and API on PORT, scheduled polling and mail",
  usage: "policywatch serve",
  async run(ctx) {
    // Loaded here, not with the other commands: the queue, web server and pages are the service's
    // alone, and every other command's process is smaller without them.
    const { startService } = await import("../service.js");
    const service = await startService(ctx.config(), (line) => ctx.print(redactSecrets(line)));
    await new Promise<void>((resolve) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        ctx.print(`Received ${signal}: stopping…`);
        // A second signal, or a stop that hangs, must not leave the user waiting forever.
        const force = setTimeout(() => {
          ctx.io.stderr.write("policywatch: could not stop within 10 seconds; exiting.\n");
          process.exit(1);
        }, 10_000);
        force.unref();
        service.stop().finally(() => {
          clearTimeout(force);
          ctx.print("Stopped.");
          resolve();
        });
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    });
    return 0;
  },
};
