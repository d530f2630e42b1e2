// Digests to a real SMTP server on loopback, read back as a mail client would: content, headers,
// escaping, exactly-once across re-runs, two racing senders, a killed sender, an outage.
import { spawn } from "node:child_process";
import path from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, openApp } from "../../src/app.js";
import { type MailTransport, SmtpMailTransport } from "../../src/infra/mail-transport.js";
import { addEvidence, addSource, resetNews } from "../helpers/news-rows.js";
import { repoRoot } from "../helpers/run-cli.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp.js";
import { fixedClock, onPostgres, openTestApp, type TestApp } from "../helpers/test-app.js";

let smtp: TestSmtpServer;
let app: TestApp;
const clock = fixedClock("2026-11-26T08:00:00Z");
const transport = () =>
  new SmtpMailTransport(smtp.url, { connectionTimeoutMs: 3_000, socketTimeoutMs: 5_000 });

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await openTestApp({
    now: clock,
    env: { SMTP_URL: smtp.url, PUBLIC_URL: "https://watch.example.org" },
    mailTransport: transport(),
  });
});
afterAll(async () => {
  await app?.dispose();
  await smtp?.stop();
});
beforeEach(async () => {
  clock.set("2026-11-26T08:00:00Z");
  smtp.refuseWith = null;
  smtp.received.length = 0;
  await resetNews(app.db.prisma);
});

/** A header of the raw message, unfolded. */
function rawHeader(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : "";
}

async function seedNews() {
  const kremlin = await addSource(app.db.prisma, { name: "Kremlin (EN)" });
  const reuters = await addSource(app.db.prisma, {
    name: "Reuters",
    state: "failing",
    consecutiveFailures: 3,
    lastError: { kind: "timeout", message: "no answer within 20 s" },
  });
  const edu = await addEvidence(app.db.prisma, {
    sourceId: kremlin.id,
    milestone: "education-workforce-solutions",
    title: "Putin approves AI education standards",
    url: "https://kremlin.example.org/acts/1",
    quote: "The President approved national AI education standards for universities.",
    recordedAt: new Date("2026-11-25T15:00:00Z"),
  });
  const risk = await addEvidence(app.db.prisma, {
    sourceId: reuters.id,
    milestone: "risk-assessment-proposals",
    title: "Commission drafts AI risk proposals",
    url: "https://reuters.example.org/world/ai-risk",
    quote: "The commission submitted draft risk mitigation proposals.",
    recordedAt: new Date("2026-11-25T18:00:00Z"),
  });
  return { kremlin, reuters, edu, risk };
}

describe("daily digest through a real SMTP server", () => {
  it("delivers one multipart mail with the matched items, links, deadlines and unsubscribe, and nothing on a second run", async () => {
    const { edu, risk } = await seedNews();
    const ana = await app.services.subscribers.add({ email: "ana@example.org", name: "Ana" });

    const first = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(first).toMatchObject({ created: 1, sent: 1, failed: [] });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.envelopeTo).toEqual(["ana@example.org"]);
    expect(mail.user).toBe("policywatch");
    expect(mail.parsed.subject).toBe(
      "policywatch daily, 26 Nov: 2 new evidence, 3 deadlines within 60 days, 1 source unhealthy",
    );
    expect(rawHeader(mail.raw, "Content-Type")).toMatch(/^multipart\/alternative/);

    const text = mail.parsed.text!;
    expect(text).toContain("Putin approves AI education standards");
    expect(text).toContain("https://kremlin.example.org/acts/1");
    expect(text).toContain('"The President approved national AI education standards for universities."');
    expect(text).toContain("Kremlin (EN), 25 Nov 2026");
    for (const m of [
      "Education and workforce solutions",
      "Risk assessment and mitigation proposals",
      "International expansion framework (CIS, SCO, BRICS)",
    ]) {
      expect(text).toMatch(
        new RegExp(`${m.replace(/[()]/g, "\\$&")} \\([^)]+\\): due 31 Dec 2026, 35 days left`),
      );
    }
    expect(text).toContain("Reuters: failing, 3 failures in a row");

    const $ = cheerio.load(mail.parsed.html as string);
    expect($('a[href="https://kremlin.example.org/acts/1"]').text()).toBe(
      "Putin approves AI education standards",
    );
    expect($('a[href="https://reuters.example.org/world/ai-risk"]').text()).toBe(
      "Commission drafts AI risk proposals",
    );
    expect(
      $("h2")
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual(["New evidence", "Deadlines", "Source health"]);

    const token = (await app.repos.subscribers.findById(ana.id))!.unsubscribeToken;
    expect(rawHeader(mail.raw, "List-Unsubscribe")).toBe(
      `<https://watch.example.org/unsubscribe/${token}>, <mailto:policywatch@localhost?subject=unsubscribe%20${token}>`,
    );
    expect(rawHeader(mail.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect($(`a[href="https://watch.example.org/unsubscribe/${token}"]`).text()).toBe("Unsubscribe");
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f]{32}\.policywatch@localhost>$/);

    const second = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(second).toMatchObject({ created: 0, sent: 0, alreadySent: 1, failed: [] });
    expect(smtp.received).toHaveLength(1);

    // The watermark moved to what was mailed: the next day's digest has only what is new.
    const after = (await app.repos.subscribers.findById(ana.id))!;
    expect(after.evidenceWatermark).toBe(Math.max(edu, risk));
    clock.set("2026-11-27T08:00:00Z");
    const kremlin = (await app.db.prisma.source.findFirst({ where: { name: "Kremlin (EN)" } }))!;
    await addEvidence(app.db.prisma, {
      sourceId: kremlin.id,
      milestone: "international-expansion-framework",
      title: "BRICS AI alliance charter signed",
      recordedAt: new Date("2026-11-26T20:00:00Z"),
    });
    await app.services.digests.sendDigests({ frequency: "daily" });
    expect(smtp.received).toHaveLength(2);
    const next = smtp.received[1]!.parsed;
    expect(next.subject).toMatch(/^policywatch daily, 27 Nov: 1 new evidence/);
    expect(next.text).toContain("BRICS AI alliance charter signed");
    expect(next.text).not.toContain("Putin approves");
  });

  it("delivers item text as text: a <script> in a title never becomes markup", async () => {
    const src = await addSource(app.db.prisma, { name: "Feed <b>X</b>" });
    await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: '<script>alert("owned")</script> Schools & <i>AI</i>',
      quote: "<img src=x onerror=alert(1)> quoted",
      url: "javascript:alert(1)",
      recordedAt: new Date("2026-11-26T06:00:00Z"),
    });
    await app.services.subscribers.add({ email: "ana@example.org" });
    await app.services.digests.sendDigests({ frequency: "daily" });
    const mail = smtp.received[0]!.parsed;
    const $ = cheerio.load(mail.html as string);
    expect($("script")).toHaveLength(0);
    expect($("img")).toHaveLength(0);
    expect($("i")).toHaveLength(0);
    expect($("li").first().text()).toContain('<script>alert("owned")</script> Schools & <i>AI</i>');
    expect($("li").first().text()).toContain("Feed <b>X</b>");
    expect(mail.html).not.toContain("javascript:");
    expect(mail.text).toContain('<script>alert("owned")</script> Schools & <i>AI</i>');
  });

  it("keeps a first digest to the last day: no backfill", async () => {
    const src = await addSource(app.db.prisma, { name: "Archive" });
    await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "Recorded three days ago",
      recordedAt: new Date("2026-11-23T08:00:00Z"),
    });
    await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "Backfilled from the archive today",
      recordedAt: new Date("2026-11-26T07:00:00Z"),
      publishedAt: new Date("2025-09-01T00:00:00Z"),
    });
    await app.services.subscribers.add({ email: "ana@example.org" });
    await app.services.digests.sendDigests({ frequency: "daily" });
    const mail = smtp.received[0]!.parsed;
    expect(mail.subject).toBe("policywatch daily, 26 Nov: nothing new, 3 deadlines within 60 days");
    expect(mail.text).toContain("Nothing new since 25 Nov 2026, 08:00 (UTC)");
    expect(mail.text).not.toContain("Backfilled");
  });

  it("sends each subscriber only their areas, and nothing to those who unsubscribed", async () => {
    await seedNews();
    await app.services.subscribers.add({ email: "risk@example.org", areas: ["risk"] });
    await app.services.subscribers.add({ email: "gone@example.org" });
    const gone = (await app.repos.subscribers.findByEmail("gone@example.org"))!;
    await app.services.subscribers.unsubscribe(gone.unsubscribeToken);
    const r = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(r.sent).toBe(1);
    expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(["risk@example.org"]);
    const text = smtp.received[0]!.parsed.text!;
    expect(text).toContain("Commission drafts AI risk proposals");
    expect(text).not.toContain("Putin approves");
    expect(text).toContain(
      "Risk assessment and mitigation proposals (Risk and threat assessment): due 31 Dec 2026",
    );
    expect(text).not.toContain("Education and workforce solutions (");
  });
});

describe("exactly once", () => {
  /** Another instance on the same database: its own pool on PostgreSQL, its own services on PGlite. */
  async function otherInstance(): Promise<{ app: App; close(): Promise<void> }> {
    if (onPostgres) {
      const other = await openApp(app.testDb.config, {
        now: clock,
        seedAgenda: false,
        mailTransport: transport(),
      });
      return { app: other, close: () => other.close() };
    }
    const { DeliveryService } = await import("../../src/services/delivery-service.js");
    const { DigestService } = await import("../../src/services/digest-service.js");
    const settings = { from: app.config.MAIL_FROM, publicUrl: app.config.publicUrl };
    const mail: MailTransport = transport();
    const outbox = new DeliveryService(app.repos.deliveries, mail, settings, clock);
    const digests = new DigestService(
      app.repos.subscribers,
      app.repos.deliveries,
      app.repos.news,
      app.services.status,
      outbox,
      settings,
      clock,
    );
    return {
      app: { ...app, services: { ...app.services, outbox, digests } } as App,
      close: async () => mail.close(),
    };
  }

  it("sends one digest per subscriber when two instances send at the same moment", async () => {
    await seedNews();
    for (const e of ["a@example.org", "b@example.org", "c@example.org"])
      await app.services.subscribers.add({ email: e });
    const other = await otherInstance();
    try {
      const [x, y] = await Promise.all([
        app.services.digests.sendDigests({ frequency: "daily" }),
        other.app.services.digests.sendDigests({ frequency: "daily" }),
      ]);
      expect(x.failed).toEqual([]);
      expect(y.failed).toEqual([]);
      expect(x.sent + y.sent).toBe(3);
      expect(x.created + y.created).toBe(3);
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
        "a@example.org",
        "b@example.org",
        "c@example.org",
      ]);
      expect(await app.db.prisma.delivery.count({ where: { status: "sent" } })).toBe(3);
    } finally {
      await other.close();
    }
  });

  it("finishes a mail whose sender was killed mid-send, and leaves a live sender's mail alone", async () => {
    await seedNews();
    await app.services.subscribers.add({ email: "killed@example.org" });
    await app.services.subscribers.add({ email: "busy@example.org" });
    // Write both digests while the server is down, then mark them as being sent: one by a sender
    // killed 11 minutes ago, one by a sender still at work.
    await smtp.stop();
    await app.services.digests.sendDigests({ frequency: "daily" });
    await smtp.start();
    const rows = await app.db.prisma.delivery.findMany({
      include: { subscriber: true },
      orderBy: { id: "asc" },
    });
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      const minutesAgo = r.subscriber.email === "killed@example.org" ? 11 : 1;
      await app.db.prisma.delivery.update({
        where: { id: r.id },
        data: { status: "sending", claimedAt: new Date(clock().getTime() - minutesAgo * 60_000) },
      });
    }
    const other = await otherInstance();
    try {
      const r = await other.app.services.outbox.deliverPending();
      expect(r.sent).toBe(1);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(["killed@example.org"]);
    } finally {
      await other.close();
    }
  });

  // Several instances need PostgreSQL (the embedded database is one process by design).
  it.skipIf(!onPostgres)(
    "finishes the digest of a sender process killed (SIGKILL) in the middle of sending it",
    async () => {
      await seedNews();
      await app.services.subscribers.add({ email: "ana@example.org" });
      smtp.holdData = true;
      const child = spawn(
        process.execPath,
        [path.join(repoRoot, "bin", "policywatch.js"), "digest", "--send"],
        {
          env: { ...app.testDb.env, SMTP_URL: smtp.url, SCHEDULER: "off" },
          cwd: repoRoot,
          stdio: "ignore",
        },
      );
      const exited = new Promise((resolve) => child.on("exit", resolve));
      try {
        // Wait until the message is on the wire and the sender waits for the server's answer.
        while (smtp.held === 0) await new Promise((r) => setTimeout(r, 50));
        child.kill("SIGKILL");
        await exited;
      } finally {
        smtp.holdData = false;
      }
      const row = (await app.db.prisma.delivery.findFirst())!;
      expect(row).toMatchObject({ status: "sending", attempts: 1 });
      // Another instance, once the dead sender's claim is stale, finishes the work.
      clock.set(new Date(row.claimedAt!.getTime() + 11 * 60_000).toISOString());
      expect((await app.services.outbox.deliverPending()).sent).toBe(1);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(["ana@example.org"]);
      expect((await app.db.prisma.delivery.findFirst())!).toMatchObject({ status: "sent", attempts: 2 });
      // Asked again for the sender's day, there is nothing more to send. (At the sender's own time:
      // the child ran on the real clock, and 11 minutes later may already be the next day's digest.)
      clock.set(row.createdAt.toISOString());
      expect(await app.services.digests.sendDigests({ frequency: "daily" })).toMatchObject({
        sent: 0,
        alreadySent: 1,
      });
      expect(smtp.received).toHaveLength(1);
    },
  );

  it("resends with the same Message-ID when the sender dies after the server accepted (the one duplicate window)", async () => {
    await seedNews();
    await app.services.subscribers.add({ email: "ana@example.org" });
    const { DeliveryService } = await import("../../src/services/delivery-service.js");
    const real = transport();
    // The server accepts, then the process "dies" before it can record that.
    const dying: MailTransport = {
      description: real.description,
      async send(m) {
        await real.send(m);
        throw new Error("process killed after the server accepted the message");
      },
      close: () => real.close(),
    };
    const settings = { from: app.config.MAIL_FROM, publicUrl: app.config.publicUrl };
    const { DigestService } = await import("../../src/services/digest-service.js");
    const outbox = new DeliveryService(app.repos.deliveries, dying, settings, clock);
    const digests = new DigestService(
      app.repos.subscribers,
      app.repos.deliveries,
      app.repos.news,
      app.services.status,
      outbox,
      settings,
      clock,
    );
    const r = await digests.sendDigests({ frequency: "daily" });
    expect(r.failed).toHaveLength(1);
    real.close();
    const retried = await app.services.outbox.retry();
    expect(retried.sent).toBe(1);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]!.parsed.messageId).toBe(smtp.received[1]!.parsed.messageId);
    expect((await app.services.outbox.retry()).sent).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });
});

describe("an SMTP outage", () => {
  it("records the failure in words, keeps the watermark, and delivers exactly once when the server is back", async () => {
    await seedNews();
    const ana = await app.services.subscribers.add({ email: "ana@example.org" });
    await smtp.stop();
    const down = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(down.sent).toBe(0);
    expect(down.failed).toHaveLength(1);
    expect(down.failed[0]!.error).toMatch(
      /^the SMTP server at 127\.0\.0\.1:\d+ refused the connection \(is it running\?\)$/,
    );
    const row = (await app.db.prisma.delivery.findFirst())!;
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("refused the connection");
    expect((await app.repos.subscribers.findById(ana.id))!.evidenceWatermark).toBe(0);

    await smtp.start();
    // The deliver-mail job waits out the backoff (one minute after the first failure) …
    expect((await app.services.outbox.deliverPending()).sent).toBe(0);
    clock.set("2026-11-26T08:02:00Z");
    // … then sends it, once.
    expect((await app.services.outbox.deliverPending()).sent).toBe(1);
    expect((await app.services.digests.sendDigests({ frequency: "daily" })).sent).toBe(0);
    expect((await app.services.outbox.retry()).sent).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.text).toContain("Putin approves AI education standards");
    expect((await app.repos.subscribers.findById(ana.id))!.evidenceWatermark).toBeGreaterThan(0);
    expect((await app.db.prisma.delivery.findFirst())!).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
    });
  });

  it("says what the server answered when it refuses the message, then sends it on retry", async () => {
    await app.services.subscribers.add({ email: "ana@example.org" });
    smtp.refuseWith = { code: 451, message: "Mailbox temporarily unavailable" };
    const r = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(r.failed[0]!.error).toMatch(
      /deferred the message, try later: 451 Mailbox temporarily unavailable/,
    );
    smtp.refuseWith = null;
    expect((await app.services.digests.sendDigests({ frequency: "daily" })).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it("tells a refused login apart from a server that is down", async () => {
    const wrong = new SmtpMailTransport(smtp.url.replace("s3cret-pass", "wrong"), {
      connectionTimeoutMs: 3_000,
    });
    try {
      await expect(
        wrong.send({
          key: "t",
          from: "policywatch <policywatch@localhost>",
          to: { name: null, address: "a@example.org" },
          subject: "s",
          text: "t",
          html: "<p>t</p>",
          messageId: "<x@localhost>",
          headers: {},
          date: clock(),
        }),
      ).rejects.toMatchObject({
        kind: "auth",
        message: expect.stringMatching(/refused the login in SMTP_URL/),
      });
    } finally {
      wrong.close();
    }
  });

  it("supersedes an unsent older digest with the next period's, so the reader gets one mail with everything", async () => {
    await seedNews();
    await app.services.subscribers.add({ email: "ana@example.org" });
    await smtp.stop();
    await app.services.digests.sendDigests({ frequency: "daily" });
    await smtp.start();
    clock.set("2026-11-27T08:00:00Z");
    const r = await app.services.digests.sendDigests({ frequency: "daily" });
    expect(r.sent).toBe(1);
    expect((await app.services.outbox.retry()).sent).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.subject).toMatch(/^policywatch daily, 27 Nov: 2 new evidence/);
    expect((await app.db.prisma.delivery.findMany({ orderBy: { id: "asc" } })).map((d) => d.status)).toEqual([
      "superseded",
      "sent",
    ]);
  });
});
