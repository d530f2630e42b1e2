// Immediate alerts for a poll, the hourly digest schedule, the Atom feeds and the unsubscribe
// link, against a real SMTP server on loopback and the real HTTP app.
import * as cheerio from "cheerio";
import sax from "sax";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedSchedules, queues, registerWorkers } from "../../jobs/index.js";
import { createHttpApp } from "../../src/http/server.js";
import { JobQueue } from "../../src/infra/job-queue.js";
import { SmtpMailTransport } from "../../src/infra/mail-transport.js";
import { addEvidence, addPoll, addSource, addStatusChange, resetNews } from "../helpers/news-rows.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let smtp: TestSmtpServer;
let app: TestApp;
const clock = fixedClock("2026-11-26T10:00:00Z");

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await openTestApp({
    now: clock,
    env: { SMTP_URL: smtp.url, PUBLIC_URL: "https://watch.example.org" },
    mailTransport: new SmtpMailTransport(smtp.url, { connectionTimeoutMs: 3_000, socketTimeoutMs: 5_000 }),
  });
});
afterAll(async () => {
  await app?.dispose();
  await smtp?.stop();
});
beforeEach(async () => {
  clock.set("2026-11-26T10:00:00Z");
  smtp.received.length = 0;
  await resetNews(app.db.prisma);
});

describe("immediate alerts", () => {
  it("mails each immediate subscriber of an affected area once per poll, listing all its progress evidence", async () => {
    const src = await addSource(app.db.prisma, { name: "Kremlin (EN)" });
    const poll = await addPoll(app.db.prisma, src.id);
    const at = new Date("2026-11-26T09:59:00Z");
    const e1 = await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "AI degree programmes approved",
      recordedAt: at,
    });
    const e2 = await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "Teacher AI training launched",
      recordedAt: at,
    });
    const mention = await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: "A speech mentioning schools",
      progress: false,
      recordedAt: at,
    });
    const econ = await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "ai-in-energy",
      title: "AI grid control rolled out",
      recordedAt: at,
    });
    await app.services.subscribers.add({
      email: "edu@example.org",
      frequency: "immediate",
      areas: ["education"],
      timeZone: "Europe/Moscow",
    });
    await app.services.subscribers.add({
      email: "defense@example.org",
      frequency: "immediate",
      areas: ["defense"],
    });
    await app.services.subscribers.add({ email: "all@example.org", frequency: "immediate" });
    await app.services.subscribers.add({ email: "daily@example.org" });

    const r = await app.services.alerts.alertForPoll(poll, [e1, e2, mention, econ]);
    expect(r).toMatchObject({ evidence: 3, recipients: 2, sent: 2, failed: [] });
    const byTo = new Map(smtp.received.map((m) => [m.envelopeTo[0], m.parsed]));
    expect([...byTo.keys()].sort()).toEqual(["all@example.org", "edu@example.org"]);
    const edu = byTo.get("edu@example.org")!;
    expect(edu.subject).toBe(
      "policywatch alert: progress on Education and workforce solutions (2 new evidence)",
    );
    expect(edu.text).toContain("AI degree programmes approved");
    expect(edu.text).toContain("Teacher AI training launched");
    expect(edu.text).toContain("while checking Kremlin (EN) at 26 Nov 2026, 13:00 (Europe/Moscow)");
    expect(edu.text).not.toContain("AI grid control");
    expect(edu.text).not.toContain("A speech mentioning schools");
    expect(byTo.get("all@example.org")!.subject).toBe(
      "policywatch alert: progress on 2 milestones (3 new evidence)",
    );

    // The hook running again for the same poll (a retried poll job) sends nothing new.
    const again = await app.services.alerts.alertForPoll(poll, [e1, e2, mention, econ]);
    expect(again.sent).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it("keeps an alert that could not be sent in the outbox for the retry job, without failing the poll", async () => {
    const src = await addSource(app.db.prisma);
    const poll = await addPoll(app.db.prisma, src.id);
    const e = await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "risk-assessment-proposals",
      title: "Risk report",
      recordedAt: clock(),
    });
    await app.services.subscribers.add({ email: "risk@example.org", frequency: "immediate" });
    await smtp.stop();
    const r = await app.services.alerts.alertForPoll(poll, [e]);
    expect(r.failed[0]!.error).toMatch(/refused the connection/);
    await smtp.start();
    clock.set("2026-11-26T10:05:00Z");
    expect((await app.services.outbox.deliverPending({ throwOnFailure: true })).sent).toBe(1);
    expect(smtp.received.map((m) => m.parsed.subject)).toEqual([
      "policywatch alert: progress on Risk assessment and mitigation proposals",
    ]);
  });
});

describe("the hourly digests schedule", () => {
  it("is an hourly UTC schedule feeding a queue, next to the deliver-mail retry queue", () => {
    expect(fixedSchedules.find((s) => s.name === "digests")).toMatchObject({
      cron: "0 * * * *",
      queue: "digests",
      timezone: "UTC",
    });
    expect(queues.find((q) => q.name === "deliver-mail")?.retryLimit).toBeGreaterThan(0);
  });

  it("sends the due digests when a digests job runs through the queue", async () => {
    clock.set("2026-11-25T00:00:00Z");
    await app.services.subscribers.add({ email: "ana@example.org" });
    clock.set("2026-11-26T08:00:00Z");
    const queue = JobQueue.create(app.db);
    try {
      await queue.start(queues);
      await registerWorkers(queue, app, async () => 0);
      await queue.send("digests", {}, { singletonKey: "digests" });
      for (let i = 0; i < 300 && smtp.received.length === 0; i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await queue.stop();
    }
    expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(["ana@example.org"]);
    expect(smtp.received[0]!.parsed.subject).toMatch(/^policywatch daily, 26 Nov: /);
  });

  it("sends each subscriber's digest once their local hour has come, once per period", async () => {
    clock.set("2026-11-20T00:00:00Z");
    await app.services.subscribers.add({ email: "moscow@example.org", timeZone: "Europe/Moscow", hour: 8 });
    await app.services.subscribers.add({ email: "utc@example.org" });
    await app.services.subscribers.add({ email: "weekly@example.org", frequency: "weekly", hour: 9 });
    await app.services.subscribers.add({ email: "alerts@example.org", frequency: "immediate" });
    const sentTo = () => smtp.received.map((m) => m.envelopeTo[0]);

    clock.set("2026-11-23T04:00:00Z"); // Monday, 07:00 in Moscow
    expect((await app.services.digests.sendDue()).sent).toBe(0);
    clock.set("2026-11-23T05:00:00Z"); // 08:00 in Moscow
    expect((await app.services.digests.sendDue()).sent).toBe(1);
    expect(sentTo()).toEqual(["moscow@example.org"]);
    clock.set("2026-11-23T08:00:00Z");
    await app.services.digests.sendDue();
    clock.set("2026-11-23T09:00:00Z");
    await app.services.digests.sendDue();
    // Two instances running the same tick: nothing more.
    await Promise.all([app.services.digests.sendDue(), app.services.digests.sendDue()]);
    expect(sentTo()).toEqual(["moscow@example.org", "utc@example.org", "weekly@example.org"]);
    expect(smtp.received[2]!.parsed.subject).toMatch(/^policywatch weekly, week of 23–29 Nov: /);

    clock.set("2026-11-24T05:00:00Z"); // Tuesday: daily only
    await app.services.digests.sendDue();
    expect(sentTo().slice(3)).toEqual(["moscow@example.org"]);
  });
});

describe("the Atom feeds", () => {
  async function seedFeed() {
    const src = await addSource(app.db.prisma, { name: "Feed & <Co>" });
    const e = await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "education-workforce-solutions",
      title: 'Schools <script>alert("x")</script> & AI \u0007',
      quote: "A <b>quoted</b> sentence.",
      url: "https://news.example.org/a?x=1&y=2",
      recordedAt: new Date("2026-11-26T09:00:00Z"),
    });
    await addEvidence(app.db.prisma, {
      sourceId: src.id,
      milestone: "ai-in-energy",
      title: "Grid AI",
      recordedAt: new Date("2026-11-26T08:00:00Z"),
    });
    await addStatusChange(app.db.prisma, {
      milestone: "education-workforce-solutions",
      from: "not_started",
      to: "in_progress",
      reason: "progress reported",
      evidenceIds: [e],
      at: new Date("2026-11-26T09:30:00Z"),
    });
  }

  /** Parses with a strict XML parser: throws on anything not well-formed. */
  function parseStrict(xml: string): void {
    const parser = sax.parser(true, {});
    parser.onerror = (err) => {
      throw err;
    };
    parser.write(xml).close();
  }

  it("serves all areas as well-formed Atom with every piece of item text escaped", async () => {
    await seedFeed();
    const http = createHttpApp(app);
    const res = await http.request("/feed.atom");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const xml = await res.text();
    expect(() => parseStrict(xml)).not.toThrow();
    const $ = cheerio.load(xml, { xml: true });
    const titles = $("entry > title")
      .map((_, t) => $(t).text())
      .get();
    expect(titles).toEqual([
      "Education and workforce solutions: not started → in progress",
      'Progress on Education and workforce solutions: Schools <script>alert("x")</script> & AI',
      "Progress on AI deployed in energy: Grid AI",
    ]);
    expect($("entry").eq(1).find("link").attr("href")).toBe("https://news.example.org/a?x=1&y=2");
    expect($("entry").eq(1).find("summary").text()).toContain('"A <b>quoted</b> sentence."');
    expect(xml).not.toContain("<script>");
    expect($("feed > link[rel=self]").attr("href")).toBe("https://watch.example.org/feed.atom");
  });

  it("serves one area's feed, and 404 for an unknown area", async () => {
    await seedFeed();
    const http = createHttpApp(app);
    const xml = await (await http.request("/areas/economy/feed.atom")).text();
    expect(() => parseStrict(xml)).not.toThrow();
    const $ = cheerio.load(xml, { xml: true });
    expect($("feed > title").text()).toBe("policywatch: Economic deployment");
    expect(
      $("entry > title")
        .map((_, t) => $(t).text())
        .get(),
    ).toEqual(["Progress on AI deployed in energy: Grid AI"]);
    const missing = await http.request("/areas/space/feed.atom");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/no area "space"/);
  });
});

describe("the unsubscribe link", () => {
  it("asks on GET, unsubscribes on POST (also one-click), and no digest goes out afterwards", async () => {
    await app.services.subscribers.add({ email: "ana@example.org" });
    const token = (await app.repos.subscribers.findByEmail("ana@example.org"))!.unsubscribeToken;
    const http = createHttpApp(app);
    const page = await http.request(`/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    const $ = cheerio.load(await page.text());
    expect($("form").attr("method")).toBe("post");
    expect($("main").text()).toContain("ana@example.org");
    expect((await app.repos.subscribers.findByEmail("ana@example.org"))!.status).toBe("active");

    const oneClick = await http.request(`/unsubscribe/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await app.repos.subscribers.findByEmail("ana@example.org"))!.status).toBe("unsubscribed");
    expect((await app.services.digests.sendDigests({ frequency: "daily" })).sent).toBe(0);
    expect(smtp.received).toHaveLength(0);
    expect((await http.request("/unsubscribe/not-a-real-token-123", { method: "POST" })).status).toBe(404);
  });
});
