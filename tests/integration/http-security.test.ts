// The web layer's security over a real server on loopback: headers, the admin token for API
// writes, sign-in with a session cookie, CSRF on forms, reads behind the token when configured,
// size limits, and errors in words.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let server: TestServer | undefined;

beforeAll(async () => {
  app = await openTestApp({ now: fixedClock("2026-11-26T10:00:00Z") });
});
afterAll(async () => {
  await app.dispose();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(config: Partial<Config> = { ADMIN_TOKEN }) {
  server = await startTestServer(app, { ADMIN_TOKEN: undefined, REQUIRE_TOKEN_FOR_READS: false, ...config });
  return server.base;
}

describe("security headers", () => {
  it("pages carry a CSP without inline scripts, and the usual headers", async () => {
    const base = await start();
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    const html = await res.text();
    // No inline script or style element: everything comes from /static.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    const css = await fetch(`${base}/static/app.css`);
    expect(css.headers.get("content-type")).toMatch(/text\/css/);
  });

  it("marks the session cookie Secure when PUBLIC_URL is https", async () => {
    const base = await start({ ADMIN_TOKEN, publicUrl: "https://watch.example.org" });
    const client = new Browserish(base);
    const form = await (await client.get("/login")).text();
    const nonce = /name="_login" value="([^"]+)"/.exec(form)![1]!;
    const res = await client.postForm("/login", { token: ADMIN_TOKEN, _login: nonce, next: "/" });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-pw_session="))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age/);
  });
});

describe("API writes need the admin token", () => {
  it("answers 401 without a token or with a wrong one, in words", async () => {
    const base = await start();
    const none = await fetch(`${base}/api/sources`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect((await none.json()).error).toMatchObject({
      kind: "unauthorized",
      message: expect.stringMatching(/Authorization: Bearer/),
    });
    const wrong = await fetch(`${base}/api/sources`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", authorization: "Bearer not-the-token-at-all" },
    });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/not the admin token/);
  });

  it("refuses every write with 403 and says how to set ADMIN_TOKEN when it is unset", async () => {
    const base = await start({});
    const res = await fetch(`${base}/api/sources`, {
      method: "POST",
      body: "{}",
      headers: { authorization: "Bearer anything-at-all" },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/ADMIN_TOKEN is not set.*Set ADMIN_TOKEN/);
    const login = await (await fetch(`${base}/login`)).text();
    expect(login).toMatch(/ADMIN_TOKEN<\/code> is not set/);
  });

  it("limits the size of request bodies", async () => {
    const base = await start();
    const res = await fetch(`${base}/api/sources`, {
      method: "POST",
      body: "x".repeat(3 * 1024 * 1024),
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.kind).toBe("too-large");
  });
});

describe("signing in", () => {
  it("sets an http-only, SameSite=Strict, expiring session cookie for the right token only", async () => {
    const base = await start();
    const client = new Browserish(base);
    const form = await (await client.get("/login")).text();
    expect(form).toMatch(/<label for="token">Admin token<\/label>/);
    const nonce = /name="_login" value="([^"]+)"/.exec(form)![1]!;
    const wrong = await client.postForm("/login", { token: "wrong-token-123456", _login: nonce, next: "/" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/not the admin token/);
    expect(client.cookie("pw_session")).toBeUndefined();

    const nonce2 = /name="_login" value="([^"]+)"/.exec(await (await client.get("/login")).text())![1]!;
    const ok = await client.postForm("/login", { token: ADMIN_TOKEN, _login: nonce2, next: "/items" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/items");
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith("pw_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Max-Age=43200/i);
    expect(cookie).not.toMatch(/; Secure/i);
    expect(await (await client.get("/")).text()).toMatch(/Sign out/);
  });

  it("refuses a sign-in posted without the form's one-time value (login CSRF)", async () => {
    const base = await start();
    const res = await new Browserish(base).postForm("/login", { token: ADMIN_TOKEN, next: "/" });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("pw_session="))).toBe(false);
  });

  it("never redirects to another site after sign-in", async () => {
    const base = await start();
    const client = new Browserish(base);
    const nonce = /name="_login" value="([^"]+)"/.exec(await (await client.get("/login")).text())![1]!;
    const res = await client.postForm("/login", {
      token: ADMIN_TOKEN,
      _login: nonce,
      next: "//evil.example/",
    });
    expect(res.headers.get("location")).toBe("/");
  });

  it("refuses a form post without the CSRF token, and accepts it with one", async () => {
    const base = await start();
    const client = new Browserish(base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const forged = await client.postForm("/logout", {});
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/security token is missing or wrong/);
    const wrong = await client.postForm("/logout", { _csrf: "x".repeat(43) });
    expect(wrong.status).toBe(403);
    const ok = await client.postForm("/logout", { _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(await (await client.get("/")).text()).not.toMatch(/Sign out/);
  });
});

describe("REQUIRE_TOKEN_FOR_READS", () => {
  it("is open by default", async () => {
    const base = await start();
    expect((await fetch(`${base}/api/status`)).status).toBe(200);
  });

  it("requires the token for the API and sends pages to the sign-in form", async () => {
    const base = await start({ ADMIN_TOKEN, REQUIRE_TOKEN_FOR_READS: true });
    const api = await fetch(`${base}/api/status`);
    expect(api.status).toBe(401);
    expect(
      (await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status,
    ).toBe(200);
    const page = await fetch(`${base}/items`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fitems");
    expect((await fetch(`${base}/static/app.css`)).status).toBe(200);
    const client = new Browserish(base);
    await client.signIn(ADMIN_TOKEN);
    expect((await client.get("/items")).status).toBe(200);
    expect((await client.get("/api/status")).status).toBe(200);
  });
});

describe("errors", () => {
  it("answers unknown API paths with a 404 problem and unknown pages with a page", async () => {
    const base = await start();
    const api = await fetch(`${base}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { kind: "not-found", message: "There is nothing at /api/nothing-here." },
    });
    const page = await fetch(`${base}/nothing-here`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });
});
