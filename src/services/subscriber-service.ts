// Subscribers: adding (validated, duplicates refused in words), listing, removing, and leaving
// through the unsubscribe link.
import { fitToBytes, type PageRequest, type Paged } from "../domain/paging.js";
import { type SubscriberInput, validateSubscriber } from "../domain/digest/subscriber-input.js";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import {
  DuplicateSubscriberError,
  type SubscriberRow,
  type SubscriberRepository,
} from "../repositories/subscriber-repository.js";

export type SubscriberErrorKind = "invalid" | "duplicate" | "not-found";

export class SubscriberError extends Error implements CategorizedError {
  constructor(
    readonly kind: SubscriberErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "SubscriberError";
  }

  get category(): ErrorCategory {
    return this.kind === "duplicate" ? "conflict" : this.kind;
  }
}

/** The JSON shape of `subscribers list --json` (and the API, if the dashboard exposes it). */
export interface SubscriberView {
  id: number;
  email: string;
  name: string | null;
  /** Empty: all areas. */
  areas: string[];
  frequency: string;
  timeZone: string;
  hour: number;
  weekday: number;
  status: string;
  lastDigestAt: string | null;
  createdAt: string;
}

export function subscriberView(r: SubscriberRow): SubscriberView {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    areas: r.areas,
    frequency: r.frequency,
    timeZone: r.timeZone,
    hour: r.hour,
    weekday: r.weekday,
    status: r.status,
    lastDigestAt: r.lastDigestAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export class SubscriberService {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly agenda: AgendaRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(input: SubscriberInput): Promise<SubscriberView> {
    const checked = validateSubscriber(input, await this.agenda.areaSlugs());
    if (!checked.ok)
      throw new SubscriberError("invalid", `Cannot subscribe: ${checked.problems.join("; ")}.`);
    const existing = await this.subscribers.findByEmail(checked.value.email);
    if (existing) throw new SubscriberError("duplicate", duplicateWords(existing));
    try {
      return subscriberView(await this.subscribers.create({ ...checked.value, createdAt: this.now() }));
    } catch (err) {
      // Two adds racing: the unique address decides.
      if (err instanceof DuplicateSubscriberError) {
        const row = await this.subscribers.findByEmail(checked.value.email);
        throw new SubscriberError(
          "duplicate",
          row ? duplicateWords(row) : `${checked.value.email} is already subscribed.`,
        );
      }
      throw err;
    }
  }

  async list(): Promise<SubscriberView[]> {
    return (await this.subscribers.list()).map(subscriberView);
  }

  /** One page of the subscribers, oldest first, with how many there are in all. */
  async listPage(page: PageRequest): Promise<Paged<SubscriberView>> {
    const { rows, total } = await this.subscribers.page(page);
    return { rows: fitToBytes(rows.map(subscriberView)), total };
  }

  /** Finds by numeric id or by address. */
  async find(idOrEmail: string | number): Promise<SubscriberRow | null> {
    const text = String(idOrEmail).trim();
    if (/^\d+$/.test(text)) return this.subscribers.findById(Number(text));
    return this.subscribers.findByEmail(text.toLowerCase());
  }

  /** Removes the subscriber and their outbox rows for good. */
  async remove(idOrEmail: string | number): Promise<SubscriberView> {
    const row = await this.find(idOrEmail);
    if (!row)
      throw new SubscriberError(
        "not-found",
        `There is no subscriber ${JSON.stringify(String(idOrEmail))}. See policywatch subscribers list.`,
      );
    await this.subscribers.delete(row.id);
    return subscriberView(row);
  }

  /** The unsubscribe link's action. Idempotent: a second click says it is already done. */
  async unsubscribe(token: string): Promise<{ email: string; alreadyUnsubscribed: boolean }> {
    const r = /^[A-Za-z0-9_-]{8,100}$/.test(token)
      ? await this.subscribers.unsubscribe(token, this.now())
      : null;
    if (!r)
      throw new SubscriberError(
        "not-found",
        "This unsubscribe link is not valid (it may have been removed already).",
      );
    return { email: r.row.email, alreadyUnsubscribed: !r.changed };
  }

  async findByToken(token: string): Promise<SubscriberView | null> {
    const row = /^[A-Za-z0-9_-]{8,100}$/.test(token) ? await this.subscribers.findByToken(token) : null;
    return row ? subscriberView(row) : null;
  }
}

function duplicateWords(row: SubscriberRow): string {
  const state = row.status === "active" ? `gets ${row.frequency} mail` : "unsubscribed earlier";
  return `${row.email} is already subscribed (subscriber ${row.id}, ${state}). Remove it first with policywatch subscribers remove ${row.id} to change it.`;
}
