// `npm start` as a user meets it: the real process, the status page, a clean stop on Ctrl-C.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-cli.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../helpers/test-app.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function startService(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "policywatch.js"), "serve"], {
    env: { ...env, PORT: "0", HOST: "127.0.0.1" },
    cwd: repoRoot,
  });
  let output = "";
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      output += d;
      const m = /running on http:\/\/localhost:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("exit", (code) => reject(new Error(`service exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe("the service", () => {
  it("serves the status page and API, then stops cleanly on SIGINT and starts again on the same data", async () => {
    const svc = startService(db.env);
    const port = await svc.ready;
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src");
    const html = await page.text();
    for (const area of [
      "Economic deployment",
      "Education and workforce",
      "Risk and threat assessment",
      "Defence and national security",
      "International expansion",
    ]) {
      expect(html).toContain(area);
    }
    expect(html).toContain("2026-12-31");
    expect(html).toContain("2030-12-31");
    const api = await fetch(`http://127.0.0.1:${port}/api/status`);
    expect((await api.json()).areas).toHaveLength(5);

    svc.child.kill("SIGINT");
    expect(await svc.exited).toBe(0);
    expect(svc.output()).toContain("Stopped.");

    // The embedded database was flushed and released: a second start reads the same data.
    const again = startService(db.env);
    const port2 = await again.ready;
    const status = await (await fetch(`http://127.0.0.1:${port2}/api/status`)).json();
    expect(status.areas[0].milestones[0].status).toBe("achieved");
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });

  it.skipIf(onPostgres)("refuses to open an embedded database another process holds, in words", async () => {
    const svc = startService(db.env);
    await svc.ready;
    const { runPolicywatch } = await import("../helpers/run-cli.js");
    const r = await runPolicywatch(["status"], db.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("in use by another policywatch process");
    svc.child.kill("SIGINT");
    await svc.exited;
  });
});
