// The mail commands through the real `policywatch` executable, against a real SMTP server on
// loopback: subscribe, preview, send twice (the second sends nothing), an outage that exits
// non-zero in words followed by exactly one delivery, and .eml files when SMTP_URL is unset.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.js";
import { addEvidence, addSource } from "../helpers/news-rows.js";
import { runPolicywatch } from "../helpers/run-cli.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

let smtp: TestSmtpServer;
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  smtp = await startSmtpServer();
  db = await createTestDatabase({ PUBLIC_URL: "https://watch.example.org" });
  env = { ...db.env, SMTP_URL: smtp.url, SCHEDULER: "off" };
  // What a poll and the matcher would have stored an hour ago.
  const app = await openApp(db.config);
  try {
    const src = await addSource(app.db.prisma, { name: "Kremlin (EN)" });
    await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "Putin approves AI education standards",
      url: "https://kremlin.example.org/acts/1",
      recordedAt: new Date(Date.now() - 3_600_000),
    });
  } finally {
    await app.close();
  }
});
afterAll(async () => {
  await db?.drop();
  await smtp?.stop();
});

describe("policywatch subscribers and digest", () => {
  it("subscribes, refuses a duplicate and bad input in words, previews without sending", async () => {
    const add = await runPolicywatch(
      ["subscribers", "add", "ana@example.org", "--name", "Ana", "--json"],
      env,
    );
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({
      email: "ana@example.org",
      name: "Ana",
      areas: [],
      frequency: "daily",
      timeZone: "UTC",
      hour: 8,
    });

    const dup = await runPolicywatch(["subscribers", "add", "ANA@example.org"], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/ana@example\.org is already subscribed \(subscriber \d+, gets daily mail\)/);

    const bad = await runPolicywatch(
      ["subscribers", "add", "bo@example.org", "--areas", "space", "--hour", "30", "--tz", "Mars/Base"],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'there is no area "space" (areas: economy, education, risk, defense, international)',
    );
    expect(bad.stderr).toContain('hour must be a whole number from 0 to 23, not "30"');
    expect(bad.stderr).toContain('"Mars/Base" is not a time zone');
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const dry = await runPolicywatch(["digest", "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^To: ana@example\.org\nSubject: policywatch daily, \d+ \w+: 1 new evidence, /,
    );
    expect(dry.stdout).toContain("Putin approves AI education standards");
    expect(dry.stdout).toContain("https://kremlin.example.org/acts/1");
    expect(smtp.received).toHaveLength(0);
  });

  it("exits non-zero saying why when the SMTP server is down, then sends exactly once, and nothing on a second run", async () => {
    await smtp.stop();
    const down = await runPolicywatch(["digest", "--frequency", "daily", "--send"], env);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /could not send 1 of 1 daily digests through the SMTP server at 127\.0\.0\.1:\d+:/,
    );
    expect(down.stderr).toMatch(
      /ana@example\.org: the SMTP server at 127\.0\.0\.1:\d+ refused the connection \(is it running\?\)/,
    );
    expect(down.stderr).toContain("policywatch outbox retry");

    await smtp.start();
    const sent = await runPolicywatch(["digest", "--frequency", "daily", "--send"], env);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^Sent 1 daily digest through the SMTP server at 127\.0\.0\.1:\d+\.$/m);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!.parsed;
    expect(mail.text).toContain("Putin approves AI education standards");
    expect(mail.html).toContain('href="https://kremlin.example.org/acts/1"');
    expect(smtp.received[0]!.raw).toMatch(/^List-Unsubscribe:/m);

    const again = await runPolicywatch(["digest", "--frequency", "daily", "--send"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Sent 0 daily digests .*; 1 subscriber had this period's digest already\./);
    const retry = await runPolicywatch(["outbox", "retry"], env);
    expect(retry.stdout).toBe("Nothing is waiting in the outbox.\n");
    expect(smtp.received).toHaveLength(1);

    const list = await runPolicywatch(["outbox", "list", "--json"], env);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { email: "ana@example.org", kind: "digest", status: "sent", attempts: 2, lastError: null },
    ]);
  });

  it("writes .eml files into DATA_DIR/outbox when SMTP_URL is unset", async () => {
    const noSmtp = { ...env, SMTP_URL: "" };
    expect(
      (await runPolicywatch(["subscribers", "add", "bo@example.org", "--areas", "education"], noSmtp)).code,
    ).toBe(0);
    const sent = await runPolicywatch(["digest", "--frequency", "daily", "--send"], noSmtp);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(`Sent 1 daily digest through files in ${path.join(db.dataDir, "outbox")}`);
    const files = readdirSync(path.join(db.dataDir, "outbox"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^digest_daily_\d{4}-\d{2}-\d{2}_\d+\.eml$/);
    const eml = await simpleParser(readFileSync(path.join(db.dataDir, "outbox", files[0]!)));
    expect((eml.to as { text: string }).text).toBe("bo@example.org");
    expect(eml.text).toContain("Putin approves AI education standards");

    const removed = await runPolicywatch(["subscribers", "remove", "bo@example.org"], noSmtp);
    expect(removed.stdout).toMatch(/^Removed subscriber \d+ \(bo@example\.org\)/);
    const list = JSON.parse((await runPolicywatch(["subscribers", "list", "--json"], noSmtp)).stdout);
    expect(list.map((s: { email: string }) => s.email)).toEqual(["ana@example.org"]);
  });
});
