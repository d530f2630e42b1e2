// Daily and weekly digests: what goes into each subscriber's digest for the current period,
// writing it to the outbox once per (frequency, period, subscriber), and sending it.
//
// What a digest covers:
//   - evidence with an id above the subscriber's watermark, up to the highest id when the digest
//     is written (the snapshot becomes the next watermark once it is sent). A first digest
//     (nothing sent yet) covers at most one period back, by when the evidence was recorded and by
//     the item's own date, so a subscriber never gets the whole backfill; if an earlier first
//     digest was written but never sent, from where that one started (it is superseded, and its
//     news must not be lost with it);
//   - status changes recorded since the last digest sent (a first: one period back). Changes
//     the agenda file itself states (cause "agenda") are the agenda's baseline, not news;
//   - deadlines and source health as they are now.
// A digest written but not sent keeps its content; if the next period's digest is written first,
// it supersedes the older one (it covers the same news and more).
import { type BuiltDigest, buildDigest } from "../domain/digest/digest.js";
import { digestKey } from "../domain/digest/keys.js";
import type { DeadlineEntry, DigestRecipient, SourceHealth } from "../domain/digest/model.js";
import {
  choiceWords,
  DIGEST_FREQUENCIES,
  type DigestFrequency,
  type DigestPeriod,
  duePeriod,
  firstDigestSince,
  isDigestFrequency,
  periodContaining,
} from "../domain/digest/period.js";
import { categorizedError } from "../domain/error-category.js";
import type { DeliveryRepository, DeliveryWithSubscriber } from "../repositories/delivery-repository.js";
import type { NewsRepository } from "../repositories/news-repository.js";
import type { SubscriberRepository, SubscriberRow } from "../repositories/subscriber-repository.js";
import type { DeliveryFailure, DeliveryService, MailSettings } from "./delivery-service.js";
import type { StatusService } from "./status-service.js";

export interface DigestPreview {
  email: string;
  frequency: DigestFrequency;
  /** "2026-11-26" or "2026-W48" */
  period: string;
  subject: string;
  text: string;
  html: string;
  /** No subscriber of that frequency: a preview for an all-areas UTC reader. */
  sample: boolean;
}

export interface DigestRunSummary {
  frequency: DigestFrequency | "due";
  /** Subscribers considered. */
  subscribers: number;
  /** Outbox rows written in this run. */
  created: number;
  sent: number;
  /** Had this period's digest already. */
  alreadySent: number;
  /** Being sent by another instance right now. */
  inProgress: number;
  failed: DeliveryFailure[];
  transport: string;
}

export class DigestError extends categorizedError("DigestError", "invalid") {}

interface RunContext {
  asOf: Date;
  upTo: number;
  deadlines: DeadlineEntry[];
  sources: SourceHealth;
}

export class DigestService {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly news: NewsRepository,
    private readonly status: StatusService,
    private readonly outbox: DeliveryService,
    private readonly mail: MailSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly staleClaimMs = 10 * 60_000,
  ) {}

  /** The digest each subscriber of `frequency` (or `to`) would get now; writes and sends nothing. */
  /** `limit`: compose only the first few recipients' digests (a page shows one). */
  async preview(
    opts: { frequency?: DigestFrequency; to?: string; limit?: number } = {},
  ): Promise<DigestPreview[]> {
    const frequency = checkFrequency(opts.frequency);
    const subs = (await this.recipients(frequency, opts.to)).slice(0, opts.limit);
    const ctx = await this.context();
    if (subs.length === 0) {
      const sample = sampleRecipient(frequency);
      const period = periodContaining(ctx.asOf, frequency, "UTC");
      const built = await this.compose(sample, period, ctx);
      return [{ email: sample.email, frequency, period: period.key, ...pick(built.mail), sample: true }];
    }
    const out: DigestPreview[] = [];
    for (const s of subs) {
      const period = periodContaining(ctx.asOf, frequency, s.timeZone);
      const built = await this.compose(s, period, ctx);
      out.push({ email: s.email, frequency, period: period.key, ...pick(built.mail), sample: false });
    }
    return out;
  }

  /**
   * `digest --send`: the current period's digest to every active subscriber of `frequency`
   * (or only `to`) who has not had it, whatever their hour. Running it twice sends nothing the
   * second time; a digest that failed before is tried again now.
   */
  async sendDigests(opts: { frequency?: DigestFrequency; to?: string } = {}): Promise<DigestRunSummary> {
    const frequency = checkFrequency(opts.frequency);
    await this.status.refresh();
    const subs = await this.recipients(frequency, opts.to);
    const ctx = await this.context();
    const planned = subs.map((s) => ({ sub: s, period: periodContaining(ctx.asOf, frequency, s.timeZone) }));
    return this.writeAndSend(frequency, planned, ctx);
  }

  /**
   * The hourly `digests` job: every daily or weekly subscriber whose send time in this period has
   * come (domain/digest/period.ts duePeriod) and who has not had this period's digest.
   */
  async sendDue(): Promise<DigestRunSummary> {
    await this.status.refresh();
    const ctx = await this.context();
    const planned: { sub: SubscriberRow; period: DigestPeriod }[] = [];
    let considered = 0;
    for (const frequency of DIGEST_FREQUENCIES) {
      for (const sub of await this.subscribers.active(frequency)) {
        considered++;
        const period = duePeriod(ctx.asOf, { ...sub, frequency });
        if (period) planned.push({ sub, period });
      }
    }
    const summary = await this.writeAndSend("due", planned, ctx);
    return { ...summary, subscribers: considered };
  }

  private async writeAndSend(
    frequency: DigestFrequency | "due",
    planned: { sub: SubscriberRow; period: DigestPeriod }[],
    ctx: RunContext,
  ): Promise<DigestRunSummary> {
    const summary: DigestRunSummary = {
      frequency,
      subscribers: planned.length,
      created: 0,
      sent: 0,
      alreadySent: 0,
      inProgress: 0,
      failed: [],
      transport: "",
    };
    const toSend: DeliveryWithSubscriber[] = [];
    for (const { sub, period } of planned) {
      const key = digestKey(period.frequency, period.key, sub.id);
      let row = await this.deliveries.findByKey(key);
      if (!row) {
        const built = await this.compose(sub, period, ctx);
        const r = await this.deliveries.createOnce({
          key,
          subscriberId: sub.id,
          kind: "digest",
          periodStart: built.since,
          periodEnd: ctx.asOf,
          subject: built.mail.subject,
          text: built.mail.text,
          html: built.mail.html,
          headers: mailHeaders(this.mail, sub.unsubscribeToken),
          evidenceUpTo: ctx.upTo,
          createdAt: ctx.asOf,
        });
        row = r.row;
        if (r.created) {
          summary.created++;
          await this.deliveries.supersedeOlderDigests(
            sub.id,
            row.id,
            new Date(ctx.asOf.getTime() - this.staleClaimMs),
          );
        }
      }
      if (row.status === "sent") summary.alreadySent++;
      else if (row.status === "superseded" || row.status === "cancelled") summary.alreadySent++;
      else toSend.push(row);
    }
    const delivered = await this.outbox.deliver(toSend);
    summary.sent = delivered.sent;
    summary.inProgress = delivered.skipped;
    summary.failed = delivered.failed;
    summary.transport = delivered.transport;
    return summary;
  }

  private async recipients(frequency: DigestFrequency, to?: string): Promise<SubscriberRow[]> {
    if (!to) return this.subscribers.active(frequency);
    const sub = await this.subscribers.findByEmail(to.trim().toLowerCase());
    if (!sub)
      throw new DigestError(`${to} is not a subscriber. Add it with policywatch subscribers add ${to}.`);
    if (sub.status !== "active")
      throw new DigestError(`${sub.email} has unsubscribed: no digest is sent to it.`);
    if (sub.frequency !== frequency) {
      throw new DigestError(
        sub.frequency === "immediate"
          ? `${sub.email} gets immediate alerts, not digests.`
          : `${sub.email} gets ${sub.frequency} digests: use --frequency ${sub.frequency}.`,
      );
    }
    return [sub];
  }

  /** What every digest of this run shares: the clock, the evidence snapshot, deadlines, source health. */
  private async context(): Promise<RunContext> {
    const asOf = this.now();
    // The snapshot is taken before any evidence is read: evidence recorded meanwhile goes to the
    // next digest, never to none.
    const upTo = await this.news.maxEvidenceId();
    const [report, sources] = await Promise.all([this.status.report({ asOf }), this.news.sourceHealth()]);
    const deadlines: DeadlineEntry[] = report.areas.flatMap((a) =>
      a.milestones
        .filter((m) => m.due !== null && m.daysLeft !== null)
        .map((m) => ({
          areaSlug: a.slug,
          areaTitle: a.title,
          milestoneSlug: m.slug,
          milestoneTitle: m.title,
          due: m.due!,
          daysLeft: m.daysLeft!,
          status: m.status,
        })),
    );
    return { asOf, upTo, deadlines, sources };
  }

  private async compose(
    sub: Pick<
      SubscriberRow,
      | "id"
      | "email"
      | "name"
      | "areas"
      | "timeZone"
      | "hour"
      | "weekday"
      | "evidenceWatermark"
      | "lastDigestAt"
      | "unsubscribeToken"
    >,
    period: DigestPeriod,
    ctx: RunContext,
  ): Promise<{ mail: BuiltDigest; since: Date }> {
    const first = sub.lastDigestAt === null;
    let since = first ? firstDigestSince(ctx.asOf, period.frequency) : sub.lastDigestAt!;
    if (first && sub.id > 0) {
      const unsent = await this.deliveries.earliestUnsentDigestStart(sub.id);
      if (unsent && unsent < since) since = unsent;
    }
    const [evidence, changes] = await Promise.all([
      this.news.evidence({
        afterId: sub.evidenceWatermark,
        upToId: ctx.upTo,
        areaSlugs: sub.areas,
        ...(first ? { recordedSince: since, itemSince: since } : {}),
      }),
      this.news.statusChanges({ since, until: ctx.asOf, areaSlugs: sub.areas }),
    ]);
    const recipient: DigestRecipient = {
      name: sub.name,
      email: sub.email,
      timeZone: sub.timeZone,
      areas: sub.areas,
      frequency: period.frequency,
      hour: sub.hour,
      weekday: sub.weekday,
    };
    const mail = buildDigest({
      subscriber: recipient,
      period,
      since,
      asOf: ctx.asOf,
      evidence,
      statusChanges: changes.filter((c) => c.cause !== "agenda"),
      deadlines:
        sub.areas.length === 0 ? ctx.deadlines : ctx.deadlines.filter((d) => sub.areas.includes(d.areaSlug)),
      sources: ctx.sources,
      links: mailLinks(this.mail, sub.unsubscribeToken),
    });
    return { mail, since };
  }
}

function checkFrequency(f: string | undefined): DigestFrequency {
  if (f === undefined) return "daily";
  if (isDigestFrequency(f)) return f;
  const choices = choiceWords(DIGEST_FREQUENCIES);
  throw new DigestError(
    f === "immediate"
      ? `Immediate subscribers get alerts, not digests: choose ${choices}.`
      : `The frequency must be ${choices}, not "${f}".`,
  );
}

function pick(m: BuiltDigest) {
  return { subject: m.subject, text: m.text, html: m.html };
}

function sampleRecipient(frequency: DigestFrequency) {
  return {
    id: 0,
    email: "(no subscriber yet)",
    name: null,
    areas: [],
    timeZone: "UTC",
    hour: 8,
    weekday: 1,
    evidenceWatermark: 0,
    lastDigestAt: null,
    unsubscribeToken: "preview",
    frequency,
  };
}

export function mailLinks(mail: MailSettings, token: string) {
  return { dashboard: `${mail.publicUrl}/`, unsubscribe: unsubscribeUrl(mail, token) };
}

export function unsubscribeUrl(mail: MailSettings, token: string): string {
  return `${mail.publicUrl}/unsubscribe/${encodeURIComponent(token)}`;
}

/**
 * List-Unsubscribe with the link and a mailto (RFC 2369), one-click POST (RFC 8058), and the
 * markers that keep vacation auto-replies away (RFC 3834).
 */
export function mailHeaders(mail: MailSettings, token: string): Record<string, string> {
  const address = /<([^<>]+)>\s*$/.exec(mail.from)?.[1] ?? mail.from.trim();
  return {
    "List-Unsubscribe": `<${unsubscribeUrl(mail, token)}>, <mailto:${address}?subject=unsubscribe%20${encodeURIComponent(token)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "OOF, AutoReply",
  };
}
