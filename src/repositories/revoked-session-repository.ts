// Sessions ended by logout: their nonces, kept until the cookie would have expired by itself.
import type { RawSql } from "../infra/raw-sql.js";

export class RevokedSessionRepository {
  constructor(private readonly sql: RawSql) {}

  async revoke(nonce: string, expiresAt: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO "RevokedSession" (nonce, "expiresAt") VALUES ($1::text, $2::timestamp(3))
       ON CONFLICT (nonce) DO NOTHING`,
      [nonce, expiresAt.toISOString()],
    );
  }

  async isRevoked(nonce: string): Promise<boolean> {
    const rows = await this.sql.query(`SELECT 1 FROM "RevokedSession" WHERE nonce = $1::text`, [nonce]);
    return rows.length > 0;
  }

  /** Drops the nonces of sessions that have expired anyway; returns how many. */
  async prune(now: Date): Promise<number> {
    const rows = await this.sql.query(
      `DELETE FROM "RevokedSession" WHERE "expiresAt" <= $1::timestamp(3) RETURNING nonce`,
      [now.toISOString()],
    );
    return rows.length;
  }
}
