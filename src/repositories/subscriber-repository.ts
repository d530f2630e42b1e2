// Subscribers: who gets which mail, when, and how far their digests have got (the watermark).
import { randomBytes } from "node:crypto";
import type { SubscriberFrequency } from "../domain/digest/subscriber-input.js";
import type { Prisma } from "../infra/database.js";
import { DuplicateRowError, isUniqueViolation } from "../infra/unique-violation.js";

export type Frequency = SubscriberFrequency;

export interface SubscriberRow {
  id: number;
  email: string;
  name: string | null;
  areas: string[];
  frequency: string;
  timeZone: string;
  hour: number;
  weekday: number;
  status: string;
  unsubscribeToken: string;
  evidenceWatermark: number;
  lastDigestAt: Date | null;
  createdAt: Date;
  unsubscribedAt: Date | null;
}

export interface NewSubscriber {
  email: string;
  name: string | null;
  areas: string[];
  frequency: Frequency;
  timeZone: string;
  hour: number;
  weekday: number;
  createdAt: Date;
}

export class DuplicateSubscriberError extends DuplicateRowError {
  constructor(readonly email: string) {
    super(`${email} is already subscribed.`);
    this.name = "DuplicateSubscriberError";
  }
}

export class SubscriberRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(s: NewSubscriber): Promise<SubscriberRow> {
    try {
      return await this.prisma.subscriber.create({
        data: { ...s, status: "active", unsubscribeToken: randomBytes(24).toString("base64url") },
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateSubscriberError(s.email);
      throw err;
    }
  }

  async findById(id: number): Promise<SubscriberRow | null> {
    return this.prisma.subscriber.findUnique({ where: { id } });
  }

  async findByEmail(email: string): Promise<SubscriberRow | null> {
    return this.prisma.subscriber.findUnique({ where: { email } });
  }

  async findByToken(token: string): Promise<SubscriberRow | null> {
    return this.prisma.subscriber.findUnique({ where: { unsubscribeToken: token } });
  }

  async list(): Promise<SubscriberRow[]> {
    return this.prisma.subscriber.findMany({ orderBy: { id: "asc" } });
  }

  /** One page of the subscribers, oldest first, and how many there are. */
  async page(page: { limit: number; offset: number }): Promise<{ rows: SubscriberRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.subscriber.findMany({ orderBy: { id: "asc" }, skip: page.offset, take: page.limit }),
      this.prisma.subscriber.count(),
    ]);
    return { rows, total };
  }

  async active(frequency?: Frequency): Promise<SubscriberRow[]> {
    return this.prisma.subscriber.findMany({
      where: { status: "active", ...(frequency ? { frequency } : {}) },
      orderBy: { id: "asc" },
    });
  }

  /** Deletes the subscriber and their outbox rows. */
  async delete(id: number): Promise<void> {
    await this.prisma.subscriber.delete({ where: { id } });
  }

  /** Marks the subscriber unsubscribed; returns the row (as it is now) or null for an unknown token. */
  async unsubscribe(token: string, at: Date): Promise<{ row: SubscriberRow; changed: boolean } | null> {
    const r = await this.prisma.subscriber.updateMany({
      where: { unsubscribeToken: token, status: "active" },
      data: { status: "unsubscribed", unsubscribedAt: at },
    });
    const row = await this.findByToken(token);
    return row ? { row, changed: r.count === 1 } : null;
  }
}
