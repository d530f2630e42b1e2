import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres, type TestDatabase } from "../helpers/test-app.js";
import { startServeProcess } from "../helpers/serve-process.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("the service", () => {
  it("serves the status page and API, then stops cleanly on SIGINT and starts again on the same data", async () => {
    const svc = startServeProcess(db.env);
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
    const again = startServeProcess(db.env);
    const port2 = await again.ready;
    const status = await (await fetch(`http://127.0.0.1:${port2}/api/status`)).json();
    expect(status.areas[0].milestones[0].status).toBe("achieved");
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });

  it.skipIf(onPostgres)("refuses to open an embedded database another process holds, in words", async () => {
    const svc = startServeProcess(db.env);
    await svc.ready;
    const { runPolicywatch } = await import("../helpers/run-cli.js");
    const r = await runPolicywatch(["status"], db.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("in use by another policywatch process");
    svc.child.kill("SIGINT");
    await svc.exited;
  });
});
