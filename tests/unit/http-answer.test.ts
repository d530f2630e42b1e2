import { describe, expect, it } from "vitest";
import { detectBotWall, parseFreshnessSeconds, parseRetryAfter } from "../../src/domain/http-answer.js";

const now = new Date("2026-04-10T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Fri, 10 Apr 2026 12:01:30 GMT", now)).toBe(90);
    expect(parseRetryAfter("Fri, 10 Apr 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe("parseFreshnessSeconds", () => {
  it("prefers max-age, then s-maxage, then Expires", () => {
    expect(parseFreshnessSeconds({ cacheControl: "public, max-age=300, s-maxage=900" })).toBe(300);
    expect(parseFreshnessSeconds({ cacheControl: "public, s-maxage=900" })).toBe(900);
    expect(
      parseFreshnessSeconds({
        expires: "Fri, 10 Apr 2026 13:00:00 GMT",
        date: "Fri, 10 Apr 2026 12:00:00 GMT",
      }),
    ).toBe(3600);
    expect(parseFreshnessSeconds({ cacheControl: "no-cache" })).toBe(0);
    expect(parseFreshnessSeconds({ expires: "0" })).toBe(0);
    expect(parseFreshnessSeconds({})).toBeNull();
  });
});

describe("detectBotWall", () => {
  it("recognises the vendors' walls", () => {
    expect(detectBotWall({ "cf-mitigated": "challenge" }, "")).toBe("a Cloudflare bot check");
    expect(detectBotWall({}, "<title>Just a moment...</title>")).toBe("a Cloudflare bot check");
    expect(detectBotWall({}, '<script src="https://ct.captcha-delivery.com/c.js"></script>')).toBe(
      "a DataDome captcha",
    );
    expect(detectBotWall({}, "<h1>Access Denied</h1>You don't have permission. Reference #18.abc")).toBe(
      "an Akamai access-denied page",
    );
    expect(detectBotWall({}, '<div class="g-recaptcha"></div>')).toBe("a captcha");
    expect(detectBotWall({}, "<h1>Access denied</h1>")).toBe("an access-denied page");
  });

  it("leaves an ordinary error page alone", () => {
    expect(detectBotWall({}, "<h1>403 Forbidden</h1><hr>nginx")).toBeNull();
    expect(detectBotWall({ server: "cloudflare" }, "<h1>401 Unauthorized</h1>")).toBeNull();
  });
});
