// Immediate alerts: when a poll finds new progress evidence, every `immediate` subscriber of an
// affected area gets one mail for that poll listing all of it, before the poll finishes (the
// pipeline's afterStore hook awaits alertForPoll). The outbox key alert:<pollId>:<subscriberId>
// makes a re-run of the hook for the same poll send nothing new. Alert channels get theirs from
// the same call (channel-service.ts), with their own outbox key per poll and channel; they are
// handed every new match, progress or not, since a channel may want every match.
import { buildAlert } from "../domain/digest/alert.js";
import { alertKey } from "../domain/digest/keys.js";
import type { DeliveryRepository, DeliveryWithSubscriber } from "../repositories/delivery-repository.js";
import type { NewsRepository } from "../repositories/news-repository.js";
import type { SubscriberRepository } from "../repositories/subscriber-repository.js";
import { mailHeaders, mailLinks } from "./digest-service.js";
import type { ChannelService, ChannelSummary } from "./channel-service.js";
import type { DeliveryFailure, DeliveryService, MailSettings } from "./delivery-service.js";

export interface AlertSummary {
  pollId: number;
  /** Progress evidence the alerts are about. */
  evidence: number;
  /** Subscribers with an alert for this poll (new or written before). */
  recipients: number;
  sent: number;
  failed: DeliveryFailure[];
  /** The poll's messages to alert channels (webhooks, Slack, Telegram). */
  channels?: ChannelSummary;
}

export class AlertService {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly news: NewsRepository,
    private readonly outbox: DeliveryService,
    private readonly mail: MailSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly channels: Pick<ChannelService, "forPoll" | "hasChannels"> | null = null,
  ) {}

  /** Whether any active subscriber wants immediate alerts (a batch of polls asks once, not per poll). */
  async hasRecipients(): Promise<boolean> {
    return (
      (await this.subscribers.active("immediate")).length > 0 || Boolean(await this.channels?.hasChannels())
    );
  }

  /**
   * Mails the poll's new progress evidence to the immediate subscribers of its areas, and gives
   * the channels their message about the poll's new evidence (`newEvidenceIds`: every new match,
   * progress or not; by default the progress alone). A failure does not fail the poll: it is
   * recorded in the outbox (and in the summary) and the deliver-mail job retries it.
   */
  async alertForPoll(
    pollId: number,
    progressEvidenceIds: number[],
    newEvidenceIds: number[] = progressEvidenceIds,
  ): Promise<AlertSummary> {
    const summary = await this.mailForPoll(pollId, progressEvidenceIds);
    if (this.channels)
      summary.channels = await this.channels.forPoll(pollId, {
        all: newEvidenceIds,
        progress: progressEvidenceIds,
      });
    return summary;
  }

  private async mailForPoll(pollId: number, progressEvidenceIds: number[]): Promise<AlertSummary> {
    const summary: AlertSummary = { pollId, evidence: 0, recipients: 0, sent: 0, failed: [] };
    if (progressEvidenceIds.length === 0) return summary;
    const evidence = await this.news.evidence({ ids: progressEvidenceIds, progressOnly: true });
    summary.evidence = evidence.length;
    if (evidence.length === 0) return summary;
    const subs = await this.subscribers.active("immediate");
    if (subs.length === 0) return summary;
    const sourceName = await this.news.pollSourceName(pollId);
    const asOf = this.now();
    const rows: DeliveryWithSubscriber[] = [];
    for (const sub of subs) {
      const theirs =
        sub.areas.length === 0 ? evidence : evidence.filter((e) => sub.areas.includes(e.areaSlug));
      if (theirs.length === 0) continue;
      const mail = buildAlert({
        subscriber: { ...sub, frequency: "immediate" },
        sourceName,
        asOf,
        evidence: theirs,
        links: mailLinks(this.mail, sub.unsubscribeToken),
      });
      const { row } = await this.deliveries.createOnce({
        key: alertKey(pollId, sub.id),
        subscriberId: sub.id,
        kind: "alert",
        periodStart: null,
        periodEnd: null,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mailHeaders(this.mail, sub.unsubscribeToken),
        evidenceUpTo: Math.max(...theirs.map((e) => e.id)),
        createdAt: asOf,
      });
      rows.push(row);
    }
    summary.recipients = rows.length;
    const delivered = await this.outbox.deliver(rows.filter((r) => r.status !== "sent"));
    summary.sent = delivered.sent;
    summary.failed = delivered.failed;
    return summary;
  }
}
