// The one place that knows how the database says "that row is already there": repositories turn
// it into an error of their own with a category (`conflict`), so nothing above them checks codes.
import { categorizedError } from "../domain/error-category.js";

/** Prisma's P2002, or PostgreSQL's 23505 passed through a driver adapter, or their words. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: { code?: string } } | null;
  return e?.code === "P2002" || e?.cause?.code === "23505" || /unique constraint/i.test(e?.message ?? "");
}

/** A row that would repeat one already stored (a source's URL, a subscriber's address). */
export class DuplicateRowError extends categorizedError("DuplicateRowError", "conflict") {}
