// The worker-thread side of parse-pool.ts: runs an adapter's pure parse on a body sent from the
// main thread and posts back the result, or the FetchError it threw as plain data.
import { parentPort } from "node:worker_threads";
import { isFetchError } from "../domain/fetch-error.js";
import { capFields } from "../domain/ingest-limits.js";
import { getAdapter } from "../sources/registry.js";
import { type ParseRequest, withinLimits } from "./parse-pool.js";

parentPort?.on("message", (req: ParseRequest) => {
  try {
    const adapter = getAdapter(req.kind);
    const result =
      req.which === "parseArticle"
        ? capFields(adapter.parseArticle!(req.body, req.ctx), req.limits)
        : withinLimits(adapter.parse(req.body, req.ctx), req.limits);
    parentPort!.postMessage({ id: req.id, result });
  } catch (e) {
    if (isFetchError(e)) parentPort!.postMessage({ id: req.id, fetchError: e.toJSON() });
    else {
      const crash = e instanceof Error ? e.message.split("\n")[0] : String(e);
      parentPort!.postMessage({ id: req.id, crash });
    }
  }
});
