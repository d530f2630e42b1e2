import { describe, expect, it } from "vitest";
import { redactSecrets, urlWithoutCredentials } from "../../src/domain/redact.js";

describe("redactSecrets", () => {
  it("masks the password in a URL, even one too malformed to parse", () => {
    expect(redactSecrets("DATABASE_URL=postgresql://app:s3cr3t@db.example.org:5432/pw")).toBe(
      "DATABASE_URL=postgresql://app:…@db.example.org:5432/pw",
    );
    expect(redactSecrets("bad url postgresql://app:p@ss:w0rd@:99999/db here")).toBe(
      "bad url postgresql://app:…@:99999/db here",
    );
    expect(redactSecrets("smtp://mailer:hunter2@mail.example.org:587")).not.toContain("hunter2");
  });

  it("masks secret parameters in a query string or a connection string", () => {
    const out = redactSecrets(
      "postgresql://db.example.org/pw?sslmode=require&password=s3cr3t&user=app host=x password=other",
    );
    expect(out).not.toContain("s3cr3t");
    expect(out).not.toContain("other");
    expect(out).toContain("sslmode=require");
    expect(out).toContain("user=app");
    expect(redactSecrets("https://api.example.org/feed?token=abc123&page=2")).toBe(
      "https://api.example.org/feed?token=…&page=2",
    );
  });

  it("leaves text without secrets alone", () => {
    const plain = "The feed at https://example.org/rss?page=2 has no entries (user@example.org).";
    expect(redactSecrets(plain)).toBe(plain);
  });
});

describe("urlWithoutCredentials", () => {
  it("drops the user and password from a source URL", () => {
    expect(urlWithoutCredentials("http://reader:s3cr3t@feeds.example.org/rss")).toBe(
      "http://feeds.example.org/rss",
    );
    expect(urlWithoutCredentials("https://example.org/rss")).toBe("https://example.org/rss");
  });
});
