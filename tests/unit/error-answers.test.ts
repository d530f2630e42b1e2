// What a user sees of each kind of error: the API's status and kind (docs/api.md) and the CLI's
// exit code (2: a request to fix, 1: a failure), all read from one table of categories.
import { describe, expect, it } from "vitest";
import { errorMessage } from "../../src/cli/run.js";
import { UserError } from "../../src/cli/command.js";
import { ConfigError } from "../../src/config.js";
import { AgendaFileError } from "../../src/domain/agenda.js";
import { FetchError } from "../../src/domain/fetch-error.js";
import { problemFromError } from "../../src/http/service-errors.js";
import { DataDirBusyError } from "../../src/infra/data-dir-lock.js";
import { DuplicateSubscriberError } from "../../src/repositories/subscriber-repository.js";
import { ChannelError } from "../../src/services/channel-service.js";
import { DigestError } from "../../src/services/digest-service.js";
import { LedgerError } from "../../src/services/ledger-error.js";
import { InvalidScheduleError } from "../../src/services/scheduler.js";
import {
  BackfillBusyError,
  SourceError,
  SourceNotFoundError,
  SourceRejectedError,
} from "../../src/services/source-errors.js";
import { UnknownAreaError } from "../../src/services/status-service.js";
import { SubscriberError } from "../../src/services/subscriber-service.js";

function answers(err: Error) {
  const problem = problemFromError(err);
  return {
    status: problem?.status ?? 500,
    kind: problem?.kind ?? "internal",
    exitCode: errorMessage(err).exitCode,
  };
}

describe("one answer per kind of error, on the API and the CLI", () => {
  it("answers bad values 400 bad-request and exit 2", () => {
    for (const err of [
      new SourceError('"htp:/x" is not a URL', "invalid"),
      new LedgerError("unknown-status", '"done" is not a status.'),
      new LedgerError("note-required", "An override needs a note."),
      new InvalidScheduleError("every day"),
      new SubscriberError("invalid", "Cannot subscribe: the address is not valid."),
      new ChannelError("invalid", "Cannot add the channel: no URL."),
      new DigestError("x@example.org is not a subscriber."),
      new UserError("--limit must be a positive whole number.", "invalid"),
    ]) {
      expect({ err: err.message, ...answers(err) }).toEqual({
        err: err.message,
        status: 400,
        kind: "bad-request",
        exitCode: 2,
      });
    }
  });

  it("answers names of things that do not exist 404 not-found and exit 2", () => {
    for (const err of [
      new SourceNotFoundError(99),
      new LedgerError("unknown-milestone", 'There is no milestone "moon".'),
      new LedgerError("unknown-evidence", "There is no evidence #9."),
      new LedgerError("unknown-change", "There is no status change #9."),
      new UnknownAreaError("space", ["economy"]),
      new SubscriberError("not-found", "There is no subscriber 9."),
      new ChannelError("not-found", "There is no channel 9."),
    ]) {
      expect({ err: err.message, ...answers(err) }).toEqual({
        err: err.message,
        status: 404,
        kind: "not-found",
        exitCode: 2,
      });
    }
  });

  it("answers what the present state refuses 409 conflict and exit 1", () => {
    for (const err of [
      new SourceError("https://example.org/feed.xml is already watched as source 3."),
      new LedgerError("already-undone", "Status change #4 was already undone."),
      new LedgerError("not-undoable", "Only an analyst's change can be undone."),
      new SubscriberError("duplicate", "a@example.org is already subscribed."),
      new DuplicateSubscriberError("a@example.org"),
      new BackfillBusyError(3),
    ]) {
      expect({ err: err.message, ...answers(err) }).toEqual({
        err: err.message,
        status: 409,
        kind: "conflict",
        exitCode: 1,
      });
    }
  });

  it("answers a source that yields nothing 422 with the fetch kind and its details, exit 1", () => {
    const fetchError = new FetchError({
      kind: "http",
      status: 503,
      message: "The server answered 503 Service Unavailable.",
      url: "https://example.org/feed.xml",
    });
    expect(answers(fetchError)).toEqual({ status: 422, kind: "http", exitCode: 1 });
    expect(problemFromError(fetchError)?.toJSON()).toEqual({
      error: {
        kind: "http",
        message: "The server answered 503 Service Unavailable.",
        status: 503,
        url: "https://example.org/feed.xml",
      },
    });
    expect(errorMessage(fetchError).message).toBe("http: The server answered 503 Service Unavailable.");

    const rejected = new SourceRejectedError("https://example.org/ was not added: it is not a feed.", {
      kind: "not-a-feed",
      message: "it is not a feed.",
    });
    expect(answers(rejected)).toEqual({ status: 422, kind: "not-a-feed", exitCode: 1 });
  });

  it("stops with exit 2 on configuration to fix, and exit 1 on a database held by another process", () => {
    expect(errorMessage(new ConfigError(["PORT: must be a port"])).exitCode).toBe(2);
    expect(errorMessage(new AgendaFileError("agenda.json", ["areas: required"])).exitCode).toBe(2);
    expect(errorMessage(new DataDirBusyError("/data", 4242))).toEqual({
      message: expect.stringContaining("in use by another policywatch process (pid 4242)"),
      exitCode: 1,
    });
  });

  it("answers an error of its own 500 (logged by the server) and 'unexpected error', exit 1", () => {
    const own = new Error("Cannot read properties of undefined");
    expect(problemFromError(own)).toBeNull();
    expect(errorMessage(own)).toEqual({
      message: "unexpected error: Cannot read properties of undefined",
      exitCode: 1,
    });
  });
});
