// Every CLI command, in the order --help lists them. Add a command: one file, one line here.
import { agendaLoadCommand } from "./agenda-load.js";
import { classifyCommand } from "./classify.js";
import type { Command } from "./command.js";
import { digestCommand } from "./digest.js";
import { evidenceListCommand } from "./evidence-list.js";
import { evidenceConfirmCommand, evidenceRejectCommand } from "./evidence-review.js";
import { matchCommand } from "./match.js";
import { outboxListCommand } from "./outbox-list.js";
import { outboxRetryCommand } from "./outbox-retry.js";
import { serveCommand } from "./serve.js";
import { statusSetCommand } from "./status-set.js";
import { statusUndoCommand } from "./status-undo.js";
import { statusCommand } from "./status.js";
import { subscribersAddCommand } from "./subscribers-add.js";
import { subscribersListCommand } from "./subscribers-list.js";
import { subscribersRemoveCommand } from "./subscribers-remove.js";

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
  subscribersAddCommand,
  subscribersListCommand,
  subscribersRemoveCommand,
  digestCommand,
  outboxListCommand,
  outboxRetryCommand,
];
