// Every CLI command, in the order --help lists them. Add a command: one file, one line here.
import { agendaLoadCommand } from "./agenda-load.js";
import { backfillCommand } from "./backfill.js";
import { channelsAddCommand } from "./channels-add.js";
import { channelsListCommand } from "./channels-list.js";
import { channelsRemoveCommand } from "./channels-remove.js";
import { channelsTestCommand } from "./channels-test.js";
import { classifyCommand } from "./classify.js";
import type { Command } from "./command.js";
import { digestCommand } from "./digest.js";
import { evidenceListCommand } from "./evidence-list.js";
import { evidenceConfirmCommand, evidenceRejectCommand } from "./evidence-review.js";
import { matchCommand } from "./match.js";
import { outboxListCommand } from "./outbox-list.js";
import { outboxRetryCommand } from "./outbox-retry.js";
import { pollCommand } from "./poll.js";
import { serveCommand } from "./serve.js";
import { statusSetCommand } from "./status-set.js";
import { statusUndoCommand } from "./status-undo.js";
import { sourcesAddCommand } from "./sources-add.js";
import { sourcesExportCommand } from "./sources-export.js";
import { sourcesImportCommand } from "./sources-import.js";
import { sourcesListCommand } from "./sources-list.js";
import { sourcesPauseCommand } from "./sources-pause.js";
import { sourcesRemoveCommand } from "./sources-remove.js";
import { sourcesResumeCommand } from "./sources-resume.js";
import { sourcesTestCommand } from "./sources-test.js";
import { statusCommand } from "./status.js";
import { subscribersAddCommand } from "./subscribers-add.js";
import { subscribersListCommand } from "./subscribers-list.js";
import { subscribersRemoveCommand } from "./subscribers-remove.js";
import { tokenRotateCommand, tokenShowCommand } from "./token.js";

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
  classifyCommand,
  serveCommand,
  tokenShowCommand,
  tokenRotateCommand,
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
  channelsAddCommand,
  channelsListCommand,
  channelsRemoveCommand,
  channelsTestCommand,
];
