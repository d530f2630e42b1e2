// Errors of the evidence ledger and the status engine, as values with a kind and words a user
// understands; each kind's category (src/domain/error-category.ts) decides the HTTP status and the
// exit code.
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";

export type LedgerErrorKind =
  | "unknown-evidence"
  | "unknown-milestone"
  | "unknown-status"
  | "unknown-change"
  | "note-required"
  | "not-undoable"
  | "already-undone";

const LEDGER_CATEGORIES: Record<LedgerErrorKind, ErrorCategory> = {
  "unknown-evidence": "not-found",
  "unknown-milestone": "not-found",
  "unknown-change": "not-found",
  // A status name outside the fixed list is a bad value, not a missing thing.
  "unknown-status": "invalid",
  "note-required": "invalid",
  "not-undoable": "conflict",
  "already-undone": "conflict",
};

export class LedgerError extends Error implements CategorizedError {
  constructor(
    readonly kind: LedgerErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "LedgerError";
  }

  get category(): ErrorCategory {
    return LEDGER_CATEGORIES[this.kind];
  }
}
