// The admin token a new user gets without setting ADMIN_TOKEN: the real service makes it on its
// first start, tells where it is without printing it, and it signs in on the pages and the API;
// `policywatch token show` prints it and `token rotate` replaces it.
import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Browserish } from "../helpers/http-test.js";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

let db: TestDatabase;
const running = new Set<ChildProcess>();
beforeAll(async () => {
  db = await createTestDatabase({ SCHEDULER: "off" });
});
afterEach(async () => {
  for (const child of running) await stop(child);
});
afterAll(async () => {
  await db.drop();
});

async function serve(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "policywatch.js"), "serve"], {
    env: { ...env, PORT: "0", HOST: "127.0.0.1" },
    cwd: repoRoot,
  });
  running.add(child);
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d;
      const m = /running on http:\/\/localhost:(\d+)/.exec(output);
      if (m && /\/login\./.test(output)) resolve(Number(m[1]));
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`service exited ${code}: ${output}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

// Each test starts the real service more than once: a generous bound for a busy machine.
const SERVICE_TEST_MS = 240_000;

const subscribersWith = (base: string, token: string) =>
  fetch(`${base}/api/subscribers`, { headers: { authorization: `Bearer ${token}` } });

describe("the admin token made on the first start", () => {
  it(
    "is written to DATA_DIR/admin-token for its owner only, named but never printed; it signs in",
    async () => {
      const first = await serve(db.env);
      const file = path.join(db.dataDir, "admin-token");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const shown = await runPolicywatch(["token", "show"], db.env);
      expect(shown.code).toBe(0);
      const token = shown.stdout.trim();
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(first.output()).toContain(`Made an admin token for this database: it is in ${file}`);
      expect(first.output()).toMatch(/Sign in with it at http:\/\/localhost:\d+\/login\./);
      expect(first.output()).not.toContain(token);

      expect((await subscribersWith(first.base, token)).status).toBe(200);
      expect((await subscribersWith(first.base, "not-the-token-at-all")).status).toBe(401);
      const browser = new Browserish(first.base);
      expect(await browser.signIn(token)).not.toBe("");
      await stop(first.child);

      // A second start keeps the token and says where it is.
      const second = await serve(db.env);
      expect(second.output()).toContain(`The admin token is in ${file}`);
      expect((await subscribersWith(second.base, token)).status).toBe(200);
      // The page session made before the restart still holds (it is signed with the token's hash).
      const session = `pw_session=${browser.cookie("pw_session")}`;
      const page = await fetch(`${second.base}/`, { headers: { cookie: session } });
      expect(await page.text()).toContain('name="_csrf"');
    },
    SERVICE_TEST_MS,
  );

  it(
    "is replaced by token rotate: the old one and its sessions stop working, the new one signs in",
    async () => {
      const before = (await runPolicywatch(["token", "show"], db.env)).stdout.trim();
      const rotated = await runPolicywatch(["token", "rotate"], db.env);
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toContain(path.join(db.dataDir, "admin-token"));
      const after = (await runPolicywatch(["token", "show"], db.env)).stdout.trim();
      expect(after).not.toBe(before);
      expect(rotated.stdout).not.toContain(after);
      expect(statSync(path.join(db.dataDir, "admin-token")).mode & 0o777).toBe(0o600);

      const svc = await serve(db.env);
      expect((await subscribersWith(svc.base, before)).status).toBe(401);
      expect((await subscribersWith(svc.base, after)).status).toBe(200);
      await expect(new Browserish(svc.base).signIn(before)).rejects.toThrow("sign-in answered 401");
      expect(await new Browserish(svc.base).signIn(after)).not.toBe("");
    },
    SERVICE_TEST_MS,
  );

  it(
    "gives way to an explicit ADMIN_TOKEN, which show and rotate leave alone",
    async () => {
      const generated = (await runPolicywatch(["token", "show"], db.env)).stdout.trim();
      const env = { ...db.env, ADMIN_TOKEN: "explicit-token-0123456789" };
      const svc = await serve(env);
      expect(svc.output()).toContain("Sign in with ADMIN_TOKEN at");
      expect((await subscribersWith(svc.base, "explicit-token-0123456789")).status).toBe(200);
      expect((await subscribersWith(svc.base, generated)).status).toBe(401);
      await stop(svc.child);
      const show = await runPolicywatch(["token", "show"], env);
      expect(show.code).toBe(1);
      expect(show.stderr).toContain("ADMIN_TOKEN is set in the environment");
      const rotate = await runPolicywatch(["token", "rotate"], env);
      expect(rotate.code).toBe(2);
      expect((await runPolicywatch(["token", "show"], db.env)).stdout.trim()).toBe(generated);
    },
    SERVICE_TEST_MS,
  );
});
