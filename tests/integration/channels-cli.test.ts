// The channels commands through the real `policywatch` executable: the fixed shapes of
// `channels add --json` and `channels list --json` with secrets masked, a generated webhook
// secret printed once, negative Telegram chat ids, bad input refused in words, each channel's
// latest message in `channels list`, channel messages beside mails in `outbox list`, and a
// webhook that answered 503 delivered exactly once by `outbox retry` once it heals.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.js";
import { type HookReceiver, startHookReceiver } from "../helpers/hook-receiver.js";
import { addEvidence, addPoll, addSource } from "../helpers/news-rows.js";
import { runPolicywatch } from "../helpers/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/test-app.js";

const BOT_TOKEN = "987654321:AAFsecretBotTokenValueForTests_0123";

let db: TestDatabase;
let hooks: HookReceiver;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runPolicywatch(args, env);

beforeAll(async () => {
  hooks = await startHookReceiver();
  db = await createTestDatabase();
  env = { ...db.env, SCHEDULER: "off" };
});
afterAll(async () => {
  await db?.drop();
  await hooks?.close();
});

// Every command is a process start with the embedded database: slow on a busy machine.
describe("policywatch channels", { timeout: 180_000 }, () => {
  let webhookId: number;
  let secret: string;

  it("adds a webhook with a generated secret, printed once, in the fixed JSON shape", async () => {
    const r = await cli(
      "channels",
      "add",
      "webhook",
      hooks.url("/hook"),
      "--areas",
      "economy",
      "--min-score",
      "0.2",
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual([
      "allMatches",
      "areas",
      "id",
      "minScore",
      "secret",
      "target",
      "type",
    ]);
    expect(out).toMatchObject({
      type: "webhook",
      target: hooks.url("/hook"),
      areas: ["economy"],
      allMatches: false,
      minScore: 0.2,
    });
    expect(out.secret.length).toBeGreaterThanOrEqual(32);
    webhookId = out.id;
    secret = out.secret;
  });

  it("adds Slack hooks with their secret path masked", async () => {
    const slack = await cli(
      "channels",
      "add",
      "slack",
      "https://hooks.example.org/services/T01/B02/s3cr3tPath",
      "--all-matches",
      "--json",
    );
    expect(slack.code).toBe(0);
    expect(JSON.parse(slack.stdout)).toEqual({
      id: expect.any(Number),
      type: "slack",
      target: "https://hooks.example.org/services/***",
      areas: [],
      allMatches: true,
      minScore: 0,
    });
  });

  it("adds Telegram chats with negative ids given both ways, the bot token never printed", async () => {
    for (const chat of [["--chat-id", "-1001234567890"], ["--chat-id=-1001234567891"]]) {
      const r = await cli(
        "channels",
        "add",
        "telegram",
        "--bot-token",
        BOT_TOKEN,
        ...chat,
        "--api-url",
        hooks.origin,
        "--json",
      );
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toMatchObject({
        type: "telegram",
        target: chat.join("=").replace("--chat-id=", ""),
      });
      expect(r.stdout).not.toContain(BOT_TOKEN);
    }
  });

  it("lists every channel with its secrets masked", async () => {
    const list = await cli("channels", "list", "--json");
    const channels = JSON.parse(list.stdout);
    expect(channels.map((c: { type: string }) => c.type)).toEqual([
      "webhook",
      "slack",
      "telegram",
      "telegram",
    ]);
    expect(channels[0]).toMatchObject({ id: webhookId, secret: "***" });
    expect(list.stdout).not.toContain(BOT_TOKEN);
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).not.toContain("s3cr3tPath");
    expect(channels.map((c: { lastDelivery: unknown }) => c.lastDelivery)).toEqual([null, null, null, null]);
    const text = await cli("channels", "list");
    expect(text.stdout).not.toContain(BOT_TOKEN);
    expect(text.stdout).toContain("chat -1001234567890");
    expect(text.stdout).toContain("      last message: nothing sent yet\n");
  });

  // Each case is one process start, so only those that differ in where they are caught are here;
  // the service refuses the rest (tests/integration/channels.test.ts).
  it("refuses bad input and an unknown channel in words with exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["channels", "add", "pager", "https://x.example.org"], /"pager" is not a channel type/],
      [
        ["channels", "add", "telegram", "--chat-id", "-100", "--min-score", "lots"],
        /needs --bot-token.*minimum score must be a number/,
      ],
    ];
    for (const [args, words] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(words);
    }
    // A channel id that does not exist is a request to fix, as an unknown milestone or source is.
    const missing = await cli("channels", "test", "999");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/There is no channel 999/);
  });

  it("tests one channel only, and removes a channel", async () => {
    const before = hooks.received.length;
    const r = await cli("channels", "test", String(webhookId), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: true, error: null });
    expect(hooks.received.slice(before).map((p) => p.path)).toEqual(["/hook"]);
    const sent = hooks.received.at(-1)!;
    expect(sent.headers["x-policywatch-signature"]).toBe(
      `sha256=${createHmac("sha256", secret).update(sent.body).digest("hex")}`,
    );

    const removed = await cli("channels", "remove", String(webhookId + 1));
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(
      /Removed channel \d+ \(slack → https:\/\/hooks.example.org\/services\/\*\*\*/,
    );
  });

  it("outbox retry delivers a webhook message that met a 503 exactly once, with the same delivery id", async () => {
    hooks.answer("/hook", { status: 503, body: "maintenance" });
    const app = await openApp(db.config);
    try {
      const src = await addSource(app.db.prisma, { name: "Kremlin (EN)" });
      const poll = await addPoll(app.db.prisma, src.id);
      const e = await addEvidence(app.db.prisma, {
        sourceId: src.id,
        milestone: "ai-in-energy",
        title: "AI grid control",
        recordedAt: new Date(),
      });
      const summary = await app.services.alerts.alertForPoll(poll, [e]);
      expect(summary.channels?.failed[0]?.error).toMatch(/503 Service Unavailable: maintenance/);
    } finally {
      await app.close();
    }
    const listed = await cli("channels", "list");
    expect(listed.stdout).toMatch(
      new RegExp(
        `${webhookId}  webhook → ${hooks.url("/hook")}: areas economy, progress only, score at least 0.2\n` +
          "      last message: failed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(progress, poll \\d+\\) after 1 try, " +
          "tried again later: the webhook at .* answered 503 Service Unavailable: maintenance\n",
      ),
    );
    const waiting = await cli("outbox", "list");
    expect(waiting.stdout).toMatch(
      new RegExp(
        `^No mail in the outbox\\.\nChannel messages:\n[\\s\\S]*\\d+  retrying +\\S+ \\S+  channel ${webhookId}: ` +
          "the webhook at .*/hook  \\(progress, poll \\d+\\)\n" +
          "       1 attempt, last error: the webhook at .* answered 503 Service Unavailable: maintenance\n",
      ),
    );
    expect(waiting.stdout).not.toContain(BOT_TOKEN);
    const failing = await cli("outbox", "retry");
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/could not send 1 of 1 channel messages:[\s\S]*503 Service Unavailable/);
    hooks.answer("/hook", { status: 204 });
    const healed = await cli("outbox", "retry");
    expect(healed.code).toBe(0);
    expect(healed.stdout).toContain("Sent 1 channel message.");
    expect((await cli("outbox", "retry")).stdout).toContain("Nothing is waiting in the outbox.");
    expect(JSON.parse((await cli("outbox", "list", "--json")).stdout)).toEqual([]);
    const outbox = JSON.parse((await cli("outbox", "list", "--json", "--channels")).stdout);
    const progress = outbox.filter((r: { event: string }) => r.event === "progress");
    expect(progress.find((r: { channel: { id: number } }) => r.channel.id === webhookId)).toMatchObject({
      kind: "channel",
      channel: { id: webhookId, type: "webhook", target: hooks.url("/hook") },
      status: "sent",
      attempts: 3,
      lastError: null,
    });
    expect(outbox.every((r: { kind: string }) => r.kind === "channel")).toBe(true);
    expect(JSON.stringify(outbox)).not.toContain(BOT_TOKEN);
    const [webhook] = JSON.parse((await cli("channels", "list", "--json")).stdout);
    expect(webhook.lastDelivery).toMatchObject({
      status: "delivered",
      event: "progress",
      attempts: 3,
      error: null,
    });
    const tries = hooks.to("/hook").filter((p) => JSON.parse(p.body).event === "progress");
    expect(tries.map((t) => t.status)).toEqual([503, 503, 204]);
    expect(new Set(tries.map((t) => t.headers["x-policywatch-delivery"])).size).toBe(1);
  });
});
