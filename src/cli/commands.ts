// Every CLI command, in the order --help lists them. Add a command: one file, one line here.
import { agendaLoadCommand } from "./agenda-load.js";
import { classifyCommand } from "./classify.js";
import type { Command } from "./command.js";
import { evidenceListCommand } from "./evidence-list.js";
import { evidenceConfirmCommand, evidenceRejectCommand } from "./evidence-review.js";
import { matchCommand } from "./match.js";
import { serveCommand } from "./serve.js";
import { statusCommand } from "./status.js";
import { statusSetCommand } from "./status-set.js";
import { statusUndoCommand } from "./status-undo.js";

export const commands: Command[] = [
  statusCommand,
  agendaLoadCommand,
  classifyCommand,
  serveCommand,
  // evidence ledger and status engine
  statusSetCommand,
  statusUndoCommand,
  evidenceListCommand,
  evidenceConfirmCommand,
  evidenceRejectCommand,
  matchCommand,
];
