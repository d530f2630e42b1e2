// The wrong-token counts per client address (src/domain/auth-throttle.ts has the rules). One row
// per address, written in one statement so that instances counting at the same moment add up.
import type { RawSql } from "../infra/raw-sql.js";
import { epochMs } from "../infra/sql-params.js";

export interface ThrottleRules {
  maxFailures: number;
  windowMs: number;
  blockMs: number;
}

export class AuthThrottleRepository {
  constructor(private readonly sql: RawSql) {}

  /** When the address's block ends, or null when it is not blocked at `now`. */
  async blockedUntil(address: string, now: Date): Promise<Date | null> {
    const [row] = await this.sql.query<{ until: number }>(
      `SELECT ${epochMs('"blockedUntil"')} AS until FROM "AuthThrottle"
       WHERE address = $1::text AND "blockedUntil" > $2::timestamp(3)`,
      [address, now.toISOString()],
    );
    return row ? new Date(Number(row.until)) : null;
  }

  /** Counts one wrong token; returns when the address is now blocked until, or null. */
  async recordFailure(address: string, now: Date, rules: ThrottleRules): Promise<Date | null> {
    const at = now.toISOString();
    const [row] = await this.sql.query<{ until: number | null }>(
      `INSERT INTO "AuthThrottle" (address, failures, "windowEndsAt", "blockedUntil")
       VALUES ($1::text, 1, $2::timestamp(3) + $3::int * interval '1 millisecond', NULL)
       ON CONFLICT (address) DO UPDATE SET
         failures = CASE WHEN "AuthThrottle"."windowEndsAt" <= $2::timestamp(3) THEN 1
                         ELSE "AuthThrottle".failures + 1 END,
         "windowEndsAt" = CASE WHEN "AuthThrottle"."windowEndsAt" <= $2::timestamp(3)
                               THEN $2::timestamp(3) + $3::int * interval '1 millisecond'
                               ELSE "AuthThrottle"."windowEndsAt" END,
         "blockedUntil" = CASE WHEN "AuthThrottle"."windowEndsAt" > $2::timestamp(3)
                                    AND "AuthThrottle".failures + 1 >= $4::int
                               THEN $2::timestamp(3) + $5::int * interval '1 millisecond'
                               ELSE "AuthThrottle"."blockedUntil" END
       RETURNING ${epochMs('"blockedUntil"')} AS until`,
      [address, at, rules.windowMs, rules.maxFailures, rules.blockMs],
    );
    const until = row?.until === null || row?.until === undefined ? null : new Date(Number(row.until));
    return until && until > now ? until : null;
  }

  /** Forgets the address's failures (it signed in with the right token). */
  async clear(address: string): Promise<void> {
    await this.sql.query(`DELETE FROM "AuthThrottle" WHERE address = $1::text`, [address]);
  }

  /** Drops rows whose window and block have both ended; returns how many. */
  async prune(now: Date): Promise<number> {
    const rows = await this.sql.query(
      `DELETE FROM "AuthThrottle"
       WHERE "windowEndsAt" <= $1::timestamp(3) AND ("blockedUntil" IS NULL OR "blockedUntil" <= $1::timestamp(3))
       RETURNING address`,
      [now.toISOString()],
    );
    return rows.length;
  }
}
