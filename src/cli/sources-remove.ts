// policywatch sources remove ID
import { sourceIdCommand } from "./source-id-command.js";

export const sourcesRemoveCommand = sourceIdCommand({
  name: "sources remove",
  summary: "Stop watching a source and delete its items",
  act: (sources, id) => sources.remove(id),
  say: (removed) => `Removed source ${removed.id} (${removed.name}) and its ${removed.items} items.`,
});
