// Alert channels beside mail: adding, listing, removing and testing them, and the messages a
// poll's new evidence gives them. Like immediate mail alerts, a poll's message to each channel is
// written to the channel outbox first (one per poll and channel) and sent before the poll
// finishes; a failure is recorded in words and the deliver-mail job or `outbox retry` tries again.
import { randomBytes, randomUUID } from "node:crypto";
import { forbiddenAddressReason } from "../domain/address-policy.js";
import {
  type ChannelInput,
  type ChannelView,
  maskTarget,
  redactSecret,
  validateChannel,
} from "../domain/channels/channel-input.js";
import {
  type ChannelWithDelivery,
  MAX_REFUSED_ATTEMPTS,
  channelRequest,
  deliveryView,
  isChannelRetryDue,
  judgeAnswer,
  receiverWords,
  type Verdict,
} from "../domain/channels/delivery-rules.js";
import { type ChannelMessage, channelBodies, evidenceFor, eventFor } from "../domain/channels/messages.js";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";
import { fitToBytes, type PageRequest, type Paged } from "../domain/paging.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import type {
  ChannelDeliveryWithChannel,
  ChannelRepository,
  ChannelRow,
} from "../repositories/channel-repository.js";
import type { PostAnswer, PostInit } from "../infra/http-fetcher.js";

/** The part of the HTTP fetcher channels use: the sources' address policy and timeouts. */
export interface ChannelPoster {
  post(url: string, init: PostInit): Promise<PostAnswer>;
}

export class ChannelError extends Error implements CategorizedError {
  constructor(
    readonly kind: "invalid" | "not-found",
    message: string,
  ) {
    super(message);
    this.name = "ChannelError";
  }

  get category(): ErrorCategory {
    return this.kind;
  }
}

export interface ChannelFailure {
  id: number;
  key: string;
  /** Where it was going, in words, without secrets. */
  channel: string;
  error: string;
  /** Given up (the receiver refused it): no more automatic tries. */
  final: boolean;
}

export interface ChannelSummary {
  sent: number;
  /** Sent meanwhile, or being sent by another instance right now. */
  skipped: number;
  failed: ChannelFailure[];
}

/** A poll's new evidence: every new match, and those of them that say progress. */
export interface PollEvidence {
  all: number[];
  progress: number[];
}

export interface ChannelTestResult {
  channel: ChannelView;
  sent: boolean;
  deliveryId: string;
  error: string | null;
}

/** A channel message in the outbox, as `outbox list` shows it beside the mails. */
export interface ChannelOutboxEntry {
  id: number;
  key: string;
  kind: "channel";
  channel: { id: number; type: string; target: string };
  /** Where it goes, in words, without secrets. */
  to: string;
  event: string;
  pollId: number | null;
  deliveryId: string;
  /** pending | sending | sent | retrying | failed (given up) */
  status: string;
  attempts: number;
  lastError: string | null;
  /** Not tried before this, even by `outbox retry` (the receiver's Retry-After). */
  notBefore: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ChannelServiceOptions {
  /** A `sending` claim older than this is taken over (its sender died). */
  staleClaimMs?: number;
  /** ALLOW_PRIVATE_SOURCES: channels may point at private and loopback addresses too. */
  allowPrivateAddresses?: boolean;
}

export function channelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    type: row.type,
    target: maskTarget(row.type, row.target),
    areas: row.areas,
    allMatches: row.allMatches,
    minScore: row.minScore,
    secret: row.secret ? "***" : null,
    apiUrl: row.apiUrl,
    createdAt: row.createdAt.toISOString(),
  };
}

export class ChannelService {
  private readonly staleClaimMs: number;
  private readonly allowPrivate: boolean;

  constructor(
    private readonly channels: ChannelRepository,
    private readonly agenda: Pick<AgendaRepository, "areaSlugs">,
    private readonly poster: ChannelPoster,
    private readonly now: () => Date = () => new Date(),
    options: ChannelServiceOptions = {},
  ) {
    this.staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
    this.allowPrivate = options.allowPrivateAddresses ?? false;
  }

  /** Adds a channel; a webhook without a secret gets one, returned here once and never shown again. */
  async add(input: ChannelInput): Promise<{ channel: ChannelView; generatedSecret: string | null }> {
    const checked = validateChannel(input, await this.agenda.areaSlugs(), () =>
      randomBytes(24).toString("base64url"),
    );
    if (!checked.ok)
      throw new ChannelError("invalid", `Cannot add the channel: ${checked.problems.join("; ")}.`);
    const refused = this.refusedAddress(
      checked.value.type === "telegram" ? checked.value.apiUrl! : checked.value.target,
    );
    if (refused) throw new ChannelError("invalid", `Cannot add the channel: ${refused}.`);
    const row = await this.channels.create({ ...checked.value, createdAt: this.now() });
    return { channel: channelView(row), generatedSecret: checked.generatedSecret };
  }

  // An address written as an IP can be judged now; host names are checked on every send.
  private refusedAddress(url: string): string | null {
    if (this.allowPrivate) return null;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    const reason = /^[\d.]+$|:/.test(host)
      ? forbiddenAddressReason(host)
      : host === "localhost"
        ? "loopback"
        : null;
    return reason
      ? `${host} is ${reason === "loopback" ? "a loopback address" : reason}; ` +
          "policywatch does not send to private or internal addresses (set ALLOW_PRIVATE_SOURCES=true to allow them)"
      : null;
  }

  /** Every channel, its secrets masked, with its latest message and whether it arrived. */
  async list(): Promise<ChannelWithDelivery[]> {
    return this.withDeliveries(await this.channels.list());
  }

  /** One page of the channels, oldest first, as `list` shows them, with how many there are in all. */
  async listPage(page: PageRequest): Promise<Paged<ChannelWithDelivery>> {
    const { rows, total } = await this.channels.page(page);
    return { rows: fitToBytes(await this.withDeliveries(rows)), total };
  }

  private async withDeliveries(rows: ChannelRow[]): Promise<ChannelWithDelivery[]> {
    const latest = await this.channels.latestDeliveries(rows.map((r) => r.id));
    return rows.map((row) => {
      const last = latest.get(row.id);
      return { ...channelView(row), lastDelivery: last ? deliveryView(last) : null };
    });
  }

  /** The latest channel messages in the outbox, newest first. */
  async outbox(opts: { limit?: number } = {}): Promise<ChannelOutboxEntry[]> {
    const rows = await this.channels.deliveries({ limit: opts.limit ?? 100 });
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      kind: "channel",
      channel: {
        id: r.channel.id,
        type: r.channel.type,
        target: maskTarget(r.channel.type, r.channel.target),
      },
      to: receiverWords(r.channel),
      event: r.event,
      pollId: r.pollId,
      deliveryId: r.deliveryId,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      notBefore: r.notBefore?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    }));
  }

  async hasChannels(): Promise<boolean> {
    return (await this.channels.count()) > 0;
  }

  private async find(id: number): Promise<ChannelRow> {
    const row = Number.isSafeInteger(id) && id > 0 ? await this.channels.findById(id) : null;
    if (!row)
      throw new ChannelError("not-found", `There is no channel ${id}. See policywatch channels list.`);
    return row;
  }

  /** Removes the channel and its unsent messages. */
  async remove(id: number): Promise<ChannelView> {
    const row = await this.find(id);
    await this.channels.delete(row.id);
    return channelView(row);
  }

  /** Sends a test message to this channel only, now; a failed test is not retried. */
  async test(id: number): Promise<ChannelTestResult> {
    const channel = await this.find(id);
    const deliveryId = randomUUID();
    const message: ChannelMessage = { event: "test", poll: null, evidence: [] };
    const { row } = await this.channels.createOnce({
      key: `test:${channel.id}:${deliveryId}`,
      channelId: channel.id,
      event: "test",
      pollId: null,
      bodies: channelBodies(channel.type, channel.target, message),
      deliveryId,
      createdAt: this.now(),
    });
    const summary = await this.deliver([row], { finalOnFailure: true });
    return {
      channel: channelView(channel),
      sent: summary.sent === 1,
      deliveryId,
      error: summary.failed[0]?.error ?? null,
    };
  }

  /**
   * Writes one message per channel whose filters pass some of the poll's new evidence, then sends
   * them. Never throws for a receiver's failure: it is recorded on the row and retried later.
   */
  async forPoll(pollId: number, newEvidence: PollEvidence): Promise<ChannelSummary> {
    const empty: ChannelSummary = { sent: 0, skipped: 0, failed: [] };
    if (newEvidence.all.length === 0) return empty;
    const channels = await this.channels.list();
    // Mentions are read only when some channel wants them: a first poll gives thousands.
    const ids = channels.some((c) => c.allMatches) ? newEvidence.all : newEvidence.progress;
    if (channels.length === 0 || ids.length === 0) return empty;
    const evidence = await this.channels.evidence(ids);
    const rows: ChannelDeliveryWithChannel[] = [];
    for (const channel of channels) {
      const theirs = evidenceFor(channel, evidence);
      if (theirs.length === 0) continue;
      const message: ChannelMessage = { event: eventFor(theirs), poll: pollId, evidence: theirs };
      const { row } = await this.channels.createOnce({
        key: `channel:${pollId}:${channel.id}`,
        channelId: channel.id,
        event: message.event,
        pollId,
        bodies: channelBodies(channel.type, channel.target, message),
        deliveryId: randomUUID(),
        createdAt: this.now(),
      });
      rows.push(row);
    }
    return this.deliver(rows.filter((r) => r.status === "pending" || r.status === "retrying"));
  }

  /**
   * Sends what waits in the channel outbox: by default (the deliver-mail job) after each row's
   * backoff; `force` (outbox retry) now. Either way a receiver's Retry-After is honoured.
   */
  async deliverPending(opts: { force?: boolean } = {}): Promise<ChannelSummary> {
    const now = this.now();
    const rows = (await this.channels.unsent(this.staleBefore())).filter((r) =>
      isChannelRetryDue(r, now, opts.force ?? false),
    );
    return this.deliver(rows);
  }

  private staleBefore(): Date {
    return new Date(this.now().getTime() - this.staleClaimMs);
  }

  private async deliver(
    rows: ChannelDeliveryWithChannel[],
    opts: { finalOnFailure?: boolean } = {},
  ): Promise<ChannelSummary> {
    const summary: ChannelSummary = { sent: 0, skipped: 0, failed: [] };
    for (const row of rows) {
      const claimed = await this.channels.claim(row.id, this.now(), this.staleBefore());
      if (!claimed) {
        summary.skipped++;
        continue;
      }
      const failure = await this.sendClaimed(claimed, opts.finalOnFailure ?? false);
      if (failure) summary.failed.push(failure);
      else summary.sent++;
    }
    return summary;
  }

  // Sends the parts not yet accepted, in order; stops at the first failure and records it.
  private async sendClaimed(
    row: ChannelDeliveryWithChannel,
    finalOnFailure: boolean,
  ): Promise<ChannelFailure | null> {
    const channel = row.channel;
    for (let part = row.partsSent; part < row.bodies.length; part++) {
      const verdict = await this.sendOne(channel, row.bodies[part]!, row.deliveryId, row.event);
      if (verdict.outcome === "sent") {
        if (part + 1 < row.bodies.length) await this.channels.markPartSent(row.id, part + 1);
        continue;
      }
      const error = redactSecret(verdict.error, channel.type === "telegram" ? channel.secret : null);
      const final = finalOnFailure || (verdict.outcome === "refused" && row.attempts >= MAX_REFUSED_ATTEMPTS);
      const wait = verdict.outcome === "retry" ? verdict.retryAfterSeconds : null;
      const notBefore = wait ? new Date(this.now().getTime() + wait * 1000) : null;
      const words =
        final && verdict.outcome === "refused" && !finalOnFailure
          ? `${error} (given up after ${row.attempts} tries)`
          : error;
      await this.channels.markFailed(row.id, final ? "failed" : "retrying", words, notBefore);
      return { id: row.id, key: row.key, channel: receiverWords(channel), error: words, final };
    }
    await this.channels.markSent(row.id, this.now(), row.bodies.length);
    return null;
  }

  private async sendOne(
    channel: ChannelRow,
    body: string,
    deliveryId: string,
    event: string,
  ): Promise<Verdict> {
    const request = channelRequest(channel, body, deliveryId, event);
    try {
      const answer = await this.poster.post(request.url, { body: request.body, headers: request.headers });
      return judgeAnswer(channel, answer);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { outcome: "retry", error: `${receiverWords(channel)}: ${message}`, retryAfterSeconds: null };
    }
  }
}
