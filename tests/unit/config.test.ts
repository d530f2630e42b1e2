import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("defaults to the embedded database in ./data on port 3000", () => {
    const c = loadConfig({});
    expect(c.databaseKind).toBe("pglite");
    expect(c.dataDir.endsWith("/data")).toBe(true);
    expect(c.PORT).toBe(3000);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://root@127.0.0.1:5432/test" }).databaseKind).toBe(
      "postgres",
    );
  });

  it("names every bad variable and why, in one error", () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ DATABASE_URL: "not-a-url", PORT: "eighty", SMTP_URL: "http://mail", TZ: "Mars/Base" });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    expect(text).toContain("DATABASE_URL=not-a-url");
    expect(text).toContain("postgres://");
    expect(text).toContain("PORT=eighty");
    expect(text).toContain("SMTP_URL");
    expect(text).toContain("TZ=Mars/Base");
    expect(error!.problems).toHaveLength(4);
  });

  it("masks the password of an invalid DATABASE_URL, in its user part or its query string", () => {
    for (const url of [
      "postgresql://app:Sup3rS3cret@:99999/db",
      "postgres://db.example.org:99999/pw?password=Sup3rS3cret&x=1",
    ]) {
      try {
        loadConfig({ DATABASE_URL: url });
        expect.unreachable();
      } catch (err) {
        expect((err as Error).message).toContain("DATABASE_URL=");
        expect((err as Error).message).not.toContain("Sup3rS3cret");
      }
    }
  });

  it("does not echo secrets back", () => {
    try {
      loadConfig({ ADMIN_TOKEN: "short" });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain("short");
      expect((err as Error).message).toContain("ADMIN_TOKEN");
    }
  });
});
