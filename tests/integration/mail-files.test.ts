// With no SMTP_URL, each mail is an .eml file in DATA_DIR/outbox. A read-only or full disk is a
// clear error in words that leaves nothing half-written, and the mail goes out once it is fixed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmlFileTransport } from "../../src/infra/mail-transport.js";
import { addEvidence, addSource, resetNews } from "../helpers/news-rows.js";
import {
  canMakeReadOnly,
  canMount,
  mountTmpfs,
  readOnlyFolder,
  type TestDisk,
} from "../helpers/read-only-disk.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
const clock = fixedClock("2026-11-26T08:00:00Z");
let outbox: string;

beforeAll(async () => {
  app = await openTestApp({ now: clock, env: { SMTP_URL: "" } });
  outbox = path.join(app.testDb.dataDir, "outbox");
});
afterAll(async () => {
  await app?.dispose();
});
beforeEach(async () => {
  clock.set("2026-11-26T08:00:00Z");
  rmSync(outbox, { recursive: true, force: true });
  await resetNews(app.db.prisma);
});

describe(".eml files when SMTP_URL is unset", () => {
  it("writes each digest once as a complete .eml file in DATA_DIR/outbox", async () => {
    expect(app.mail.description).toBe(`files in ${outbox}`);
    const src = await addSource(app.db.prisma, { name: "Kremlin (EN)" });
    await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "AI curriculum approved",
      url: "https://kremlin.example.org/acts/9",
      recordedAt: new Date("2026-11-26T07:00:00Z"),
    });
    const ana = await app.services.subscribers.add({ email: "ana@example.org" });
    await app.services.subscribers.add({ email: "bo@example.org", areas: ["risk"] });

    const r = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(r).toMatchObject({ sent: 2, failed: [] });
    const files = readdirSync(outbox).sort();
    expect(files).toEqual([
      `digest_daily_2026-11-26_${ana.id}.eml`,
      `digest_daily_2026-11-26_${ana.id + 1}.eml`,
    ]);
    const mail = await simpleParser(readFileSync(path.join(outbox, files[0]!)));
    expect(mail.subject).toBe("policywatch daily, 26 Nov: 1 new evidence, 3 deadlines within 60 days");
    expect((mail.to as { text: string }).text).toBe("ana@example.org");
    expect(mail.text).toContain("https://kremlin.example.org/acts/9");
    expect(mail.html).toContain('href="https://kremlin.example.org/acts/9"');
    const head = readFileSync(path.join(outbox, files[0]!), "utf8")
      .split("\r\n\r\n")[0]!
      .replace(/\r\n[ \t]+/g, " ");
    expect(head).toMatch(
      /^List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\/[\w-]+>, <mailto:policywatch@localhost\?subject=unsubscribe%20[\w-]+>$/m,
    );
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

    expect((await app.services.digests.sendDigests({ frequency: "daily" })).sent).toBe(0);
    expect(readdirSync(outbox)).toHaveLength(2);
  });
});

/** A small tmpfs, nearly filled (needs mount rights). */
function fullDisk(): TestDisk | null {
  if (!canMount) return null;
  let disk: TestDisk;
  try {
    disk = mountTmpfs("policywatch-full-", "size=64k");
  } catch {
    return null;
  }
  mkdirSync(path.join(disk.dir, "outbox"));
  try {
    writeFileSync(path.join(disk.dir, "filler"), Buffer.alloc(60 * 1024));
  } catch {
    // Filled to the last byte: that is the point.
  }
  return disk;
}

const mail = (key: string) => ({
  key,
  from: "policywatch <policywatch@localhost>",
  to: { name: null, address: "ana@example.org" },
  subject: "policywatch daily, 26 Nov: nothing new",
  text: "x".repeat(20_000),
  html: `<p>${"y".repeat(20_000)}</p>`,
  messageId: "<abc.policywatch@localhost>",
  headers: {},
  date: new Date("2026-11-26T08:00:00Z"),
});

describe("a data folder that cannot take the mail", () => {
  it.skipIf(!canMakeReadOnly)("says the folder is read-only and writes nothing", async () => {
    const ro = readOnlyFolder()!;
    try {
      const t = new EmlFileTransport(path.join(ro.dir, "outbox"));
      await expect(t.send(mail("digest:daily:2026-11-26:1"))).rejects.toMatchObject({
        kind: "disk",
        message: expect.stringMatching(/outbox: the folder is read-only or not writable/),
      });
      expect(existsSync(path.join(ro.dir, "outbox"))).toBe(false);
    } finally {
      ro.undo();
    }
  });

  it.skipIf(!canMount)(
    "says the disk is full, leaves neither a partial .eml nor a temporary file, and writes once there is room",
    async () => {
      const full = fullDisk()!;
      try {
        const t = new EmlFileTransport(path.join(full.dir, "outbox"));
        await expect(t.send(mail("digest:daily:2026-11-26:1"))).rejects.toMatchObject({
          kind: "disk",
          message: expect.stringMatching(/the disk is full \(free some space; nothing was written\)/),
        });
        expect(readdirSync(path.join(full.dir, "outbox"))).toEqual([]);
        rmSync(path.join(full.dir, "filler"));
        await t.send(mail("digest:daily:2026-11-26:1"));
        expect(readdirSync(path.join(full.dir, "outbox"))).toEqual(["digest_daily_2026-11-26_1.eml"]);
      } finally {
        full.undo();
      }
    },
  );

  it("records the failure on the outbox row and sends the digest once the folder is fixed", async () => {
    await app.services.subscribers.add({ email: "ana@example.org" });
    // Something that is not a folder where the outbox should be: the same on every machine.
    writeFileSync(outbox, "not a folder");
    const r = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(r.failed[0]!.error).toMatch(
      /cannot write mail files to .*outbox: something that is not a folder is in the way/,
    );
    expect((await app.db.prisma.delivery.findFirst())!.status).toBe("failed");
    rmSync(outbox);
    expect((await app.services.outbox.retry()).sent).toBe(1);
    expect(readdirSync(outbox)).toHaveLength(1);
    expect((await app.services.outbox.retry()).sent).toBe(0);
  });
});
