// Sending what is in the outbox. Each row is claimed, sent through the mail transport, and
// marked sent or failed (rules and the exactly-once argument: repositories/delivery-repository.ts).
// A failure is recorded in words on the row and tried again later: by the deliver-mail job with
// backoff (domain/digest/retry.ts), or at once by `outbox retry` and `digest --send`.
import { isRetryDue } from "../domain/digest/retry.js";
import { messageIdFor } from "../domain/digest/keys.js";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";
import type { DeliveryRepository, DeliveryWithSubscriber } from "../repositories/delivery-repository.js";
import { MailDeliveryError, type MailTransport } from "../infra/mail-transport.js";
import type { ChannelService, ChannelSummary } from "./channel-service.js";

export interface MailSettings {
  /** MAIL_FROM */
  from: string;
  /** config.publicUrl, no trailing slash. */
  publicUrl: string;
}

export interface DeliveryFailure {
  id: number;
  key: string;
  email: string;
  /** In words. */
  error: string;
}

export interface DeliverySummary {
  sent: number;
  /** Sent meanwhile, or being sent by another instance right now: nothing to do here. */
  skipped: number;
  /** Not sent: recorded on the row, retried later. Includes rows not tried because the transport was down. */
  failed: DeliveryFailure[];
  /** How the mail went out: "the SMTP server at …" or "files in …". */
  transport: string;
  /** Messages to alert channels sent from the same outbox run (none when there are no channels). */
  channels: ChannelSummary;
}

export interface OutboxEntry {
  id: number;
  key: string;
  kind: string;
  email: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface DeliveryServiceOptions {
  /** A `sending` claim older than this is taken over (its sender died). Default 10 minutes. */
  staleClaimMs?: number;
  /** The channel outbox, sent by the same job and `outbox retry`. */
  channels?: Pick<ChannelService, "deliverPending">;
}

export class DeliveryFailedError extends Error implements CategorizedError {
  constructor(readonly summary: DeliverySummary) {
    const mails = summary.failed.slice(0, 3).map((f) => `${f.email}: ${f.error}`);
    const channels = summary.channels.failed
      .filter((f) => !f.final)
      .slice(0, 3)
      .map((f) => f.error);
    const count = summary.failed.length + channels.length;
    super(`could not send ${count} message${count === 1 ? "" : "s"}: ${[...mails, ...channels].join("; ")}`);
    this.name = "DeliveryFailedError";
  }

  get category(): ErrorCategory {
    return "unavailable";
  }
}

export class DeliveryService {
  private readonly staleClaimMs: number;
  private readonly channels: Pick<ChannelService, "deliverPending"> | null;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly transport: MailTransport,
    private readonly mail: MailSettings,
    private readonly now: () => Date = () => new Date(),
    options: DeliveryServiceOptions = {},
  ) {
    this.staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
    this.channels = options.channels ?? null;
  }

  private staleBefore(): Date {
    return new Date(this.now().getTime() - this.staleClaimMs);
  }

  /** Sends the given rows (each at most once; see the repository). Never throws for a mail failure. */
  async deliver(rows: DeliveryWithSubscriber[]): Promise<DeliverySummary> {
    const channels = { sent: 0, skipped: 0, failed: [] };
    const transport = this.transport.description;
    const summary: DeliverySummary = { sent: 0, skipped: 0, failed: [], transport, channels };
    let down: string | null = null;
    for (const row of rows) {
      if (down) {
        // The server is unreachable: trying the rest now only waits out more timeouts. They stay
        // as they are and go out with the next attempt.
        summary.failed.push({
          id: row.id,
          key: row.key,
          email: row.subscriber.email,
          error: `not tried: ${down}`,
        });
        continue;
      }
      const claimed = await this.deliveries.claim(row.id, this.now(), this.staleBefore());
      if (!claimed) {
        summary.skipped++;
        continue;
      }
      if (claimed.subscriber.status !== "active") {
        await this.deliveries.markCancelled(claimed.id, "the subscriber unsubscribed before it was sent");
        summary.skipped++;
        continue;
      }
      try {
        const sent = await this.transport.send(this.outgoing(claimed));
        await this.deliveries.markSent(claimed, sent.messageId, this.now());
        summary.sent++;
      } catch (err) {
        const words =
          err instanceof MailDeliveryError
            ? err.message
            : `unexpected error: ${(err as Error).message ?? String(err)}`;
        await this.deliveries.markFailed(claimed.id, words);
        summary.failed.push({
          id: claimed.id,
          key: claimed.key,
          email: claimed.subscriber.email,
          error: words,
        });
        if (err instanceof MailDeliveryError && err.transportDown) down = words;
      }
    }
    return summary;
  }

  private outgoing(row: DeliveryWithSubscriber) {
    return {
      key: row.key,
      from: this.mail.from,
      to: { name: row.subscriber.name, address: row.subscriber.email },
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: messageIdFor(row.key, row.subscriber.unsubscribeToken, this.mail.from),
      headers: (row.headers ?? {}) as Record<string, string>,
      date: row.createdAt,
    };
  }

  /**
   * Sends what is waiting in the outbox. By default (the deliver-mail job) failed rows wait out
   * their backoff; `force` (outbox retry) tries every unsent row now.
   */
  async deliverPending(opts: { force?: boolean; throwOnFailure?: boolean } = {}): Promise<DeliverySummary> {
    const now = this.now();
    const rows = (await this.deliveries.unsent(this.staleBefore())).filter(
      (r) => opts.force || r.status === "sending" || isRetryDue(r, now),
    );
    const summary = await this.deliver(rows);
    if (this.channels) summary.channels = await this.channels.deliverPending({ force: opts.force });
    const retryable = summary.failed.length + summary.channels.failed.filter((f) => !f.final).length;
    if (opts.throwOnFailure && retryable > 0) throw new DeliveryFailedError(summary);
    return summary;
  }

  /** `outbox retry`: every unsent mail and channel message, now (a receiver's Retry-After still holds). */
  retry(): Promise<DeliverySummary> {
    return this.deliverPending({ force: true });
  }

  async list(opts: { status?: string; limit?: number } = {}): Promise<OutboxEntry[]> {
    const rows = await this.deliveries.list(opts);
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      kind: r.kind,
      email: r.subscriber.email,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      messageId: r.messageId,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    }));
  }

  counts(): Promise<Record<string, number>> {
    return this.deliveries.countByStatus();
  }
}
