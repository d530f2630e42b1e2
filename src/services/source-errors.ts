// Errors the sources use cases raise for a user: each says what is wrong and what to do, in words,
// and its category (src/domain/error-category.ts) decides the HTTP status and the exit code.
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";
import { type FetchErrorInfo, fetchErrorDetails } from "../domain/fetch-error.js";

export class SourceError extends Error implements CategorizedError {
  constructor(
    message: string,
    /** `invalid` for a malformed request; `conflict` for one the present state refuses. */
    readonly category: ErrorCategory = "conflict",
  ) {
    super(message);
    this.name = "SourceError";
  }
}

/** A source was not added because its preview failed: `error` is what the fetch or parse said. */
export class SourceRejectedError extends SourceError {
  constructor(
    message: string,
    readonly error: FetchErrorInfo,
  ) {
    super(message, "unavailable");
    this.name = "SourceRejectedError";
  }

  get publicKind(): string {
    return this.error.kind;
  }

  get publicDetails(): Record<string, unknown> {
    return fetchErrorDetails(this.error);
  }
}

export class SourceNotFoundError extends SourceError {
  constructor(readonly sourceId: number) {
    super(`There is no source with id ${sourceId}. Run policywatch sources list to see them.`, "not-found");
    this.name = "SourceNotFoundError";
  }
}

/** A backfill page could not be read; the walk's state is kept and a new run resumes there. */
export class BackfillError extends SourceError {
  constructor(
    message: string,
    readonly error?: FetchErrorInfo,
  ) {
    super(message, "unavailable");
    this.name = "BackfillError";
  }
}

/** Another walk of this source's archive is under way (another instance, or a walk that died recently). */
export class BackfillBusyError extends SourceError {
  constructor(readonly sourceId: number) {
    super(
      `A backfill of source ${sourceId} is already running (in this or another policywatch process). ` +
        "It resumes where it stopped; if that process died, try again in a few minutes.",
    );
    this.name = "BackfillBusyError";
  }
}
