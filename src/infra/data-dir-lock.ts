// The embedded database (PGlite) can be open in one process only: two writers corrupt it.
// A lock file in DATA_DIR holds the owner's pid; a stale lock (its process gone) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";

export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error implements CategorizedError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another policywatch process (pid ${pid}). ` +
        "Stop it first, use the running service's dashboard or API, or run both against PostgreSQL with DATABASE_URL.",
    );
    this.name = "DataDirBusyError";
  }

  get category(): ErrorCategory {
    return "conflict";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, "policywatch.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) throw new DataDirBusyError(dataDir, pid);
      unlinkSync(file);
    }
  }
  throw new DataDirBusyError(dataDir, -1);
}
