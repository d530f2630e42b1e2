// How a channel message is sent and what its receiver's answer means: the request (URL, headers,
// signature), then sent, tried again later (connection, 5xx, 429, Telegram's ok:false), or, for
// other refusals, given up after a few tries. Pure (HMAC is a computation, not I/O).
import { createHmac } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { isRetryDue } from "../digest/retry.js";
import { cleanText, shorten } from "../digest/text.js";
import { type ChannelView, maskTarget } from "./channel-input.js";

/** A refusal (4xx other than 429, a redirect) is tried this many times, then marked failed. */
export const MAX_REFUSED_ATTEMPTS = 3;
/** A 429 without Retry-After waits this long. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

export interface ChannelTarget {
  type: string;
  target: string;
  secret: string | null;
  apiUrl: string | null;
}

export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as in X-Policywatch-Signature. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export function channelRequest(
  channel: ChannelTarget,
  body: string,
  deliveryId: string,
  event: string,
): ChannelRequest {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (channel.type === "telegram") {
    return { url: `${channel.apiUrl}/bot${channel.secret}/sendMessage`, headers, body };
  }
  if (channel.type === "webhook") {
    headers["x-policywatch-event"] = event;
    headers["x-policywatch-delivery"] = deliveryId;
    if (channel.secret) headers["x-policywatch-signature"] = signBody(body, channel.secret);
  }
  return { url: channel.target, headers, body };
}

export interface ReceiverAnswer {
  status: number;
  body: string;
  retryAfterSeconds: number | null;
}

export type Verdict =
  | { outcome: "sent" }
  | { outcome: "retry"; error: string; retryAfterSeconds: number | null }
  | { outcome: "refused"; error: string };

/** Where the message went, in words, without secrets. */
export function receiverWords(channel: ChannelTarget): string {
  if (channel.type === "telegram") return `Telegram (chat ${channel.target})`;
  return `the ${channel.type === "slack" ? "Slack hook" : "webhook"} at ${maskTarget(channel.type, channel.target)}`;
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

function telegramAnswer(body: string): TelegramAnswer | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as TelegramAnswer) : null;
  } catch {
    return null;
  }
}

function answerText(body: string): string {
  const text = shorten(cleanText(body), 200);
  return text ? `: ${text}` : "";
}

/** Judges one answer. */
export function judgeAnswer(channel: ChannelTarget, answer: ReceiverAnswer): Verdict {
  const who = receiverWords(channel);
  const words = `${answer.status} ${STATUS_CODES[answer.status] ?? "(unknown status)"}`;
  const telegram = channel.type === "telegram" ? telegramAnswer(answer.body) : null;
  const said = telegram?.description
    ? `: ${shorten(cleanText(telegram.description), 200)}`
    : answerText(answer.body);
  if (answer.status >= 200 && answer.status < 300) {
    if (channel.type !== "telegram" || telegram?.ok === true) return { outcome: "sent" };
    return {
      outcome: "retry",
      error: `${who} did not accept the message (ok: false)${said}`,
      retryAfterSeconds: null,
    };
  }
  const retryAfter = answer.retryAfterSeconds ?? telegram?.parameters?.retry_after ?? null;
  if (answer.status === 429) {
    const wait = retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS;
    return {
      outcome: "retry",
      error: `${who} answered ${words} and asked to wait ${wait} seconds${said}`,
      retryAfterSeconds: wait,
    };
  }
  if (answer.status >= 500) {
    return { outcome: "retry", error: `${who} answered ${words}${said}`, retryAfterSeconds: retryAfter };
  }
  const why = answer.status >= 300 && answer.status < 400 ? " (a redirect: give the final address)" : "";
  return { outcome: "refused", error: `${who} answered ${words}${why}${said}` };
}

/** Whether the delivery job should try the row now: the mail outbox's backoff, and the receiver's Retry-After. */
export function isChannelRetryDue(
  row: { status: string; attempts: number; claimedAt: Date | null; notBefore: Date | null },
  now: Date,
  force: boolean,
): boolean {
  if (row.notBefore && row.notBefore.getTime() > now.getTime()) return false;
  if (force || row.status === "sending") return true;
  return isRetryDue({ ...row, status: row.status === "retrying" ? "failed" : row.status }, now);
}

/** A channel's message as users see it: when, and whether it arrived. */
export interface DeliveryView {
  /** ISO time: when it was delivered, last tried, or written (not tried yet). */
  at: string;
  /** delivered; failed (its last try failed: `retrying` says whether it is tried again); pending (not tried yet, or being sent). */
  status: "delivered" | "failed" | "pending";
  /** A failed message that will be tried again (false: given up, or not failed). */
  retrying: boolean;
  /** progress | match | test */
  event: string;
  pollId: number | null;
  attempts: number;
  /** Why its last try failed, in words and without secrets; null once delivered. */
  error: string | null;
  /** Its X-Policywatch-Delivery id (the same on every try). */
  deliveryId: string;
}

/** A channel with its latest message (null: nothing sent to it yet). */
export interface ChannelWithDelivery extends ChannelView {
  lastDelivery: DeliveryView | null;
}

/** The outbox row's state as users read it. */
export function deliveryView(row: {
  status: string;
  attempts: number;
  lastError: string | null;
  event: string;
  pollId: number | null;
  deliveryId: string;
  claimedAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}): DeliveryView {
  const status =
    row.status === "sent"
      ? "delivered"
      : row.status === "pending" || row.status === "sending"
        ? "pending"
        : "failed";
  const at = status === "delivered" ? row.sentAt : status === "failed" ? row.claimedAt : null;
  return {
    at: (at ?? row.createdAt).toISOString(),
    status,
    retrying: row.status === "retrying",
    event: row.event,
    pollId: row.pollId,
    attempts: row.attempts,
    error: status === "delivered" ? null : row.lastError,
    deliveryId: row.deliveryId,
  };
}
