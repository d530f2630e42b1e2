// Every error the web layer answers with is a value: a status, a kind a script can branch on, and
// a message a user understands. The API writes it as `{"error": {"kind", "message", …details}}`;
// pages show the message. No stack trace ever leaves the server.
import { type CategorizedError, categoryOfHttpStatus, type ErrorCategory } from "../domain/error-category.js";

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export class HttpProblem extends Error implements CategorizedError {
  constructor(
    readonly status: ProblemStatus,
    readonly kind: string,
    message: string,
    /** Extra fields shown beside kind and message (e.g. the HTTP status a source answered). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpProblem";
  }

  get category(): ErrorCategory {
    return categoryOfHttpStatus(this.status);
  }

  toJSON(): { error: Record<string, unknown> } {
    return { error: { kind: this.kind, message: this.message, ...this.details } };
  }
}

export const badRequest = (message: string) => new HttpProblem(400, "bad-request", message);
export const notFound = (message: string) => new HttpProblem(404, "not-found", message);
export const conflict = (message: string) => new HttpProblem(409, "conflict", message);
