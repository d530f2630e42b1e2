// Which address a request counts against: the socket's, or behind a trusted proxy the address the
// proxy appended to X-Forwarded-For; an IPv6 address counts by its /64 network.
import { describe, expect, it } from "vitest";
import { clientAddress, retryAfterSeconds, throttleKey } from "../../src/domain/auth-throttle.js";

describe("clientAddress", () => {
  it("is the socket's address unless TRUST_PROXY says otherwise", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9", false)).toBe("10.0.0.5");
    expect(clientAddress(undefined, undefined, false)).toBe("unknown");
  });

  it("behind a trusted proxy, is the last address in X-Forwarded-For (the one the proxy added)", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9", true)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", "1.2.3.4, 5.6.7.8 , 203.0.113.9", true)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", " , ", true)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", undefined, true)).toBe("10.0.0.5");
  });
});

describe("throttleKey", () => {
  it("keeps an IPv4 address, and reads an IPv4-mapped IPv6 one as IPv4", () => {
    expect(throttleKey("203.0.113.9")).toBe("203.0.113.9");
    expect(throttleKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("counts an IPv6 address by its /64 network, however it is written", () => {
    expect(throttleKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("[2001:db8:1:2::7]")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(throttleKey("2001:db8:1:3::1")).not.toBe(throttleKey("2001:db8:1:2::1"));
  });

  it("keeps anything else as written, cut to 100 characters", () => {
    expect(throttleKey("unknown")).toBe("unknown");
    expect(throttleKey("x".repeat(500))).toHaveLength(100);
  });
});

describe("retryAfterSeconds", () => {
  it("is whole seconds, at least one", () => {
    const now = new Date("2026-05-01T10:00:00Z");
    expect(retryAfterSeconds(new Date("2026-05-01T10:15:00Z"), now)).toBe(900);
    expect(retryAfterSeconds(new Date("2026-05-01T10:00:00.200Z"), now)).toBe(1);
    expect(retryAfterSeconds(now, now)).toBe(1);
  });
});
