// The CLI as a user runs it: the real executable, a fresh data folder or PostgreSQL database.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("policywatch status", () => {
  it("lists the five areas and their milestones as JSON on a fresh database", async () => {
    const r = await runPolicywatch(["status", "--json"], db.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.areas.map((a: { slug: string }) => a.slug)).toEqual([
      "economy",
      "education",
      "risk",
      "defense",
      "international",
    ]);
    const first = report.areas[1].milestones[0];
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["slug", "title", "due", "kind", "status", "daysLeft", "evidenceCount"]),
    );
    expect(first.due).toBe("2026-12-31");
  });

  it("evaluates as of another date with --at", async () => {
    const r = await runPolicywatch(["status", "--json", "--at", "2027-01-05", "--area", "education"], db.env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.asOf).toBe("2027-01-05");
    expect(report.areas[0].milestones[0]).toMatchObject({
      slug: "education-workforce-solutions",
      status: "overdue",
      daysLeft: -5,
    });
  });

  it("prints a readable table without --json", async () => {
    const r = await runPolicywatch(["status", "--area", "risk"], db.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Risk and threat assessment");
    expect(r.stdout).toContain("2026-12-31");
  });

  it("changes nothing when run twice", async () => {
    const a = await runPolicywatch(["status", "--json"], db.env);
    const b = await runPolicywatch(["status", "--json"], db.env);
    expect(b.stdout).toBe(a.stdout);
    const load = await runPolicywatch(["agenda", "load"], db.env);
    expect(load.code).toBe(0);
    expect(load.stdout).toContain("nothing changed");
  });

  it("refuses bad input in words with exit 2", async () => {
    const badDate = await runPolicywatch(["status", "--at", "5 Jan"], db.env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("YYYY-MM-DD");
    const badArea = await runPolicywatch(["status", "--area", "space"], db.env);
    expect(badArea.code).toBe(2);
    expect(badArea.stderr).toContain('no area "space"');
    const badFlag = await runPolicywatch(["status", "--colour"], db.env);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Usage:");
  });
});

describe("configuration errors", () => {
  it("refuses a bad DATABASE_URL in words naming it, exit 2, no stack trace", async () => {
    const r = await runPolicywatch(["status"], { ...db.env, DATABASE_URL: "not-a-url" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DATABASE_URL=not-a-url");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });

  it("names every bad variable at once", async () => {
    const r = await runPolicywatch(["status"], {
      ...db.env,
      DATABASE_URL: "mysql://x",
      PORT: "-1",
      SMTP_URL: "ftp://mail",
    });
    expect(r.code).toBe(2);
    for (const name of ["DATABASE_URL", "PORT", "SMTP_URL"]) expect(r.stderr).toContain(name);
  });

  it("says so when PostgreSQL cannot be reached", async () => {
    const r = await runPolicywatch(["status"], {
      ...db.env,
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Cannot connect to PostgreSQL at postgresql://nobody@127.0.0.1:1/none");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints help for --help and an unknown command", async () => {
    const help = await runPolicywatch(["--help"], db.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("status");
    const unknown = await runPolicywatch(["frobnicate"], db.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it("prints the version package.json declares", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const r = await runPolicywatch(["--version"], db.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`policywatch ${version}\n`);
  });
});

describe("policywatch classify", () => {
  it("answers every JSON line in order, with no network and no database, and an error line for a bad one", async () => {
    const input = [
      JSON.stringify({
        id: "a",
        title: "Путин утвердил национальный план внедрения искусственного интеллекта",
        excerpt: null,
        url: null,
        published: null,
        language: "ru",
      }),
      "{not json",
      JSON.stringify({
        id: "b",
        title: "Local bakery wins pie contest",
        excerpt: "The pies were good.",
        url: null,
        published: null,
        language: "en",
      }),
    ].join("\n");
    const fresh = { ...db.env, DATA_DIR: `${db.dataDir}/never-created`, DATABASE_URL: "" };
    const r = await runPolicywatch(["classify", "--json"], fresh, input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: "a", areas: ["economy"], progress: true });
    expect(lines[0].milestones).toContain("national-ai-implementation-plan");
    expect(lines[0].quote).toContain("утвердил");
    expect(lines[1]).toMatchObject({ id: null });
    expect(lines[1].error).toMatch(/line 2/);
    expect(lines[2]).toMatchObject({ id: "b", areas: [], milestones: [], progress: false, quote: null });
    expect(r.stderr).toContain("1 line(s) could not be read");
  });
});

describe(".env in the working directory", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "policywatch-cwd-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A bad PORT stops the command before it opens anything, naming the value it read: which one won.
  const withoutEnvFile = () => {
    const { ENV_FILE: _none, PORT: _port, ...env } = db.env;
    return env;
  };

  it("is read by every command, and the environment wins over it", async () => {
    writeFileSync(path.join(dir, ".env"), "# settings\nPORT=port-from-dotenv\n");
    const fromFile = await runPolicywatch(["status"], withoutEnvFile(), undefined, dir);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain("PORT=port-from-dotenv");
    const fromEnv = await runPolicywatch(
      ["status"],
      { ...withoutEnvFile(), PORT: "port-from-env" },
      undefined,
      dir,
    );
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain("PORT=port-from-env");
    expect(fromEnv.stderr).not.toContain("dotenv");
  });

  it("gives way to the file ENV_FILE names, or to none when ENV_FILE is empty", async () => {
    writeFileSync(path.join(dir, ".env"), "this line is not NAME=value\n");
    writeFileSync(path.join(dir, "other.env"), "PORT=port-from-other\n");
    const bad = await runPolicywatch(["--version"], withoutEnvFile(), undefined, dir);
    expect(bad.code).toBe(2);
    const where = path.join(dir, ".env");
    expect(bad.stderr).toBe(
      `policywatch: ${where} line 1: expected NAME=value (a name of letters, digits and _).\n`,
    );
    const other = await runPolicywatch(
      ["status"],
      { ...withoutEnvFile(), ENV_FILE: "other.env" },
      undefined,
      dir,
    );
    expect(other.stderr).toContain("PORT=port-from-other");
    const none = await runPolicywatch(["--version"], { ...withoutEnvFile(), ENV_FILE: "" }, undefined, dir);
    expect(none.code).toBe(0);
  });
});
