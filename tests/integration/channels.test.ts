// Alert channels against real receivers on loopback: a poll with new progress evidence gives a
// signed webhook delivery, a Slack-compatible message and a Telegram sendMessage (and nothing to a
// channel filtered to another area); a channel that wants every match gets the poll's mentions
// too, while mail alerts stay progress only; a receiver that fails is retried with the same
// delivery id; `channels test` reaches one channel; the bot token never shows.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { type HookReceiver, startHookReceiver } from "../helpers/hook-receiver.js";
import { type LoopbackFetcher, loopbackFetcher } from "../helpers/loopback-fetcher.js";
import { resetNews } from "../helpers/news-rows.js";
import { repoRoot } from "../helpers/run-cli.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

const KREMLIN = readFileSync(path.join(repoRoot, "tests/fixtures/pipeline/kremlin-en-news.atom.xml"), "utf8");
// Two entries: the national AI plan approved (progress), and a meeting on AI (a mention).
const STEP_AND_MENTION = readFileSync(
  path.join(repoRoot, "tests/fixtures/pipeline/kremlin-en-news-step-and-mention.atom.xml"),
  "utf8",
);
const MEETING = "agenda-meeting-2026-04-10";
const PLAN = "national-ai-implementation-plan";
const SECRET = "a-webhook-secret-of-some-length";
const BOT_TOKEN = "123456789:AAEhBOweik9ai2o3JSDFhTsecretTOKENxyz";
const CHAT = "-1001234567890";

let server: FeedServer;
let hooks: HookReceiver;
let fetcher: LoopbackFetcher;
let app: TestApp;
const clock = fixedClock("2026-04-11T12:00:00Z");

beforeAll(async () => {
  server = await startFeedServer({
    "/kremlin/news/feed": { body: KREMLIN, contentType: "application/atom+xml; charset=utf-8" },
    "/kremlin/mixed/feed": { body: STEP_AND_MENTION, contentType: "application/atom+xml; charset=utf-8" },
  });
  fetcher = loopbackFetcher({ rewrite: { "en.kremlin.ru": `${server.origin}/site` } });
  app = await openTestApp({ now: clock, fetcher: { fetch: (url, init) => fetcher.fetch(url, init) } });
});
afterAll(async () => {
  await app?.dispose();
  await fetcher?.close();
  await server?.close();
});
beforeEach(async () => {
  clock.set("2026-04-11T12:00:00Z");
  hooks = await startHookReceiver();
  await resetNews(app.db.prisma);
  await app.db.prisma.channel.deleteMany();
});
afterEach(async () => {
  await hooks.close();
});

async function pollKremlin(feed = "/kremlin/news/feed"): Promise<number> {
  await app.services.sources.add({ url: server.url(feed), kind: "kremlin", name: "Kremlin" });
  await app.services.poll.pollAll();
  const poll = await app.db.prisma.poll.findFirstOrThrow({ orderBy: { id: "desc" } });
  return poll.id;
}

function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

describe("a poll with new progress evidence", () => {
  it("gives each channel one message, signed for the webhook, and nothing to a channel of another area", async () => {
    const svc = app.services.channels;
    await svc.add({ type: "webhook", url: hooks.url("/hook"), secret: SECRET });
    await svc.add({ type: "slack", url: hooks.url("/slack/T0/B0/xyz") });
    await svc.add({ type: "telegram", botToken: BOT_TOKEN, chatId: CHAT, apiUrl: hooks.origin });
    await svc.add({ type: "webhook", url: hooks.url("/defense-hook"), areas: "defense" });

    const pollId = await pollKremlin();

    const [hook, ...moreHooks] = hooks.to("/hook");
    expect(moreHooks).toHaveLength(0);
    expect(hook!.headers["x-policywatch-signature"]).toBe(signatureOf(hook!.body, SECRET));
    expect(hook!.headers["x-policywatch-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    const payload = JSON.parse(hook!.body);
    expect(payload).toMatchObject({ event: "progress", poll: pollId });
    const e = payload.evidence.find((x: { milestone: string }) => x.milestone === PLAN);
    expect(Object.keys(e).sort()).toEqual(
      [
        "area",
        "milestone",
        "nature",
        "published",
        "quote",
        "score",
        "source",
        "status",
        "title",
        "url",
      ].sort(),
    );
    expect(e).toMatchObject({ milestone: PLAN, area: "economy", status: "achieved", source: "Kremlin" });
    expect(e.url).toMatch(/\/news\/79012$/);
    expect(e.quote).toMatch(/Executive Order approving the plan/);
    expect(e.published).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const slack = hooks.to("/slack/T0/B0/xyz");
    expect(slack).toHaveLength(1);
    const message = JSON.parse(slack[0]!.body);
    expect(message.text).toContain(e.url);
    expect(message.text.split("\n")).toHaveLength(1);
    expect(JSON.stringify(message.blocks)).toContain(`<${e.url}|`);

    const telegram = hooks.to(`/bot${BOT_TOKEN}/sendMessage`);
    expect(telegram).toHaveLength(1);
    const sent = JSON.parse(telegram[0]!.body);
    expect(sent).toMatchObject({ chat_id: CHAT, parse_mode: "HTML" });
    expect(sent.text).toContain(`<a href="${e.url}">`);

    expect(payload.evidence.map((x: { area: string }) => x.area)).not.toContain("defense");
    expect(hooks.to("/defense-hook")).toHaveLength(0);
    expect(hooks.received).toHaveLength(3);

    // The same poll's hook running again, and the next poll (nothing new), send nothing more.
    await app.services.alerts.alertForPoll(pollId, [(await app.db.prisma.evidence.findFirstOrThrow()).id]);
    clock.set("2026-04-11T12:30:00Z");
    await app.services.poll.pollAll();
    expect(hooks.received).toHaveLength(3);
  });
});

describe("a poll with a new mention beside new progress", () => {
  it("gives an every-match channel one signed message with both, a progress-only one the progress alone, and mail the progress alone", async () => {
    const svc = app.services.channels;
    await svc.add({ type: "webhook", url: hooks.url("/every"), secret: SECRET, allMatches: true });
    await svc.add({ type: "webhook", url: hooks.url("/progress"), secret: SECRET });
    await svc.add({ type: "webhook", url: hooks.url("/defense"), areas: "defense", allMatches: true });
    await app.services.subscribers.add({ email: "now@example.org", frequency: "immediate" });

    const pollId = await pollKremlin("/kremlin/mixed/feed");

    const stored = await app.repos.evidence.list();
    const mentions = stored.filter((e) => !e.progress).map((e) => e.milestoneSlug);
    const progress = stored.filter((e) => e.progress).map((e) => e.milestoneSlug);
    expect(mentions).toEqual([MEETING]);
    expect(progress).toContain(PLAN);

    const [every, ...moreEvery] = hooks.to("/every");
    expect(moreEvery).toHaveLength(0);
    expect(every!.headers["x-policywatch-signature"]).toBe(signatureOf(every!.body, SECRET));
    expect(every!.headers["x-policywatch-event"]).toBe("match");
    const all = JSON.parse(every!.body);
    expect(all).toMatchObject({ event: "match", poll: pollId });
    const slugs = (p: { evidence: { milestone: string }[] }) => p.evidence.map((e) => e.milestone).sort();
    expect(slugs(all)).toEqual([...mentions, ...progress].sort());
    expect(all.evidence.find((e: { milestone: string }) => e.milestone === MEETING)).toMatchObject({
      nature: "discussion",
      url: expect.stringMatching(/\/news\/79020$/),
    });

    const [onlyProgress, ...moreProgress] = hooks.to("/progress");
    expect(moreProgress).toHaveLength(0);
    const stepPayload = JSON.parse(onlyProgress!.body);
    expect(stepPayload).toMatchObject({ event: "progress", poll: pollId });
    expect(slugs(stepPayload)).toEqual([...progress].sort());

    expect(hooks.to("/defense")).toHaveLength(0);
    expect(hooks.received).toHaveLength(2);

    const mail = await app.db.prisma.delivery.findFirstOrThrow({ where: { kind: "alert" } });
    expect(mail.text).toContain("National plan for artificial intelligence implementation approved");
    expect(mail.text).not.toContain("Meeting on the development of artificial intelligence");

    // The next poll finds nothing new: no message to anyone.
    clock.set("2026-04-11T12:30:00Z");
    await app.services.poll.pollAll();
    expect(hooks.received).toHaveLength(2);
    expect(await app.db.prisma.delivery.count()).toBe(1);
  });

  it("never alerts on backfilled items, even a channel that wants every match", async () => {
    await app.services.channels.add({ type: "webhook", url: hooks.url("/every"), allMatches: true });
    const { source } = await app.services.sources.add({
      url: server.url("/kremlin/mixed/feed"),
      kind: "atom",
      name: "Kremlin",
    });
    await app.services.backfill.backfill(source.id, { pages: 1 });
    expect(await app.db.prisma.evidence.count()).toBeGreaterThan(1);
    expect(hooks.received).toHaveLength(0);
    expect(await app.db.prisma.channelDelivery.count()).toBe(0);
  });
});

describe("a receiver that fails", () => {
  it("is retried by outbox retry once it heals, exactly once, with the delivery id of the failed tries", async () => {
    await app.services.channels.add({ type: "webhook", url: hooks.url("/hook"), secret: SECRET });
    hooks.answer("/hook", { status: 503, body: "down for maintenance" });
    await pollKremlin();
    expect(hooks.to("/hook")).toHaveLength(1);
    const row = await app.db.prisma.channelDelivery.findFirstOrThrow();
    expect(row).toMatchObject({ status: "retrying", attempts: 1 });
    expect(row.lastError).toContain("503 Service Unavailable: down for maintenance");
    const lastOf = async () => (await app.services.channels.list())[0]!.lastDelivery;
    expect(await lastOf()).toMatchObject({
      status: "failed",
      retrying: true,
      attempts: 1,
      event: "progress",
      pollId: row.pollId,
      deliveryId: row.deliveryId,
      error: expect.stringContaining("503 Service Unavailable: down for maintenance"),
    });

    // The delivery job waits out the backoff; `outbox retry` does not.
    expect((await app.services.outbox.deliverPending()).channels.sent).toBe(0);
    expect(hooks.to("/hook")).toHaveLength(1);
    expect((await app.services.outbox.retry()).channels.failed).toHaveLength(1);
    hooks.answer("/hook", { status: 200, body: "ok" });
    expect((await app.services.outbox.retry()).channels.sent).toBe(1);
    expect((await app.services.outbox.retry()).channels.sent).toBe(0);
    clock.set("2026-04-11T14:00:00Z");
    await app.services.outbox.deliverPending();

    const tries = hooks.to("/hook");
    expect(tries.map((t) => t.status)).toEqual([503, 503, 200]);
    expect(new Set(tries.map((t) => t.headers["x-policywatch-delivery"]))).toEqual(new Set([row.deliveryId]));
    expect(new Set(tries.map((t) => t.body)).size).toBe(1);
    expect(await app.db.prisma.channelDelivery.findFirstOrThrow()).toMatchObject({
      status: "sent",
      attempts: 3,
    });
    expect(await lastOf()).toMatchObject({
      status: "delivered",
      retrying: false,
      attempts: 3,
      error: null,
      deliveryId: row.deliveryId,
    });
  });

  it("waits as long as a 429's Retry-After asks, and gives up on a refusal after a few tries", async () => {
    await app.services.channels.add({ type: "webhook", url: hooks.url("/busy"), secret: SECRET });
    await app.services.channels.add({ type: "slack", url: hooks.url("/gone") });
    hooks.answer("/busy", { status: 429, headers: { "retry-after": "120" } });
    hooks.answer("/gone", { status: 404, body: "no_service" });
    await pollKremlin();
    await app.services.outbox.retry();
    expect(hooks.to("/busy")).toHaveLength(1);
    hooks.answer("/busy", { status: 200 });
    clock.set("2026-04-11T12:02:01Z");
    await app.services.outbox.retry();
    expect(hooks.to("/busy").map((t) => t.status)).toEqual([429, 200]);

    await app.services.outbox.retry();
    await app.services.outbox.retry();
    expect(hooks.to("/gone")).toHaveLength(3);
    const gone = await app.db.prisma.channelDelivery.findFirstOrThrow({
      where: { channel: { type: "slack" } },
    });
    expect(gone.status).toBe("failed");
    expect(gone.lastError).toMatch(/404 Not Found: no_service \(given up after 3 tries\)/);
  });
});

describe("channels test", () => {
  it("reaches the one channel asked for, with a signed test event", async () => {
    const a = await app.services.channels.add({ type: "webhook", url: hooks.url("/a"), secret: SECRET });
    await app.services.channels.add({ type: "webhook", url: hooks.url("/b"), secret: SECRET });
    await app.services.channels.add({
      type: "telegram",
      botToken: BOT_TOKEN,
      chatId: CHAT,
      apiUrl: hooks.origin,
    });
    const result = await app.services.channels.test(a.channel.id);
    expect(result).toMatchObject({ sent: true, error: null });
    expect(hooks.received.map((r) => r.path)).toEqual(["/a"]);
    expect(JSON.parse(hooks.received[0]!.body)).toEqual({ event: "test", poll: null, evidence: [] });
    expect(hooks.received[0]!.headers["x-policywatch-signature"]).toBe(
      signatureOf(hooks.received[0]!.body, SECRET),
    );
  });
});

describe("the bot token", () => {
  it("never appears in a list, an error or the outbox", async () => {
    const { channel } = await app.services.channels.add({
      type: "telegram",
      botToken: BOT_TOKEN,
      chatId: CHAT,
      apiUrl: "http://127.0.0.1:9",
    });
    expect(JSON.stringify(await app.services.channels.list())).not.toContain(BOT_TOKEN);
    const result = await app.services.channels.test(channel.id);
    expect(result.sent).toBe(false);
    expect(result.error).toMatch(/refused|connect/i);
    expect(result.error).not.toContain(BOT_TOKEN);
    expect(result.error).toContain("<bot token>");
    hooks.answer(`/bot${BOT_TOKEN}/sendMessage`, {
      status: 200,
      body: '{"ok":false,"description":"Forbidden: bot was blocked"}',
    });
    const other = await app.services.channels.add({
      type: "telegram",
      botToken: BOT_TOKEN,
      chatId: CHAT,
      apiUrl: hooks.origin,
    });
    const refused = await app.services.channels.test(other.channel.id);
    expect(refused.error).toMatch(/ok: false.*bot was blocked/);
    const rows = await app.db.prisma.channelDelivery.findMany();
    expect(JSON.stringify(rows)).not.toContain(BOT_TOKEN);
    // The list shows each channel's failure in words, the token left out.
    const listed = await app.services.channels.list();
    expect(listed.map((c) => c.lastDelivery?.status)).toEqual(["failed", "failed"]);
    expect(listed[0]!.lastDelivery!.error).toContain("<bot token>");
    expect(JSON.stringify(listed)).not.toContain(BOT_TOKEN);
    const outbox = await app.services.channels.outbox();
    expect(outbox.map((r) => r.to)).toEqual([`Telegram (chat ${CHAT})`, `Telegram (chat ${CHAT})`]);
    expect(JSON.stringify(outbox)).not.toContain(BOT_TOKEN);

    // A poll's messages that cannot be sent: the delivery job's error (what its queue records)
    // names both failures, never the token.
    await pollKremlin();
    const job = await app.services.outbox.deliverPending({ force: true, throwOnFailure: true }).then(
      () => "no error",
      (e: Error) => e.message,
    );
    expect(job).toMatch(/could not send 2 messages: .*<bot token>.*bot was blocked/);
    expect(job).not.toContain(BOT_TOKEN);
  });
});

describe("adding a channel", () => {
  it("refuses bad input in words, every problem at once, and stores nothing", async () => {
    const svc = app.services.channels;
    const refused = async (input: Parameters<typeof svc.add>[0]) => {
      try {
        await svc.add(input);
      } catch (err) {
        return (err as Error).message;
      }
      return "accepted";
    };
    expect(await refused({ type: "webhook", url: "ftp://x.example.org" })).toMatch(
      /"ftp:\/\/x.example.org\/" is not a full http/,
    );
    expect(
      await refused({ type: "webhook", url: "https://x.example.org", areas: "economy,mars", minScore: "2" }),
    ).toMatch(/unknown area "mars".*; the minimum score must be a number from 0 to 1/);
    expect(await refused({ type: "webhook", url: "https://x.example.org", secret: "short" })).toMatch(
      /at least 16 characters/,
    );
    expect(await refused({ type: "slack", url: "https://x.example.org/a", secret: "s".repeat(20) })).toMatch(
      /its URL is the secret/,
    );
    expect(await refused({ type: "telegram", botToken: "nope", chatId: "12 34" })).toMatch(
      /does not look like a Telegram bot token .*; the chat id "12 34" is not a number/,
    );
    expect(
      await refused({ type: "telegram", botToken: BOT_TOKEN, chatId: CHAT, apiUrl: "api.telegram.org" }),
    ).toMatch(/Bot API address "api.telegram.org" is not a full http/);
    expect(await app.services.channels.list()).toHaveLength(0);
  });

  it("refuses private and loopback addresses unless private sources are allowed", async () => {
    const { ChannelService } = await import("../../src/services/channel-service.js");
    const strict = new ChannelService(app.repos.channels, app.repos.agenda, {
      post: () => Promise.reject(new Error("no")),
    });
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://169.254.169.254/latest",
      "http://[::1]/x",
      "http://localhost/x",
    ]) {
      await expect(strict.add({ type: "webhook", url }), url).rejects.toThrow(
        /does not send to private or internal addresses/,
      );
    }
    await expect(
      strict.add({ type: "telegram", botToken: BOT_TOKEN, chatId: CHAT, apiUrl: "http://10.0.0.5" }),
    ).rejects.toThrow(/10.0.0.5 is a private network address/);
    expect(await app.services.channels.list()).toHaveLength(0);
  });
});

describe("several instances", () => {
  it("send each waiting message once", async () => {
    await app.services.channels.add({ type: "webhook", url: hooks.url("/hook"), secret: SECRET });
    hooks.answer("/hook", { status: 500 });
    await pollKremlin();
    hooks.answer("/hook", { status: 200 });
    const runs = await Promise.all([1, 2, 3].map(() => app.services.outbox.retry()));
    expect(runs.reduce((n, r) => n + r.channels.sent, 0)).toBe(1);
    expect(hooks.to("/hook").map((t) => t.status)).toEqual([500, 200]);
  });
});
