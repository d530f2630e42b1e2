// Opens the real app against a fresh database for one test file: an in-memory PGlite by default,
// or, when DATABASE_URL is set (the CI's second run), a new PostgreSQL database created for the
// test and dropped afterwards. The same tests run on both.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type App, type AppOptions, openApp } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config.js";

export const onPostgres = Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  /** Environment for a child process (CLI, service) that should use this database. */
  env: NodeJS.ProcessEnv;
  config: Config;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database (and data folder) for one test. */
export async function createTestDatabase(extraEnv: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "policywatch-test-"));
  // DEFAULT_SOURCES off: a test must never reach the real Kremlin, Reuters or Brookings sites.
  // ENV_FILE empty: a developer's own .env in the repository must not change what a test runs.
  const base: NodeJS.ProcessEnv = {
    DATA_DIR: dataDir,
    ALLOW_PRIVATE_SOURCES: "true",
    DEFAULT_SOURCES: "off",
    ENV_FILE: "",
    ...extraEnv,
  };
  if (!onPostgres) {
    delete base.DATABASE_URL;
    const env = { ...stripDb(process.env), ...base };
    return {
      env,
      config: loadConfig(env),
      dataDir,
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `pw_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { ...process.env, ...base, DATABASE_URL: url.toString() };
  return {
    env,
    config: loadConfig(env),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stripDb(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

export interface TestApp extends App {
  testDb: TestDatabase;
  dispose(): Promise<void>;
}

/** The app on a fresh database: in-memory PGlite, or a new PostgreSQL database. */
export async function openTestApp(options: AppOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
  const testDb = await createTestDatabase(options.env);
  const app = await openApp(testDb.config, { ...options, inMemory: !onPostgres });
  return Object.assign(app, {
    testDb,
    async dispose() {
      await app.close();
      await testDb.drop();
    },
  });
}

/** A clock pinned to a date, movable by tests. */
export function fixedClock(iso: string) {
  let current = new Date(iso);
  const now = () => new Date(current);
  return Object.assign(now, {
    set(next: string) {
      current = new Date(next);
    },
  });
}
