import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { startHttpProxy, type TestProxy } from "../helpers/proxy-server.js";
import { runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";
import { runPolicywatchInProcess } from "../helpers/run-cli-in-process.js";

const FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry news</title><id>urn:ministry</id>
<updated>2026-04-10T10:00:00Z</updated>
<entry><title>Government approves the AI roadmap</title><id>urn:ministry:1</id>
<link href="https://ministry.example.org/news/1"/><updated>2026-04-10T10:00:00Z</updated></entry>
</feed>`;

let site: FeedServer;
let envProxy: TestProxy;
let ownProxy: TestProxy;
let locked: TestProxy;
let db: TestDatabase;
const json = (out: string) => JSON.parse(out);

const inProcess = (env: NodeJS.ProcessEnv, ...args: string[]) => runPolicywatchInProcess(args, env);
const seen = (p: TestProxy, url: string) => p.requests.some((r) => r.line === `GET ${url}`);

beforeAll(async () => {
  site = await startFeedServer({ "/feed": { body: FEED, contentType: "application/atom+xml" } });
  envProxy = await startHttpProxy();
  ownProxy = await startHttpProxy({ credentials: "analyst:s3cret" });
  locked = await startHttpProxy({ credentials: "someone:else" });
  db = await createTestDatabase({ FETCH_HOST_SPACING_MS: "0", FETCH_TIMEOUT_SECONDS: "5" });
});
afterAll(async () => {
  await Promise.all([site, envProxy, ownProxy, locked].map((s) => s?.close()));
  await db?.drop();
});

describe("proxies from the environment and per source", () => {
  it("HTTP_PROXY carries a source's fetch; a NO_PROXY host goes direct", { timeout: 60_000 }, async () => {
    const env = { ...db.env, HTTP_PROXY: envProxy.url, NO_PROXY: "localhost" };
    const proxied = site.url("/feed");
    let r = await runPolicywatch(["sources", "test", proxied, "--kind", "atom", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).items[0].title).toBe("Government approves the AI roadmap");
    expect(seen(envProxy, proxied)).toBe(true);

    const direct = proxied.replace("127.0.0.1", "localhost");
    const before = envProxy.requests.length;
    r = await runPolicywatch(["sources", "test", direct, "--kind", "atom", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(envProxy.requests.length).toBe(before);
  });

  it("a source's --proxy wins over HTTP_PROXY, and its credentials are never shown", {
    timeout: 240_000,
  }, async () => {
    const env = { ...db.env, HTTP_PROXY: envProxy.url };
    const url = site.url("/feed");
    const before = envProxy.requests.length;
    let r = await runPolicywatch(["sources", "test", url, "--proxy", ownProxy.url, "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    r = await inProcess(env, "sources", "add", url, "--proxy", ownProxy.url, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("s3cret");
    r = await inProcess(env, "poll", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(envProxy.requests.length).toBe(before);
    expect(ownProxy.requests.filter((x) => x.line === `GET ${url}`).length).toBeGreaterThanOrEqual(3);

    r = await inProcess(env, "sources", "list", "--json");
    const [listed] = json(r.stdout);
    expect(listed.proxy).toBe(`http://***@127.0.0.1:${ownProxy.port}`);
    expect(listed.itemCount).toBe(1);
    expect(r.stdout).not.toContain("s3cret");
    r = await inProcess(env, "sources", "export");
    expect(r.stdout).toContain(`policywatch:proxy="http://***@127.0.0.1:${ownProxy.port}"`);
    expect(r.stdout).not.toContain("s3cret");
  });

  it("a proxy answering 407 is a `proxy` error with the 407 in words", { timeout: 60_000 }, async () => {
    const bare = locked.url.replace("someone:else@", "");
    const r = await runPolicywatch(["sources", "test", site.url("/feed"), "--json"], {
      ...db.env,
      HTTP_PROXY: bare,
    });
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out).toMatchObject({ ok: false, error: { kind: "proxy", status: 407 } });
    expect(out.error.message).toContain("407 Proxy Authentication Required");
  });

  it("a forbidden target is refused before the proxy is asked", { timeout: 60_000 }, async () => {
    const env = {
      ...db.env,
      ALLOW_PRIVATE_SOURCES: "false",
      HTTP_PROXY: envProxy.url,
      HTTPS_PROXY: envProxy.url,
    };
    const before = envProxy.requests.length;
    for (const url of [
      "http://10.20.30.40/feed",
      "https://169.254.169.254/latest",
      site.url("/feed").replace("127.0.0.1", "localhost"),
    ]) {
      const r = await inProcess(env, "sources", "test", url, "--json");
      expect(r.code).toBe(1);
      expect(json(r.stdout).error.kind).toBe("forbidden-address");
    }
    expect(envProxy.requests.length).toBe(before);
  });

  it("a malformed --proxy is a usage error in words", { timeout: 60_000 }, async () => {
    const r = await inProcess(db.env, "sources", "test", site.url("/feed"), "--proxy", "gopher://x:70");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not supported");
  });
});
