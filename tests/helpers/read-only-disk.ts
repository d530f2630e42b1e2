// Disks a test breaks on purpose: a tmpfs that can be made read-only (or is small enough to fill),
// where this process may mount one (root in most containers), else a folder without write
// permission. Root ignores file modes, so as root without mount rights there is no read-only folder.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestDisk {
  dir: string;
  /** Removes the folder (unmounting it first when it is a tmpfs). */
  undo(): void;
}

export interface Tmpfs extends TestDisk {
  /** Remounts the tmpfs read-only or writable again, as a disk failing and coming back does. */
  remount(mode: "ro" | "rw"): void;
}

const isRoot = () => process.getuid?.() === 0;

/** Whether this process may mount a tmpfs: a real read-only or full disk. */
function probeMount(): boolean {
  if (!isRoot()) return false;
  const dir = mkdtempSync(path.join(tmpdir(), "policywatch-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const canMount = probeMount();
/** A read-only folder can be made: by mounting, or by file modes when not root. */
export const canMakeReadOnly = canMount || !isRoot();

/** A tmpfs mounted on a fresh temporary folder, with mount `options` ("size=64k", "ro,size=64k"). Throws when it cannot be mounted. */
export function mountTmpfs(prefix: string, options: string): Tmpfs {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "ignore" });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    remount: (mode) => execFileSync("mount", ["-o", `remount,${mode}`, dir]),
    undo: () => {
      execFileSync("umount", [dir], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A folder the process cannot write to: a read-only tmpfs when we may mount (root), else chmod. */
export function readOnlyFolder(): TestDisk | null {
  if (isRoot()) {
    try {
      return mountTmpfs("policywatch-ro-", "ro,size=64k");
    } catch {
      return null;
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), "policywatch-ro-"));
  chmodSync(dir, 0o555);
  return {
    dir,
    undo: () => {
      chmodSync(dir, 0o755);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
