// The version of what the dashboard and the read API show: a counter that database triggers bump
// whenever a transaction changing the agenda, statuses, evidence, items or source names commits
// (migration `page_data_version`), whichever instance or command wrote. Cached answers are keyed
// on it, so an answer is rebuilt only after something it shows may have changed.
import type { RawSql } from "../infra/database.js";

export class DataVersionRepository {
  private running: Promise<string> | null = null;
  private queued: Promise<string> | null = null;

  constructor(private readonly sql: RawSql) {}

  /**
   * The current version. Callers that arrive while a read is under way share the next read, which
   * starts after they arrived: it sees every write committed before they asked, and many requests
   * at once cost two small queries instead of one each.
   */
  current(): Promise<string> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  private startQueued(): Promise<string> {
    this.queued = null;
    return this.start();
  }

  private start(): Promise<string> {
    const read = this.read().finally(() => {
      if (this.running === read) this.running = null;
    });
    this.running = read;
    return read;
  }

  private async read(): Promise<string> {
    const [row] = await this.sql.query<{ version: string }>(
      `SELECT "version"::text AS "version" FROM "DataVersion" WHERE "id" = 1`,
    );
    // A database whose row is missing (restored by hand) still answers, never from the cache.
    return row?.version ?? `missing:${Date.now()}:${Math.random()}`;
  }
}
