// Opens the one database policywatch uses: PostgreSQL through @prisma/adapter-pg when
// DATABASE_URL is set, else an embedded PGlite in DATA_DIR/pglite. Both give the same Prisma
// client and a raw SQL handle (migrations, bulk inserts, pg-boss) so the rest of the code has
// one path. The embedded database is single-process: a lock file in DATA_DIR says who holds it.
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
// Each database's driver is loaded only when it is used: the embedded one alone costs tens of MB.
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";
import type { Config } from "../config.js";
import { categorizedError } from "../domain/error-category.js";
import { redactSecrets } from "../domain/redact.js";
import { PrismaClient } from "../generated/prisma/client.js";
import { acquireDataDirLock, DataDirBusyError, type DataDirLock } from "./data-dir-lock.js";
import { applyMigrations } from "./migrations.js";
import type { RawSql } from "./raw-sql.js";

export type { RawSql } from "./raw-sql.js";

export type Prisma = PrismaClient;

export interface Database {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  raw: RawSql;
  /** The PGlite instance when embedded (pg-boss runs on it too). */
  pglite?: PGlite;
  /** The connection string when on PostgreSQL. */
  connectionString?: string;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export class DatabaseError extends categorizedError("DatabaseError", "unavailable") {}

export async function openDatabase(
  config: Pick<Config, "databaseKind" | "DATABASE_URL" | "dataDir">,
  opts: { inMemory?: boolean; migrate?: boolean } = {},
): Promise<Database> {
  const db =
    config.databaseKind === "postgres"
      ? await openPostgres(config.DATABASE_URL!)
      : await openPglite(config.dataDir, opts.inMemory ?? false);
  if (opts.migrate ?? true) {
    try {
      await db.migrate();
    } catch (err) {
      await db.close().catch(() => {});
      throw err;
    }
  }
  return db;
}

async function openPostgres(connectionString: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process: the pool replaces it.
  pool.on("error", () => {});
  sendAgainOnConnectionLoss(pool);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const where = safeUrl(connectionString);
    throw new DatabaseError(
      redactSecrets(`Cannot connect to PostgreSQL at ${where}: ${describePgError(err)}`),
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const over = (q: pg.Pool | pg.PoolClient): Omit<RawSql, "session"> => ({
    async query(sql, params) {
      const res = await q.query(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql) {
      await q.query(sql);
    },
  });
  const raw: RawSql = {
    ...over(pool),
    async query(sql, params) {
      return (await pool.query(prepared(sql, params))).rows;
    },
    async session(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        return await fn({ ...over(client), session: (inner) => inner(this) });
      } catch (err) {
        broken = true;
        throw err;
      } finally {
        // A connection that failed mid-transaction is not handed back to the pool.
        client.release(broken);
      }
    },
  };
  return {
    kind: "postgres",
    prisma,
    raw,
    connectionString,
    migrate: () => applyMigrations(raw),
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

/** How many times a statement on its own is sent in all when its connection keeps being lost. */
const SENDS_ON_CONNECTION_LOSS = 3;

/**
 * A statement on its own (not in a transaction) whose connection was lost is sent again on a fresh
 * one: the server restarted or an administrator ended our connections. Both our raw statements and
 * Prisma's outside a transaction go through `pool.query` (@prisma/adapter-pg sends them there), so
 * this is the one place for it. An ended connection can still be handed out by the pool for a
 * moment before its end is noticed, and every idle one ends at once, so each resend waits a little
 * longer for the pool to drop the dead ones. Safe because every such statement is atomic on its
 * own, so one that failed left nothing behind; the rare statement that committed just before its
 * answer was lost is written to be harmless twice (ON CONFLICT, conditional updates). Transactions
 * (`pool.connect`) are not resent: one that lost its connection fails as a whole, and is retried
 * where it is started, if at all.
 */
function sendAgainOnConnectionLoss(pool: pg.Pool): void {
  const send = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const query = (...args: unknown[]): unknown => {
    if (typeof args.at(-1) === "function") return send(...args); // pg's callback form: not ours
    return (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await send(...args);
        } catch (err) {
          if (!isConnectionLoss(err) || attempt >= SENDS_ON_CONNECTION_LOSS) throw err;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    })();
  };
  (pool as unknown as { query: typeof query }).query = query;
}

/**
 * A long statement (the poll's batched stores and closings, sent hundreds of times a round with
 * the same text) is prepared once per connection, under a name taken from its text: PostgreSQL
 * then parses and plans it once instead of at every call. Short statements are not worth a name,
 * and past 64 texts none is named (some queries build their text per call).
 */
function prepared(sql: string, params: unknown[] | undefined): pg.QueryConfig {
  if (sql.length < 1000) return { text: sql, values: params };
  let name = statementNames.get(sql);
  if (!name) {
    // A statement whose text is built per call would fill every connection with prepared ones.
    if (statementNames.size >= 64) return { text: sql, values: params };
    name = `pw_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values: params };
}
const statementNames = new Map<string, string>();

/**
 * The embedded server's settings beyond PGlite's own: its shared buffers live in this process's
 * memory, and since the files are read through the operating system's file cache anyway, a small
 * pool costs little time and keeps a CLI run within its memory (docs/performance.md).
 */
export const PGLITE_SETTINGS = ["-c", "shared_buffers=8MB"];

async function openPglite(dataDir: string, inMemory: boolean): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  const options = { startParams: [...defaults, ...PGLITE_SETTINGS] };
  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (inMemory) {
    pglite = new PGlite(options);
  } else {
    try {
      mkdirSync(dataDir, { recursive: true });
      lock = acquireDataDirLock(dataDir);
    } catch (err) {
      if (err instanceof DataDirBusyError) throw err;
      throw new DatabaseError(dataDirProblem(whyNotWritable(err, dataDir), dataDir));
    }
    try {
      const dir = path.join(dataDir, "pglite");
      if (!existsSync(path.join(dir, "PG_VERSION"))) await createPgliteDatabase(dir, options.startParams);
      pglite = new PGlite(dir, options);
      await pglite.waitReady;
    } catch (err) {
      lock.release();
      throw new DatabaseError(dataDirProblem(err, dataDir));
    }
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const over = (q: PGlite | Transaction): RawSql => {
    const conn: RawSql = {
      async query(sql, params) {
        const res = await q.query(sql, params as unknown[]);
        return res.rows as never[];
      },
      async exec(sql) {
        await q.exec(sql);
      },
      // PGlite is one connection already.
      session: (fn) => fn(conn),
    };
    return conn;
  };
  const raw: RawSql = {
    ...over(pglite),
    session: (fn) => fn(raw),
    // Checking a reference row by row costs a query and a row lock per row, a large part of storing
    // a first poll on the poll's own thread; the store checks its references itself instead. SET
    // LOCAL ends with the transaction, so nothing else (cascading deletes above all) runs without.
    // Changing the role discards PostgreSQL's cached plans, so statements here are not prepared.
    withoutRowReferenceChecks: (fn) =>
      pglite.transaction(async (tx) => {
        await tx.exec("SET LOCAL session_replication_role = replica");
        return fn(over(tx));
      }),
  };
  return {
    kind: "pglite",
    prisma,
    raw,
    pglite,
    migrate: () => applyMigrations(raw),
    async close() {
      await prisma.$disconnect().catch(() => {});
      // close() flushes the embedded database to disk: never skip it.
      await pglite.close().catch(() => {});
      lock?.release();
    },
  };
}

/**
 * Creates a new embedded database in `dir`, in a node process of its own, because creating one
 * (initdb) needs far more memory than running one and a process keeps most of what it took
 * (docs/performance.md, "Embedded database"). The database is made beside `dir`
 * and renamed into place once complete, so a creation that dies half way never leaves something
 * that looks like a database. Fails with what went wrong, in the form `dataDirProblem` reads
 * (code, WebAssembly errno, message).
 */
async function createPgliteDatabase(dir: string, startParams: string[]): Promise<void> {
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
  const temp = `${dir}.new-${process.pid}`;
  const code = `try {
  const { PGlite } = await import(${JSON.stringify(pglite)});
  const db = new PGlite(process.argv[1], { startParams: JSON.parse(process.argv[2]) });
  await db.waitReady;
  await db.close();
} catch (e) {
  const report = { code: e?.code ?? null, errno: e?.errno ?? null, message: e?.message ?? null, name: e?.name ?? null };
  process.stderr.write(JSON.stringify(report));
  process.exit(1);
}`;
  rmSync(temp, { recursive: true, force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      // --liftoff-only as every policywatch process runs (scripts/start-flags.mjs, which code under src/
      // cannot import once compiled): PGlite's WebAssembly is not worth optimizing for a few seconds.
      const args = ["--liftoff-only", "--input-type=module", "-e", code, temp, JSON.stringify(startParams)];
      const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("error", reject);
      child.on("exit", (exitCode, signal) => {
        if (exitCode === 0) return resolve();
        // Our report (what dataDirProblem reads), or, should the process have died otherwise, its words.
        type Report = {
          code?: string | null;
          errno?: number | null;
          message?: string | null;
          name?: string | null;
        };
        let failure: Report;
        try {
          failure = JSON.parse(stderr.trim().split("\n").at(-1) ?? "");
        } catch {
          failure = {
            message: stderr.trim() || `creating the database stopped (${signal ?? `exit ${exitCode}`})`,
          };
        }
        const err = new Error(failure.message ?? failure.name ?? "creating the database failed");
        if (failure.code) Object.assign(err, { code: failure.code });
        if (failure.errno != null) Object.assign(err, { errno: failure.errno });
        reject(err);
      });
    });
    renameSync(temp, dir);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * A recursive mkdir on a read-only disk says ENOENT: ask the nearest existing folder above whether
 * it can be written, which names the real cause (EROFS, EACCES).
 */
function whyNotWritable(err: unknown, dataDir: string): unknown {
  if ((err as { code?: string }).code !== "ENOENT") return err;
  let dir = path.resolve(dataDir);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return err;
  } catch (inner) {
    return inner;
  }
}

/**
 * PGlite's file system errors carry WebAssembly (WASI) error numbers and no message: the ones that
 * say something about the disk.
 */
const WASI_ERRNO: Record<number, string> = {
  2: "EACCES",
  20: "EEXIST",
  51: "ENOSPC",
  54: "ENOTDIR",
  55: "ENOTEMPTY",
  63: "EPERM",
  69: "EROFS",
};

/**
 * Why the embedded database cannot be opened in DATA_DIR, in words: a read-only or full disk, a
 * folder this user may not write, or something else in the way. Nothing was changed.
 */
export function dataDirProblem(err: unknown, dataDir: string): string {
  const e = err as { code?: string; errno?: number; message?: string; name?: string };
  const where = `The embedded database cannot be opened in DATA_DIR (${dataDir})`;
  const fix = "Nothing was changed.";
  const code = e?.code ?? (typeof e?.errno === "number" ? (WASI_ERRNO[e.errno] ?? "") : "");
  const message = e?.message ?? (code || e?.name || String(err));
  if (code === "EROFS" || /read-only file system/i.test(message))
    return `${where}: the folder is on a read-only disk. Make it writable, set DATA_DIR to a writable folder, or use PostgreSQL with DATABASE_URL. ${fix}`;
  if (code === "EACCES" || code === "EPERM" || /permission denied/i.test(message))
    return `${where}: this user may not write there. Make the folder writable for it, or set DATA_DIR to another folder. ${fix}`;
  if (code === "ENOSPC" || /no space left/i.test(message))
    return `${where}: the disk is full. Free some space and run the command again. ${fix}`;
  if (code === "ENOTDIR" || code === "EEXIST" || code === "ENOTEMPTY")
    return `${where}: something that is not a folder is in the way. Move it, or set DATA_DIR to another folder. ${fix}`;
  return `${where}: ${message}`;
}

/** The connection died (the server went away, or ended it), as opposed to the statement failing. */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  // 57P01-03: admin shutdown, crash shutdown, cannot connect now; 08xxx: connection exceptions.
  if (typeof e?.code === "string" && (/^57P0[123]$/.test(e.code) || /^08/.test(e.code))) return true;
  if (e?.code === "ECONNRESET" || e?.code === "EPIPE" || e?.code === "ECONNREFUSED") return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error/i.test(
    e?.message ?? "",
  );
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "…";
    return redactSecrets(u.toString());
  } catch {
    return "(unreadable URL)";
  }
}

function describePgError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === "ECONNREFUSED") return "the connection was refused (is the server running?)";
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return "the host name does not resolve";
  if (e.code === "3D000") return "the database does not exist";
  if (e.code === "28P01" || e.code === "28000") return "authentication failed";
  return e.message ?? String(err);
}
