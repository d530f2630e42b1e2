// Guessing the admin token over HTTP: wrong bearer tokens and failed sign-ins count against one
// throttle per client address, kept in the database. An address with ten wrong tokens in fifteen
// minutes is refused with 429 and Retry-After, even with the right token, until its block ends,
// however many other addresses fail meanwhile. TRUST_PROXY takes the address from
// X-Forwarded-For; without it the header is ignored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const clock = fixedClock("2026-05-01T10:00:00Z");
let app: TestApp;
let proxied: TestServer;
let direct: TestServer;

beforeAll(async () => {
  app = await openTestApp({ now: clock });
  proxied = await startTestServer(app, { ADMIN_TOKEN, TRUST_PROXY: true });
  direct = await startTestServer(app, { ADMIN_TOKEN, TRUST_PROXY: false });
});
afterAll(async () => {
  await proxied?.close();
  await direct?.close();
  await app?.dispose();
});

/** A write with a bearer token, from `from` (X-Forwarded-For) unless null. */
function pause(server: TestServer, token: string, from: string | null, id = 999) {
  return fetch(`${server.base}/api/sources/${id}/pause`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...(from ? { "x-forwarded-for": from } : {}) },
  });
}

async function failTenTimes(from: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const res = await pause(proxied, `wrong-token-${i}-0123456789`, from);
    expect(res.status).toBe(401);
  }
}

describe("wrong bearer tokens", () => {
  it("block the address after ten: 429 with Retry-After, even with the right token, until the block ends", async () => {
    clock.set("2026-05-01T10:00:00Z");
    await failTenTimes("198.51.100.1");
    const refused = await pause(proxied, ADMIN_TOKEN, "198.51.100.1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("900");
    const body = (await refused.json()) as { error: { kind: string; message: string } };
    expect(body.error.kind).toBe("too-many-requests");
    expect(body.error.message).toBe(
      "Too many wrong tokens came from this address: every token from it, the right one too, is refused for 15 more minutes.",
    );
    // Reads that carry a token are refused too; another address is not.
    const read = await fetch(`${proxied.base}/api/sources`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-forwarded-for": "198.51.100.1" },
    });
    expect(read.status).toBe(429);
    expect((await pause(proxied, ADMIN_TOKEN, "198.51.100.2")).status).toBe(404);

    clock.set("2026-05-01T10:14:00Z");
    const later = await pause(proxied, ADMIN_TOKEN, "198.51.100.1");
    expect(later.status).toBe(429);
    expect(later.headers.get("retry-after")).toBe("60");

    clock.set("2026-05-01T10:15:01Z");
    expect((await pause(proxied, ADMIN_TOKEN, "198.51.100.1")).status).toBe(404);
  });

  it("count against the same throttle as the sign-in form, both ways", async () => {
    clock.set("2026-05-02T10:00:00Z");
    await failTenTimes("198.51.100.10");
    const browser = new Browserish(proxied.base);
    const form = await (await browser.get("/login")).text();
    const nonce = /name="_login" value="([^"]+)"/.exec(form)![1]!;
    const signIn = await browser.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.10" },
      body: new URLSearchParams({ token: ADMIN_TOKEN, _login: nonce, next: "/" }).toString(),
    });
    expect(signIn.status).toBe(429);
    expect(signIn.headers.get("retry-after")).toBe("900");
    expect(await signIn.text()).toContain("Too many wrong tokens came from this address");

    // Ten wrong sign-ins from another address block its bearer token.
    for (let i = 0; i < 10; i++) {
      const page = await (await browser.get("/login")).text();
      const n = /name="_login" value="([^"]+)"/.exec(page)![1]!;
      const wrong = await browser.request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.11" },
        body: new URLSearchParams({ token: `not-it-${i}`, _login: n, next: "/" }).toString(),
      });
      expect(wrong.status).toBe(401);
    }
    expect((await pause(proxied, ADMIN_TOKEN, "198.51.100.11")).status).toBe(429);
  });

  it("keep a blocked address blocked however many other addresses fail", { timeout: 300_000 }, async () => {
    clock.set("2026-05-03T10:00:00Z");
    await failTenTimes("198.51.100.20");
    const others = Array.from(
      { length: 12_000 },
      (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    );
    for (let start = 0; start < others.length; start += 16) {
      const batch = others
        .slice(start, start + 16)
        .map((from) => pause(proxied, "wrong-token-0123456789", from));
      for (const res of await Promise.all(batch)) expect(res.status).toBe(401);
    }
    expect((await pause(proxied, ADMIN_TOKEN, "198.51.100.20")).status).toBe(429);
  });

  it("count an IPv6 client by its /64 network, and an IPv4-mapped address as its IPv4 one", async () => {
    clock.set("2026-05-04T10:00:00Z");
    for (let i = 1; i <= 10; i++) {
      expect((await pause(proxied, "wrong-token-0123456789", `2001:db8:7:7::${i.toString(16)}`)).status).toBe(
        401,
      );
    }
    expect((await pause(proxied, ADMIN_TOKEN, "2001:db8:7:7:ffff::1")).status).toBe(429);
    expect((await pause(proxied, ADMIN_TOKEN, "2001:db8:7:8::1")).status).toBe(404);

    await failTenTimes("::ffff:203.0.113.30");
    expect((await pause(proxied, ADMIN_TOKEN, "203.0.113.30")).status).toBe(429);
  });
});

describe("TRUST_PROXY", () => {
  it("off: X-Forwarded-For is ignored, so changing it does not escape a block of the socket's address", async () => {
    clock.set("2026-05-05T10:00:00Z");
    for (let i = 0; i < 10; i++) {
      expect((await pause(direct, "wrong-token-0123456789", `192.0.2.${i}`)).status).toBe(401);
    }
    expect((await pause(direct, ADMIN_TOKEN, "192.0.2.200")).status).toBe(429);
    expect((await pause(direct, ADMIN_TOKEN, null)).status).toBe(429);
  });

  it("on: the address is the last in X-Forwarded-For; what the client put before it does not count", async () => {
    clock.set("2026-05-06T10:00:00Z");
    for (let i = 0; i < 10; i++) {
      const res = await pause(proxied, "wrong-token-0123456789", `192.0.2.${i}, 198.51.100.40`);
      expect(res.status).toBe(401);
    }
    expect((await pause(proxied, ADMIN_TOKEN, "198.51.100.40")).status).toBe(429);
    expect((await pause(proxied, ADMIN_TOKEN, "192.0.2.1")).status).toBe(404);
  });
});
