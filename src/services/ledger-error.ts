// Errors of the evidence ledger and the status engine, as values with a kind and words a user
// understands. The CLI maps kinds to exit codes (bad argument → 2, refused action → 1); the HTTP
// API maps them to problem responses.
export type LedgerErrorKind =
  | "unknown-evidence"
  | "unknown-milestone"
  | "unknown-status"
  | "unknown-change"
  | "note-required"
  | "not-undoable"
  | "already-undone";

export class LedgerError extends Error {
  constructor(
    readonly kind: LedgerErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "LedgerError";
  }

  /** True when the user named something that does not exist or gave a bad value. */
  get isBadArgument(): boolean {
    return this.kind.startsWith("unknown-") || this.kind === "note-required";
  }
}
