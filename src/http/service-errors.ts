// The services' errors as HTTP problems: each error's category gives the status and the kind
// (src/domain/error-category.ts), unless the error names a finer kind (a fetch error's
// `not-a-feed`, with the status the source answered), so routes just call services.
import { CATEGORY_ANSWERS, isCategorized } from "../domain/error-category.js";
import { HttpProblem } from "./problem.js";

/** The problem an error is for a client; null for policywatch's own errors, which are logged. */
export function problemFromError(err: unknown): HttpProblem | null {
  if (err instanceof HttpProblem) return err;
  if (!isCategorized(err) || err.category === "internal") return null;
  const answer = CATEGORY_ANSWERS[err.category];
  return new HttpProblem(
    answer.httpStatus,
    err.publicKind ?? answer.httpKind,
    err.message,
    err.publicDetails ?? {},
  );
}
