// A poll service on a test's app whose ingest pipeline has some collaborators replaced (a status
// refresh that looks at the poll while it runs, a follow-up that fails): everything else is the
// app's own, on the app's database.
import type { App } from "../../src/app.js";
import { type IngestDependencies, IngestPipeline } from "../../src/services/ingest-pipeline.js";
import { PollService } from "../../src/services/poll-service.js";

export function pollServiceWith(app: App, replaced: Partial<IngestDependencies>): PollService {
  const pipeline = new IngestPipeline({
    items: app.repos.items,
    polls: app.repos.polls,
    fetcher: app.repos.fetcher,
    match: app.services.match,
    status: app.services.status,
    alerts: app.services.alerts,
    now: app.now,
    ...replaced,
  });
  return new PollService(
    app.repos.sources,
    app.repos.items,
    app.repos.polls,
    pipeline,
    app.repos.fetcher,
    app.now,
    {
      leaseMs: app.config.POLL_LEASE_SECONDS * 1000,
    },
  );
}
