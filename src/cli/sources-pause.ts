// policywatch sources pause ID
import { sourceIdCommand } from "./source-id-command.js";

export const sourcesPauseCommand = sourceIdCommand({
  name: "sources pause",
  summary: "Stop polling a source for now; its items stay",
  act: (sources, id) => sources.pause(id),
  say: (source) =>
    `Paused source ${source.id} (${source.name}). Resume it with policywatch sources resume ${source.id}.`,
});
