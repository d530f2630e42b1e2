// `.env` as every command reads it: the format, and that the environment always wins.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvFileError, loadEnvFile, parseEnvFile } from "../../src/env-file.js";

describe("parseEnvFile", () => {
  it("reads names and values, comments, export, and both kinds of quotes", () => {
    const text = [
      "# a comment",
      "",
      "PORT=3001",
      "export DATA_DIR = ./elsewhere  # where the data goes",
      "MAIL_FROM='Policy <a@example.org> # not a comment'",
      'GREETING="two\\nlines, a \\"quote\\" and a \\\\"',
      "PUBLIC_URL=https://example.org/#top",
      "EMPTY=",
    ].join("\r\n");
    expect(Object.fromEntries(parseEnvFile(text, ".env"))).toEqual({
      PORT: "3001",
      DATA_DIR: "./elsewhere",
      MAIL_FROM: "Policy <a@example.org> # not a comment",
      GREETING: 'two\nlines, a "quote" and a \\',
      PUBLIC_URL: "https://example.org/#top",
      EMPTY: "",
    });
  });

  it("names the file and line of a bad line, without echoing it (it may hold a secret)", () => {
    expect(() => parseEnvFile("PORT=1\nsecret-token-value\n", "/srv/.env")).toThrow(
      new EnvFileError("/srv/.env line 2: expected NAME=value (a name of letters, digits and _)."),
    );
    const unclosed = 'PORT=1\nSMTP_URL="smtp://x\n';
    expect(() => parseEnvFile(unclosed, ".env")).toThrow(/line 2: the value's closing " is missing/);
    expect(() => parseEnvFile("A='x' y", ".env")).toThrow(/line 1: something follows the quoted value/);
  });
});

describe("loadEnvFile", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "policywatch-env-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("fills what the environment lacks; a variable already set wins, even when empty", () => {
    writeFileSync(path.join(dir, ".env"), "PORT=4000\nDATA_DIR=./from-file\nHOST=0.0.0.0\n");
    const env: NodeJS.ProcessEnv = { PORT: "5000", HOST: "" };
    expect(loadEnvFile(env, dir)).toBe(path.join(dir, ".env"));
    expect(env).toEqual({ PORT: "5000", HOST: "", DATA_DIR: "./from-file" });
  });

  it("reads the file ENV_FILE names (relative to the working directory), and none when it is empty", () => {
    writeFileSync(path.join(dir, ".env"), "PORT=4000\n");
    writeFileSync(path.join(dir, "prod.env"), "PORT=4443\n");
    const named: NodeJS.ProcessEnv = { ENV_FILE: "prod.env" };
    loadEnvFile(named, dir);
    expect(named.PORT).toBe("4443");
    const none: NodeJS.ProcessEnv = { ENV_FILE: "" };
    expect(loadEnvFile(none, dir)).toBeNull();
    expect(none.PORT).toBeUndefined();
  });

  it("is content without a .env, but says so when the file ENV_FILE names is missing", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(env, dir)).toBeNull();
    expect(env).toEqual({});
    expect(() => loadEnvFile({ ENV_FILE: "missing.env" }, dir)).toThrow(
      `Cannot read the environment file that ENV_FILE names, ${path.join(dir, "missing.env")}: it does not exist.`,
    );
  });
});
