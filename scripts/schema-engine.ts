// Drives Prisma's real schema engine, compiled to WebAssembly, so that migrations can be diffed
// and created on a machine that cannot download Prisma's native binaries. The shadow database
// the engine needs is an in-memory PGlite, so no server is touched.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
type Engine = import("@prisma/schema-engine-wasm").SchemaEngine;
type MigrationList = import("@prisma/schema-engine-wasm").MigrationList;

const require = createRequire(import.meta.url);

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
export const schemaPath = path.join(root, "prisma", "schema.prisma");
export const migrationsDir = path.join(root, "prisma", "migrations");

async function loadGlue(): Promise<Glue> {
  // Node 20 cannot import a .wasm module directly: instantiate it by hand with the JS glue.
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue: Glue = await import(gluePath);
  const wasmPath = path.join(path.dirname(gluePath), "schema_engine_bg.wasm");
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return glue;
}

export function readMigrationList(): MigrationList {
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

export interface EngineHandle {
  engine: Engine;
  close(): Promise<void>;
}

/** An engine whose main and shadow databases are both throwaway in-memory PGlite instances. */
export async function openEngine(): Promise<EngineHandle> {
  const glue = await loadGlue();
  const main = new PGlite();
  // The engine expects the error-capturing wrapper Prisma's own CLI puts around a factory.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(main));
  const schema = readFileSync(schemaPath, "utf8");
  const log = (line: string) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) console.error(line);
  };
  const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
  return {
    engine,
    async close() {
      engine.free();
      await main.close();
    },
  };
}

export function schemaFiles() {
  return { files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }] };
}

export const noFilters = { externalTables: [], externalEnums: [] };
