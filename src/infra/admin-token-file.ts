// DATA_DIR/admin-token: the generated admin token, readable by its owner only (mode 0600). It is
// written in two steps, so that the database and the file change together: `prepare` writes a
// temporary file (a read-only or full disk fails here, before the database changes), `commit`
// renames it into place, `discard` removes it.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface PreparedTokenFile {
  commit(): void;
  discard(): void;
}

export class AdminTokenFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = path.join(dataDir, "admin-token");
  }

  /** The token, or null when there is no file. */
  read(): string | null {
    try {
      return readFileSync(this.path, "utf8").trim() || null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  prepare(token: string): PreparedTokenFile {
    mkdirSync(path.dirname(this.path), { recursive: true });
    const temp = `${this.path}.new-${process.pid}`;
    const discard = () => rmSync(temp, { force: true });
    try {
      writeFileSync(temp, `${token}\n`, { mode: 0o600 });
      // writeFileSync keeps the mode of a file that was already there: set it in any case.
      chmodSync(temp, 0o600);
    } catch (err) {
      discard();
      throw err;
    }
    return { commit: () => renameSync(temp, this.path), discard };
  }
}
