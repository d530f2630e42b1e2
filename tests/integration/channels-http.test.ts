// Alert channels through the API and the /channels page: the token required, the fixed add shape
// with a generated secret returned once, secrets masked in lists, bad input in words, a test
// message to one channel, each channel's latest message and whether it arrived (the API and the
// page), and the page's forms (CSRF) adding, testing and removing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type HookReceiver, startHookReceiver } from "../helpers/hook-receiver.js";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const BOT_TOKEN = "555555555:AAHsecretTokenForTheHttpTests_987";

let app: TestApp;
let server: TestServer;
let hooks: HookReceiver;

beforeAll(async () => {
  app = await openTestApp({ now: fixedClock("2026-11-26T10:00:00Z") });
  server = await startTestServer(app, { ADMIN_TOKEN });
  hooks = await startHookReceiver();
});
afterAll(async () => {
  await hooks?.close();
  await server?.close();
  await app?.dispose();
});
beforeEach(async () => {
  await app.db.prisma.channel.deleteMany();
  hooks.received.length = 0;
});

const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const res = await fetch(`${server.base}${path}`, init);
  return { status: res.status, body: await res.json() };
}

describe("the channels API", () => {
  it("adds with the fixed shape, lists masked, tests one channel, removes; all with the token only", async () => {
    const added = await api("POST", "/api/channels", {
      type: "webhook",
      url: hooks.url("/hook"),
      areas: ["risk"],
    });
    expect(added.status).toBe(201);
    expect(Object.keys(added.body).sort()).toEqual([
      "allMatches",
      "areas",
      "id",
      "minScore",
      "secret",
      "target",
      "type",
    ]);
    expect(added.body).toMatchObject({
      type: "webhook",
      target: hooks.url("/hook"),
      areas: ["risk"],
      allMatches: false,
    });
    const tg = await api("POST", "/api/channels", {
      type: "telegram",
      botToken: BOT_TOKEN,
      chatId: -1001,
      apiUrl: hooks.origin,
    });
    expect(tg.status).toBe(201);
    expect(tg.body).toEqual({
      id: expect.any(Number),
      type: "telegram",
      target: "-1001",
      areas: [],
      allMatches: false,
      minScore: 0,
    });

    const list = await api("GET", "/api/channels");
    expect(list.body).toHaveLength(2);
    // The listed shape is the channel's, with its latest message beside it.
    expect(Object.keys(list.body[0]).sort()).toEqual(
      [
        "allMatches",
        "apiUrl",
        "areas",
        "createdAt",
        "id",
        "lastDelivery",
        "minScore",
        "secret",
        "target",
        "type",
      ].sort(),
    );
    expect(list.body.map((c: { lastDelivery: unknown }) => c.lastDelivery)).toEqual([null, null]);
    expect(JSON.stringify(list.body)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(list.body)).not.toContain(added.body.secret);
    expect((await api("GET", "/api/channels", undefined, {})).status).toBe(401);
    expect(
      (
        await api(
          "POST",
          "/api/channels",
          { type: "slack", url: hooks.url("/s") },
          { "content-type": "application/json" },
        )
      ).status,
    ).toBe(401);

    const test = await api("POST", `/api/channels/${tg.body.id}/test`);
    expect(test.body).toMatchObject({ sent: true, error: null });
    expect(hooks.received.map((r) => r.path)).toEqual([`/bot${BOT_TOKEN}/sendMessage`]);
    hooks.answer("/hook", { status: 503, body: "down for maintenance" });
    expect((await api("POST", `/api/channels/${added.body.id}/test`)).body).toMatchObject({ sent: false });
    const [hook, telegram] = (await api("GET", "/api/channels")).body;
    expect(telegram.lastDelivery).toEqual({
      at: "2026-11-26T10:00:00.000Z",
      status: "delivered",
      retrying: false,
      event: "test",
      pollId: null,
      attempts: 1,
      error: null,
      deliveryId: test.body.deliveryId,
    });
    // A failed test is not retried.
    expect(hook.lastDelivery).toMatchObject({
      status: "failed",
      retrying: false,
      attempts: 1,
      event: "test",
    });
    expect(hook.lastDelivery.error).toMatch(/answered 503 Service Unavailable: down for maintenance/);
    hooks.answer("/hook", { status: 200 });

    expect((await api("DELETE", `/api/channels/${added.body.id}`)).status).toBe(200);
    expect((await api("DELETE", `/api/channels/${added.body.id}`)).status).toBe(404);
  });

  it("refuses bad input in words", async () => {
    const cases: [unknown, RegExp][] = [
      [{ type: "pager" }, /type: must be webhook, slack or telegram/],
      [{ type: "webhook", url: "not a url" }, /is not a full http:\/\/ or https:\/\/ address/],
      [{ type: "slack", url: "https://h.example.org/x", areas: ["mars"] }, /unknown area "mars"/],
      [{ type: "telegram", chatId: "-100" }, /needs --bot-token/],
      [{ type: "webhook", url: "https://h.example.org/x", minScore: 3 }, /minScore/],
    ];
    for (const [body, words] of cases) {
      const r = await api("POST", "/api/channels", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toMatch(words);
    }
  });
});

describe("the channels page", () => {
  it("adds a webhook from its form, shows the generated secret once, tests and removes it", async () => {
    const browser = new Browserish(server.base);
    const anonymous = await (await browser.get("/channels")).text();
    expect(anonymous).toContain("Sign in");
    const csrf = await browser.signIn(ADMIN_TOKEN);
    const refused = await browser.postForm("/channels", { _csrf: csrf, type: "webhook", url: "ftp://x" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/not a full http:\/\/ or https:\/\/ address/);
    expect((await browser.postForm("/channels", { type: "webhook", url: hooks.url("/page") })).status).toBe(
      403,
    );

    const added = await browser.postForm("/channels", {
      _csrf: csrf,
      type: "webhook",
      url: hooks.url("/page"),
    });
    expect(added.status).toBe(200);
    const html = await added.text();
    const secret =
      /signing secret, shown only now[\s\S]*?Signature<\/code>[\s\S]*?<code>([^<]+)<\/code>/.exec(html)?.[1];
    expect(secret?.length).toBeGreaterThanOrEqual(32);
    const [channel] = await app.services.channels.list();
    const page = await (await browser.get("/channels")).text();
    expect(page).toContain(`channel-${channel!.id}`);
    expect(page).not.toContain(secret!);

    expect(page).toContain("Nothing sent yet");
    const tested = await browser.postForm(`/channels/${channel!.id}/test`, { _csrf: csrf });
    expect(tested.status).toBe(303);
    expect(hooks.received.map((r) => r.path)).toEqual(["/page"]);
    const after = await (await browser.get("/channels")).text();
    expect(after).toMatch(/state-healthy">Delivered<\/span> 26 Nov 2026, 10:00 UTC/);
    hooks.answer("/page", { status: 410, body: "hook removed" });
    await browser.postForm(`/channels/${channel!.id}/test`, { _csrf: csrf });
    const failed = await (await browser.get("/channels")).text();
    expect(failed).toMatch(/state-failing">Failed<\/span>/);
    expect(failed).toContain("410 Gone: hook removed");
    hooks.answer("/page", { status: 200 });
    expect((await browser.postForm(`/channels/${channel!.id}/remove`, { _csrf: csrf })).status).toBe(303);
    expect(await app.services.channels.list()).toHaveLength(0);
  });
});
