// Subscribers through the API and the page: addresses only for the admin, add (201 / 400 / 409),
// remove, and the digest preview served so that nothing in it can run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let server: TestServer;

beforeAll(async () => {
  app = await openTestApp({ now: fixedClock("2026-11-26T10:00:00Z") });
  server = await startTestServer(app, { ADMIN_TOKEN });
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});
beforeEach(async () => {
  await app.db.prisma.subscriber.deleteMany();
});

const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("the subscribers API", () => {
  it("adds (201), refuses a duplicate (409) and a bad address (400), lists and removes", async () => {
    const added = await api("POST", "/api/subscribers", {
      email: "Analyst@Example.org",
      areas: ["risk"],
      frequency: "weekly",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      email: "analyst@example.org",
      areas: ["risk"],
      frequency: "weekly",
      status: "active",
    });
    const dup = await api("POST", "/api/subscribers", { email: "analyst@example.org" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already subscribed/);
    const bad = await api("POST", "/api/subscribers", { email: "not-an-address" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/"not-an-address" is not an email address/);
    const area = await api("POST", "/api/subscribers", { email: "b@example.org", areas: ["space"] });
    expect(area.status).toBe(400);

    expect((await api("GET", "/api/subscribers")).body.map((s: { email: string }) => s.email)).toEqual([
      "analyst@example.org",
    ]);
    expect((await api("DELETE", `/api/subscribers/${added.body.id}`)).status).toBe(200);
    expect((await api("DELETE", `/api/subscribers/${added.body.id}`)).status).toBe(404);
  });

  it("shows addresses only with the token, even though reading is open", async () => {
    await api("POST", "/api/subscribers", { email: "analyst@example.org" });
    const open = await api("GET", "/api/subscribers", undefined, {});
    expect(open.status).toBe(401);
    expect(JSON.stringify(open.body)).not.toContain("analyst@example.org");
    const page = await (await fetch(`${server.base}/subscribers`)).text();
    expect(page).not.toContain("analyst@example.org");
  });

  it("previews the digest a subscriber would get now", async () => {
    await api("POST", "/api/subscribers", { email: "analyst@example.org", frequency: "daily" });
    const preview = await api("GET", "/api/digest-preview?frequency=daily");
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ email: "analyst@example.org", frequency: "daily", sample: false });
    expect(preview.body.html).toMatch(/<html/i);
    expect(preview.body.subject.length).toBeGreaterThan(5);
  });
});

describe("the Subscribers page", () => {
  it("adds a subscriber from the form and shows the digest in a sandboxed frame", async () => {
    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const body = new URLSearchParams({
      _csrf: csrf,
      email: "desk@example.org",
      frequency: "daily",
      timeZone: "Europe/Moscow",
      hour: "9",
    });
    body.append("areas", "education");
    body.append("areas", "risk");
    const res = await client.request("/subscribers", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    expect(res.status).toBe(303);
    const page = await (await client.get("/subscribers")).text();
    expect(page).toMatch(/Subscribed desk@example\.org \(daily\)/);
    expect(page).toMatch(/Education and workforce, Risk and threat assessment/);
    expect(page).toMatch(/Daily at 09:00 Europe\/Moscow/);
    const src = /<iframe class="digest-frame" src="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, "&");
    // Sandboxed without scripts: the e-mail's markup can style itself, never run anything.
    expect(/<iframe[^>]*sandbox="allow-same-origin"/.test(page)).toBe(true);
    const frame = await client.get(src);
    expect(frame.status).toBe(200);
    const csp = frame.headers.get("content-security-policy")!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/sandbox allow-same-origin(;|$)/);
    expect(csp).not.toMatch(/allow-scripts|script-src/);

    const dup = await client.postForm("/subscribers", { _csrf: csrf, email: "desk@example.org" });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toMatch(/already subscribed/);
  });
});
