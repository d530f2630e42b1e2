// The services' errors as HTTP problems: one place decides which status each kind of failure
// gets (404 unknown thing, 409 already there / not possible now, 400 bad value, 422 a source that
// yields nothing), so routes just call services.
import { FetchError } from "../domain/fetch-error.js";
import { ChannelError } from "../services/channel-service.js";
import { DigestError } from "../services/digest-service.js";
import { LedgerError } from "../services/ledger-error.js";
import { InvalidScheduleError } from "../services/scheduler.js";
import { SourceError, SourceNotFoundError } from "../services/source-errors.js";
import { UnknownAreaError } from "../services/status-service.js";
import { SubscriberError } from "../services/subscriber-service.js";
import { HttpProblem } from "./problem.js";

export function problemFromError(err: unknown): HttpProblem | null {
  if (err instanceof HttpProblem) return err;
  if (err instanceof UnknownAreaError) return new HttpProblem(404, "not-found", err.message);
  if (err instanceof LedgerError) {
    if (err.kind === "unknown-status" || err.kind === "note-required")
      return new HttpProblem(400, "bad-request", err.message);
    if (err.kind.startsWith("unknown-")) return new HttpProblem(404, "not-found", err.message);
    return new HttpProblem(409, "conflict", err.message);
  }
  if (err instanceof SourceNotFoundError) return new HttpProblem(404, "not-found", err.message);
  if (err instanceof SourceError)
    return new HttpProblem(err.usage ? 400 : 409, err.usage ? "bad-request" : "conflict", err.message);
  if (err instanceof SubscriberError) {
    const status = err.kind === "duplicate" ? 409 : err.kind === "not-found" ? 404 : 400;
    return new HttpProblem(
      status,
      status === 409 ? "conflict" : status === 404 ? "not-found" : "bad-request",
      err.message,
    );
  }
  if (err instanceof ChannelError) {
    return err.kind === "not-found"
      ? new HttpProblem(404, "not-found", err.message)
      : new HttpProblem(400, "bad-request", err.message);
  }
  if (err instanceof DigestError) return new HttpProblem(400, "bad-request", err.message);
  if (err instanceof InvalidScheduleError) return new HttpProblem(400, "bad-request", err.message);
  if (err instanceof FetchError)
    return new HttpProblem(422, err.kind, err.message, fetchDetails(err.toJSON()));
  return null;
}

/** A fetch error's extra fields (HTTP status, Retry-After) for the problem body. */
export function fetchDetails(e: {
  status?: number;
  retryAfterSeconds?: number;
  url?: string;
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.status !== undefined) out.status = e.status;
  if (e.retryAfterSeconds !== undefined) out.retryAfterSeconds = e.retryAfterSeconds;
  if (e.url !== undefined) out.url = e.url;
  return out;
}
