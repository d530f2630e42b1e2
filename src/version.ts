// The version users see (`policywatch --version`), read from package.json so there is one place
// to change it.
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  try {
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    return (JSON.parse(text) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}
