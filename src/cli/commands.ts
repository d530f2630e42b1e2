// Every CLI command, in the order --help lists them. Add a command: one file, one line here.
import { agendaLoadCommand } from "./agenda-load.js";
import { backfillCommand } from "./backfill.js";
import type { Command } from "./command.js";
import { pollCommand } from "./poll.js";
import { serveCommand } from "./serve.js";
import { sourcesAddCommand } from "./sources-add.js";
import { sourcesExportCommand } from "./sources-export.js";
import { sourcesImportCommand } from "./sources-import.js";
import { sourcesListCommand } from "./sources-list.js";
import { sourcesPauseCommand } from "./sources-pause.js";
import { sourcesRemoveCommand } from "./sources-remove.js";
import { sourcesResumeCommand } from "./sources-resume.js";
import { sourcesTestCommand } from "./sources-test.js";
import { statusCommand } from "./status.js";

export const commands: Command[] = [
  statusCommand,
  agendaLoadCommand,
  sourcesListCommand,
  sourcesTestCommand,
  sourcesAddCommand,
  sourcesRemoveCommand,
  sourcesPauseCommand,
  sourcesResumeCommand,
  sourcesImportCommand,
  sourcesExportCommand,
  pollCommand,
  backfillCommand,
  serveCommand,
];
