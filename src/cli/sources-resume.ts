// policywatch sources resume ID
import { sourceIdCommand } from "./source-id-command.js";

export const sourcesResumeCommand = sourceIdCommand({
  name: "sources resume",
  summary: "Poll a paused source again, on its schedule",
  act: (sources, id) => sources.resume(id),
  say: (source) => `Resumed source ${source.id} (${source.name}): polled on "${source.schedule}".`,
});
