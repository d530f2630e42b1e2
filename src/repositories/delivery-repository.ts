// The outbox: one Delivery row per mail, written before anything is sent.
//
// How each mail goes out once, whatever crashes, retries or several instances do:
//   1. The row's key names the mail (`digest:<frequency>:<period>:<subscriberId>`,
//      `alert:<pollId>:<subscriberId>`) and is unique: creating it twice creates it once
//      (INSERT … ON CONFLICT DO NOTHING), so two instances racing on the same period agree on
//      one row and one content.
//   2. Sending starts with a claim: one UPDATE that moves the row to `sending` only if it is
//      `pending`, `failed`, or `sending` with a claim older than the stale limit. PostgreSQL
//      re-checks the WHERE clause after a concurrent update, so of two instances claiming at
//      once exactly one gets the row. A sender killed mid-send (SIGKILL) leaves a `sending` row
//      whose claim goes stale; another instance then claims it and finishes the mail.
//   3. After the SMTP server accepts the message the row is marked `sent` and, in the same
//      transaction, the subscriber's watermark moves to the row's `evidenceUpTo` (digests only;
//      a failed or unsent digest never moves it, so its evidence is in the next one).
//
// The remaining window: a crash (or a lost connection) after the SMTP server accepted the
// message but before step 3 commits. The row then looks unsent, and the stale-claim rule sends
// it again: at most one duplicate per such crash, never a lost mail. Both copies carry the same
// Message-ID (derived from the key, see domain/digest/keys.ts), so mail systems and clients that
// collapse duplicates by Message-ID show it once. SMTP itself offers nothing to close this
// window (there is no idempotent submission), so "exactly once" here means: never lost, never
// sent twice except for that crash, and then with an identical Message-ID.
import type { Prisma } from "../infra/database.js";

/** superseded: a newer digest covers the same news; cancelled: the subscriber left first. */
export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "superseded" | "cancelled";

export interface DeliveryRow {
  id: number;
  key: string;
  subscriberId: number;
  kind: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  subject: string;
  text: string;
  html: string;
  headers: unknown;
  evidenceUpTo: number;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  claimedAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface NewDelivery {
  key: string;
  subscriberId: number;
  kind: "digest" | "alert";
  /** What the mail covers (digests): from the last digest (or one period back) to creation. */
  periodStart: Date | null;
  periodEnd: Date | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  evidenceUpTo: number;
  createdAt: Date;
}

export interface DeliveryWithSubscriber extends DeliveryRow {
  subscriber: { id: number; email: string; name: string | null; status: string; unsubscribeToken: string };
}

const SUBSCRIBER_FIELDS = {
  id: true,
  email: true,
  name: true,
  status: true,
  unsubscribeToken: true,
} as const;

export class DeliveryRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Creates the row unless its key exists; returns the row with the key and whether it is new. */
  async createOnce(d: NewDelivery): Promise<{ row: DeliveryWithSubscriber; created: boolean }> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "Delivery" ("key", "subscriberId", "kind", "periodStart", "periodEnd", "subject", "text", "html",
                              "headers", "evidenceUpTo", "status", "attempts", "createdAt")
      VALUES (${d.key}, ${d.subscriberId}, ${d.kind}, ${d.periodStart}, ${d.periodEnd}, ${d.subject}, ${d.text}, ${d.html},
              ${JSON.stringify(d.headers)}::jsonb, ${d.evidenceUpTo}, 'pending', 0, ${d.createdAt})
      ON CONFLICT ("key") DO NOTHING`;
    const row = await this.prisma.delivery.findUnique({
      where: { key: d.key },
      include: { subscriber: { select: SUBSCRIBER_FIELDS } },
    });
    if (!row) throw new Error(`outbox row ${d.key} vanished right after it was written`);
    return { row, created: inserted === 1 };
  }

  async findByKey(key: string): Promise<DeliveryWithSubscriber | null> {
    return this.prisma.delivery.findUnique({
      where: { key },
      include: { subscriber: { select: SUBSCRIBER_FIELDS } },
    });
  }

  /**
   * Claims the row for sending (see the top of this file). Returns the claimed row with its
   * subscriber, or null when it is sent, superseded, or being sent by someone else right now.
   * Counts the attempt here, at the claim, so an attempt cut short by a crash is counted too.
   */
  async claim(id: number, now: Date, staleBefore: Date): Promise<DeliveryWithSubscriber | null> {
    const claimed = await this.prisma.$executeRaw`
      UPDATE "Delivery" SET "status" = 'sending', "claimedAt" = ${now}, "attempts" = "attempts" + 1
      WHERE "id" = ${id}
        AND ("status" IN ('pending', 'failed') OR ("status" = 'sending' AND "claimedAt" < ${staleBefore}))`;
    if (claimed !== 1) return null;
    return this.prisma.delivery.findUnique({
      where: { id },
      include: { subscriber: { select: SUBSCRIBER_FIELDS } },
    });
  }

  /**
   * Marks the row sent and moves the subscriber's digest watermark, in one transaction. Done
   * even if our claim went stale meanwhile: the mail did go out, and saying so prevents a
   * further copy. The watermark only ever moves forward.
   */
  async markSent(row: DeliveryRow, messageId: string, sentAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.$executeRaw`
        UPDATE "Delivery" SET "status" = 'sent', "messageId" = ${messageId}, "sentAt" = ${sentAt}, "lastError" = NULL
        WHERE "id" = ${row.id}`,
      ...(row.kind === "digest"
        ? [
            this.prisma.$executeRaw`
              UPDATE "Subscriber"
              SET "evidenceWatermark" = GREATEST("evidenceWatermark", ${row.evidenceUpTo}),
                  "lastDigestAt" = GREATEST(COALESCE("lastDigestAt", ${row.periodEnd}), ${row.periodEnd})
              WHERE "id" = ${row.subscriberId}`,
          ]
        : []),
    ]);
  }

  /** Records a failure in words; leaves a row someone else has meanwhile sent alone. */
  async markFailed(id: number, error: string): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { id, status: "sending" },
      data: { status: "failed", lastError: error },
    });
  }

  async markCancelled(id: number, why: string): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { id, status: "sending" },
      data: { status: "cancelled", lastError: why },
    });
  }

  /**
   * A newer digest for the subscriber covers everything an older unsent one did (the watermark
   * has not moved): the older one is superseded rather than sent late as a second mail.
   */
  async supersedeOlderDigests(subscriberId: number, newerId: number, staleBefore: Date): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE "Delivery" SET "status" = 'superseded', "lastError" = 'a newer digest covers the same news'
      WHERE "subscriberId" = ${subscriberId} AND "kind" = 'digest' AND "id" < ${newerId}
        AND ("status" IN ('pending', 'failed') OR ("status" = 'sending' AND "claimedAt" < ${staleBefore}))`;
  }

  /** Where the oldest digest not yet sent to the subscriber starts (its news must not be lost). */
  async earliestUnsentDigestStart(subscriberId: number): Promise<Date | null> {
    const r = await this.prisma.delivery.aggregate({
      where: { subscriberId, kind: "digest", status: { in: ["pending", "failed", "sending"] } },
      _min: { periodStart: true },
    });
    return r._min.periodStart;
  }

  /** Rows that may need sending: pending, failed, or with a stale claim. Oldest first. */
  async unsent(staleBefore: Date, limit = 500): Promise<DeliveryWithSubscriber[]> {
    return this.prisma.delivery.findMany({
      include: { subscriber: { select: SUBSCRIBER_FIELDS } },
      where: {
        OR: [
          { status: { in: ["pending", "failed"] } },
          { status: "sending", claimedAt: { lt: staleBefore } },
        ],
      },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  async list(opts: { status?: string; limit?: number } = {}): Promise<DeliveryWithSubscriber[]> {
    return this.prisma.delivery.findMany({
      where: opts.status ? { status: opts.status } : undefined,
      orderBy: { id: "desc" },
      take: opts.limit ?? 100,
      include: { subscriber: { select: SUBSCRIBER_FIELDS } },
    });
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.prisma.delivery.groupBy({ by: ["status"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }
}
