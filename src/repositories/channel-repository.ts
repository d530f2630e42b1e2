// Alert channels and their outbox. The outbox follows the mail outbox's rules
// (delivery-repository.ts): a unique key per message (`channel:<pollId>:<channelId>`) so that
// writing it twice writes it once, and a claim (one UPDATE to `sending`, stale claims taken over)
// so that of several instances exactly one sends it. The remaining window is the same: a crash
// after the receiver accepted and before `sent` is written sends it again, with the same
// X-Policywatch-Delivery id, so a receiver can drop the copy.
import type { ChannelEvidence } from "../domain/channels/messages.js";
import type { Prisma } from "../infra/database.js";

export interface ChannelRow {
  id: number;
  type: string;
  target: string;
  secret: string | null;
  apiUrl: string | null;
  areas: string[];
  allMatches: boolean;
  minScore: number;
  createdAt: Date;
}

export type NewChannel = Omit<ChannelRow, "id">;

export interface ChannelDeliveryRow {
  id: number;
  key: string;
  channelId: number;
  event: string;
  pollId: number | null;
  bodies: string[];
  partsSent: number;
  deliveryId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  notBefore: Date | null;
  claimedAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface ChannelDeliveryWithChannel extends ChannelDeliveryRow {
  channel: ChannelRow;
}

export type NewChannelDelivery = Pick<
  ChannelDeliveryRow,
  "key" | "channelId" | "event" | "pollId" | "bodies" | "deliveryId" | "createdAt"
>;

export class ChannelRepository {
  constructor(private readonly prisma: Prisma) {}

  create(c: NewChannel): Promise<ChannelRow> {
    return this.prisma.channel.create({ data: c });
  }

  list(): Promise<ChannelRow[]> {
    return this.prisma.channel.findMany({ orderBy: { id: "asc" } });
  }

  /** One page of the channels, oldest first, and how many there are. */
  async page(page: { limit: number; offset: number }): Promise<{ rows: ChannelRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.channel.findMany({ orderBy: { id: "asc" }, skip: page.offset, take: page.limit }),
      this.prisma.channel.count(),
    ]);
    return { rows, total };
  }

  findById(id: number): Promise<ChannelRow | null> {
    return this.prisma.channel.findUnique({ where: { id } });
  }

  async count(): Promise<number> {
    return this.prisma.channel.count();
  }

  /** Removes the channel and its outbox rows. */
  async delete(id: number): Promise<boolean> {
    return (await this.prisma.channel.deleteMany({ where: { id } })).count === 1;
  }

  /** The evidence as channels name it, with each milestone's current status. */
  async evidence(ids: number[]): Promise<ChannelEvidence[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.evidence.findMany({
      where: { id: { in: ids }, superseded: false, review: { not: "rejected" } },
      orderBy: { id: "asc" },
      include: {
        item: { select: { title: true, url: true, publishedAt: true, source: { select: { name: true } } } },
        milestone: { select: { slug: true, title: true, status: true, area: { select: { slug: true } } } },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      milestoneSlug: r.milestone.slug,
      milestoneTitle: r.milestone.title,
      areaSlug: r.milestone.area.slug,
      status: r.milestone.status,
      nature: natureOf(r),
      title: r.item.title,
      url: r.item.url,
      quote: r.quote,
      score: r.score,
      progress: r.progress,
      published: r.item.publishedAt,
      sourceName: r.item.source.name,
    }));
  }

  /** Creates the outbox row unless its key exists; returns the row with that key. */
  async createOnce(d: NewChannelDelivery): Promise<{ row: ChannelDeliveryWithChannel; created: boolean }> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "ChannelDelivery"
        ("key", "channelId", "event", "pollId", "bodies", "deliveryId", "status", "createdAt")
      VALUES (${d.key}, ${d.channelId}, ${d.event}, ${d.pollId}, ${d.bodies}::text[], ${d.deliveryId}, 'pending',
              ${d.createdAt})
      ON CONFLICT ("key") DO NOTHING`;
    const row = await this.prisma.channelDelivery.findUnique({
      where: { key: d.key },
      include: { channel: true },
    });
    if (!row) throw new Error(`channel outbox row ${d.key} vanished right after it was written`);
    return { row, created: inserted === 1 };
  }

  /** Claims the row for sending; null when it is sent, given up, or being sent by someone else. */
  async claim(id: number, now: Date, staleBefore: Date): Promise<ChannelDeliveryWithChannel | null> {
    const claimed = await this.prisma.$executeRaw`
      UPDATE "ChannelDelivery" SET "status" = 'sending', "claimedAt" = ${now}, "attempts" = "attempts" + 1
      WHERE "id" = ${id}
        AND ("status" IN ('pending', 'retrying') OR ("status" = 'sending' AND "claimedAt" < ${staleBefore}))`;
    if (claimed !== 1) return null;
    return this.prisma.channelDelivery.findUnique({ where: { id }, include: { channel: true } });
  }

  /** A part of a split message was accepted: a retry starts after it. */
  async markPartSent(id: number, partsSent: number): Promise<void> {
    await this.prisma.channelDelivery.updateMany({ where: { id, status: "sending" }, data: { partsSent } });
  }

  async markSent(id: number, sentAt: Date, partsSent: number): Promise<void> {
    await this.prisma.channelDelivery.update({
      where: { id },
      data: { status: "sent", sentAt, partsSent, lastError: null, notBefore: null },
    });
  }

  /** `retrying` (tried again later, not before `notBefore`) or `failed` (given up). */
  async markFailed(
    id: number,
    status: "retrying" | "failed",
    error: string,
    notBefore: Date | null,
  ): Promise<void> {
    await this.prisma.channelDelivery.updateMany({
      where: { id, status: "sending" },
      data: { status, lastError: error, notBefore },
    });
  }

  /** Rows that may need sending: pending, retrying, or with a stale claim. Oldest first. */
  unsent(staleBefore: Date, limit = 500): Promise<ChannelDeliveryWithChannel[]> {
    return this.prisma.channelDelivery.findMany({
      include: { channel: true },
      where: {
        OR: [
          { status: { in: ["pending", "retrying"] } },
          { status: "sending", claimedAt: { lt: staleBefore } },
        ],
      },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  /** Each channel's latest outbox row (channel id → row); channels without one are left out. */
  async latestDeliveries(channelIds: number[]): Promise<Map<number, ChannelDeliveryRow>> {
    const rows = await Promise.all(
      channelIds.map((channelId) =>
        this.prisma.channelDelivery.findFirst({ where: { channelId }, orderBy: { id: "desc" } }),
      ),
    );
    return new Map(rows.filter((r) => r !== null).map((r) => [r.channelId, r]));
  }

  deliveries(opts: { channelId?: number; limit?: number } = {}): Promise<ChannelDeliveryWithChannel[]> {
    return this.prisma.channelDelivery.findMany({
      where: opts.channelId ? { channelId: opts.channelId } : undefined,
      include: { channel: true },
      orderBy: { id: "desc" },
      take: opts.limit ?? 100,
    });
  }
}

// The matcher's `nature` (step | instruction | discussion) where the evidence has one.
function natureOf(row: object): string | null {
  const value = (row as { nature?: unknown }).nature;
  return typeof value === "string" ? value : null;
}
