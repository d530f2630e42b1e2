// The SQL surface both databases give (pg and PGlite), apart from database.ts so that what
// database.ts runs (migrations) can use it without importing the module that opens databases.

/** Minimal SQL surface shared by pg and PGlite. */
export interface RawSql {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migration files). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` on one connection (session state such as advisory locks and transactions). */
  session<T>(fn: (conn: RawSql) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as one transaction in which foreign keys are not checked row by row (PostgreSQL's
   * replica role), for a bulk write whose statement checks its references itself, once for the
   * whole set. Only the embedded database has it: there no other session can write in between,
   * so a reference the statement found is still there at commit. On a PostgreSQL server (other
   * sessions, and a role that may not set it) it is absent and the foreign keys do the checking.
   */
  withoutRowReferenceChecks?<T>(fn: (conn: RawSql) => Promise<T>): Promise<T>;
}
