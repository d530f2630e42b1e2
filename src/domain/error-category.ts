// Every error a user can meet belongs to one category, and CATEGORY_ANSWERS is the one place that
// says what a category means to an HTTP client (status, and the kind shown unless the error names a
// finer one) and to a shell (exit code: 2 for a request to fix, 1 for a failure).

export const ERROR_CATEGORIES = [
  "invalid",
  "unauthorized",
  "forbidden",
  "not-found",
  "conflict",
  "too-large",
  "unavailable",
  "timed-out",
  "internal",
] as const;

export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export interface CategoryAnswer {
  httpStatus: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503;
  /** The `kind` of the API's error body, unless the error names a finer one (`publicKind`). */
  httpKind: string;
  exitCode: 1 | 2;
}

export const CATEGORY_ANSWERS: Readonly<Record<ErrorCategory, CategoryAnswer>> = {
  /** A value or a request that cannot be right: fix it and ask again. */
  invalid: { httpStatus: 400, httpKind: "bad-request", exitCode: 2 },
  /** No credentials, or the wrong ones. */
  unauthorized: { httpStatus: 401, httpKind: "unauthorized", exitCode: 2 },
  /** Right credentials, or none needed, but this is turned off or refused. */
  forbidden: { httpStatus: 403, httpKind: "forbidden", exitCode: 2 },
  /** The request names something (an id, a slug) that does not exist. */
  "not-found": { httpStatus: 404, httpKind: "not-found", exitCode: 2 },
  /** Not possible in the present state: already there, already done, held by another process. */
  conflict: { httpStatus: 409, httpKind: "conflict", exitCode: 1 },
  /** The request is over a size limit. */
  "too-large": { httpStatus: 413, httpKind: "too-large", exitCode: 2 },
  /** Something policywatch depends on did not give what was needed: a source, the database, mail. */
  unavailable: { httpStatus: 422, httpKind: "unavailable", exitCode: 1 },
  /** Work that ran past its time bound and was stopped (a search): narrow it, or try again later. */
  "timed-out": { httpStatus: 503, httpKind: "unavailable", exitCode: 1 },
  /** policywatch's own fault: logged, and said in general words. */
  internal: { httpStatus: 500, httpKind: "internal", exitCode: 1 },
};

/** What an error class says about itself so that every layer answers for it the same way. */
export interface CategorizedError extends Error {
  readonly category: ErrorCategory;
  /** The kind users and scripts see when it is finer than the category's (a fetch error's `not-a-feed`). */
  readonly publicKind?: string;
  /** Fields shown beside kind and message (the HTTP status a source answered). */
  readonly publicDetails?: Record<string, unknown>;
}

/**
 * The class of an error that always has one category and is named for itself, the shape most of
 * policywatch's errors take: `class OpmlError extends categorizedError("OpmlError", "invalid") {}`.
 */
export function categorizedError(name: string, category: ErrorCategory) {
  return class extends Error implements CategorizedError {
    constructor(message: string) {
      super(message);
      this.name = name;
    }

    get category(): ErrorCategory {
      return category;
    }
  };
}

export function isCategorized(err: unknown): err is CategorizedError {
  if (!(err instanceof Error)) return false;
  const category = (err as { category?: unknown }).category;
  return typeof category === "string" && (ERROR_CATEGORIES as readonly string[]).includes(category);
}

/** An error's category; one that does not say is policywatch's own (`internal`). */
export function categoryOf(err: unknown): ErrorCategory {
  return isCategorized(err) ? err.category : "internal";
}

/** The category an HTTP status stands for (an HttpProblem made by the web layer itself). */
export function categoryOfHttpStatus(status: number): ErrorCategory {
  const exact = ERROR_CATEGORIES.find((c) => CATEGORY_ANSWERS[c].httpStatus === status);
  if (exact) return exact;
  return status >= 500 ? "internal" : "invalid";
}
