// Numbered parameters for hand-written SQL, written the way both drivers (pg and PGlite) read
// them the same: timestamps as ISO text cast to `timestamp(3)` (the columns hold UTC wall time,
// as Prisma writes them), JSON as text cast to `jsonb`.

export class SqlParams {
  readonly values: unknown[] = [];

  /** A parameter placeholder for `value`, with an optional cast (`int`, `text[]` …). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }

  time(value: Date | null): string {
    return this.add(value === null ? null : value.toISOString(), "timestamp(3)");
  }

  json(value: unknown): string {
    return this.add(value === null || value === undefined ? null : JSON.stringify(value), "jsonb");
  }
}

/** Milliseconds since the epoch of a `timestamp(3)` column, for raw reads that must not guess a zone. */
export function epochMs(column: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8`;
}
