// Logout ends the session on the server: a copy of the session cookie taken before signing out no
// longer signs anyone in, on this instance or another on the same database, while other sessions
// go on; the record of it is dropped once the cookie would have expired anyway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const clock = fixedClock("2026-05-01T10:00:00Z");
let app: TestApp;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  app = await openTestApp({ now: clock });
  first = await startTestServer(app, { ADMIN_TOKEN });
  second = await startTestServer(app, { ADMIN_TOKEN });
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await app?.dispose();
});

/** What a request with only this cookie may do: see subscribers (page and API) and post a form. */
async function withCookie(server: TestServer, cookie: string, csrf: string) {
  const headers = { cookie: `pw_session=${cookie}` };
  const page = await (await fetch(`${server.base}/subscribers`, { headers })).text();
  const api = await fetch(`${server.base}/api/subscribers`, { headers });
  const post = await fetch(`${server.base}/subscribers`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, email: "reader@example.org" }).toString(),
    redirect: "manual",
  });
  return { signedIn: page.includes('name="_csrf"'), api: api.status, post: post.status };
}

describe("logout", () => {
  it("revokes the session: a cookie captured before no longer works, on any instance", async () => {
    const browser = new Browserish(first.base);
    const csrf = await browser.signIn(ADMIN_TOKEN);
    const captured = browser.cookie("pw_session")!;
    expect(await withCookie(second, captured, csrf)).toMatchObject({ signedIn: true, api: 200 });

    const other = new Browserish(first.base);
    const otherCsrf = await other.signIn(ADMIN_TOKEN);

    expect((await browser.postForm("/logout", { _csrf: csrf })).status).toBe(303);
    expect(browser.cookie("pw_session")).toBeUndefined();

    for (const server of [first, second]) {
      expect(await withCookie(server, captured, csrf)).toEqual({ signedIn: false, api: 401, post: 401 });
    }
    const refused = await fetch(`${first.base}/subscribers`, {
      method: "POST",
      headers: { cookie: `pw_session=${captured}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, email: "reader@example.org" }).toString(),
    });
    expect(await refused.text()).toContain("Sign in with the admin token to make changes.");

    // Another session is not touched by this one's logout.
    expect(await withCookie(first, other.cookie("pw_session")!, otherCsrf)).toMatchObject({
      signedIn: true,
      api: 200,
    });
  });

  it("keeps the record only until the cookie would have expired", async () => {
    clock.set("2026-05-02T10:00:00Z");
    const browser = new Browserish(first.base);
    const csrf = await browser.signIn(ADMIN_TOKEN);
    await browser.postForm("/logout", { _csrf: csrf });
    clock.set("2026-05-02T21:00:00Z");
    expect(await app.services.sessions.prune()).toBe(1);
    clock.set("2026-05-02T22:00:01Z");
    expect(await app.services.sessions.prune()).toBe(1);
    expect(await app.services.sessions.prune()).toBe(0);
  });
});
