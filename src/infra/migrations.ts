// Applies prisma/migrations/*/migration.sql in order and records them in Prisma's own
// `_prisma_migrations` table, so the standard Prisma CLI agrees about what was applied.
// Runs on every start; an advisory lock keeps two instances from migrating at once.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RawSql } from "./raw-sql.js";

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
const LOCK_KEY = 72_406_180; // arbitrary, constant: "policywatch migrations"

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function applyMigrations(db: RawSql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = listMigrations(dir);
  return db.session((raw) => applyOnSession(raw, migrations));
}

async function applyOnSession(raw: RawSql, migrations: ReturnType<typeof listMigrations>): Promise<string[]> {
  await raw.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
  try {
    await raw.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const rows = await raw.query<{ migration_name: string; finished_at: Date | null }>(
      `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Set(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name));
    const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
    if (failed.length > 0) {
      throw new Error(
        `migration ${failed[0]} failed earlier and was never completed; fix the database, then mark it rolled back`,
      );
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      // One transaction per migration: a failure leaves the database as it was before it.
      await raw.exec(`BEGIN;\n${m.sql}\n;COMMIT;`).catch(async (err) => {
        await raw.exec("ROLLBACK").catch(() => {});
        throw new Error(`migration ${m.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      });
      await raw.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
         VALUES ($1, $2, now(), $3, 1, now())`,
        [randomUUID(), m.checksum, m.name],
      );
      applied.push(m.name);
    }
    return applied;
  } finally {
    await raw.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
  }
}
