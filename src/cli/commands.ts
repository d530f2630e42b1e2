// Every CLI command, in the order --help lists them. Add a command: one file, one line here.
import { agendaLoadCommand } from "./agenda-load.js";
import { classifyCommand } from "./classify.js";
import type { Command } from "./command.js";
import { serveCommand } from "./serve.js";
import { statusCommand } from "./status.js";

export const commands: Command[] = [statusCommand, agendaLoadCommand, classifyCommand, serveCommand];
