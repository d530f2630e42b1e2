import { describe, expect, it } from "vitest";
import { safeHref } from "../../src/http/pages/format.js";
import { safeNext } from "../../src/http/render.js";
import { hashAdminToken } from "../../src/domain/admin-token.js";
import { SessionSigner } from "../../src/http/security/session.js";

describe("session cookies", () => {
  let now = new Date("2026-11-26T10:00:00Z");
  const signer = new SessionSigner(hashAdminToken("admin-token-0123456"), () => now);

  it("verifies what it issued until it expires 12 hours later", () => {
    now = new Date("2026-11-26T10:00:00Z");
    const { value } = signer.issue();
    expect(signer.verify(value)).not.toBeNull();
    now = new Date("2026-11-26T21:59:00Z");
    expect(signer.verify(value)).not.toBeNull();
    now = new Date("2026-11-26T22:00:01Z");
    expect(signer.verify(value)).toBeNull();
  });

  it("refuses a cookie whose expiry was edited, or one signed with another token", () => {
    now = new Date("2026-11-26T10:00:00Z");
    const { value } = signer.issue();
    const [payload, sig] = value.split(".");
    const later = payload!.replace(/^\d+/, (n) => String(Number(n) + 86_400));
    expect(signer.verify(`${later}.${sig}`)).toBeNull();
    const other = new SessionSigner(hashAdminToken("another-token-98765"), () => now);
    expect(other.verify(value)).toBeNull();
    expect(signer.verify("garbage")).toBeNull();
    expect(signer.verify(undefined)).toBeNull();
  });

  it("knows its token by the token's hash alone", () => {
    expect(signer.tokenMatches("admin-token-0123456")).toBe(true);
    expect(signer.tokenMatches("admin-token-0123457")).toBe(false);
    expect(signer.tokenMatches(hashAdminToken("admin-token-0123456"))).toBe(false);
  });

  it("gives each session its own CSRF token", () => {
    const a = signer.verify(signer.issue().value)!;
    const b = signer.verify(signer.issue().value)!;
    expect(signer.csrfToken(a)).not.toBe(signer.csrfToken(b));
    expect(signer.csrfMatches(a, signer.csrfToken(a))).toBe(true);
    expect(signer.csrfMatches(a, signer.csrfToken(b))).toBe(false);
  });
});

describe("links and redirects", () => {
  it("links only http(s) addresses", () => {
    expect(safeHref("https://kremlin.ru/acts/1")).toBe("https://kremlin.ru/acts/1");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref(" JavaScript:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,<script>")).toBeNull();
    expect(safeHref("/relative")).toBeNull();
  });

  it("returns after sign-in only to a local path", () => {
    expect(safeNext("/items?q=x&area=risk")).toBe("/items?q=x&area=risk");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext(undefined)).toBe("/");
  });
});
