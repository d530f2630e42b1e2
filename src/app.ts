// Composition root shared by the service, the CLI and the tests:
// config → database → repositories → services. Nothing else builds these objects.
import type { Config } from "./config.js";
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "./repositories/agenda-file.js";
import { AgendaRepository } from "./repositories/agenda-repository.js";
import { type Database, openDatabase } from "./repositories/database.js";
import { DeliveryRepository } from "./repositories/delivery-repository.js";
import { EvidenceRepository } from "./repositories/evidence-repository.js";
import { createMailTransport, type MailTransport } from "./repositories/mail-transport.js";
import { MatchItemRepository } from "./repositories/match-item-repository.js";
import { NewsRepository } from "./repositories/news-repository.js";
import { StatusRepository } from "./repositories/status-repository.js";
import { SubscriberRepository } from "./repositories/subscriber-repository.js";
import { AgendaService } from "./services/agenda-service.js";
import { AlertService } from "./services/alert-service.js";
import { DeliveryService } from "./services/delivery-service.js";
import { DigestService } from "./services/digest-service.js";
import { FeedService } from "./services/feed-service.js";
import { MatchService } from "./services/match-service.js";
import { ReviewService } from "./services/review-service.js";
import { StatusService } from "./services/status-service.js";
import { SubscriberService } from "./services/subscriber-service.js";

export interface AppOptions {
  /** Embedded database in memory (tests). */
  inMemory?: boolean;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Load the default agenda on first use (default true). */
  seedAgenda?: boolean;
  /** The mail transport (tests: short timeouts); default from SMTP_URL / DATA_DIR. */
  mailTransport?: MailTransport;
  /** A `sending` outbox claim older than this is taken over (default 10 minutes). */
  staleClaimMs?: number;
}

export interface App {
  config: Config;
  db: Database;
  now: () => Date;
  repos: {
    agenda: AgendaRepository;
    status: StatusRepository;
    evidence: EvidenceRepository;
    matchItems: MatchItemRepository;
    subscribers: SubscriberRepository;
    deliveries: DeliveryRepository;
    news: NewsRepository;
  };
  services: {
    agenda: AgendaService;
    status: StatusService;
    match: MatchService;
    review: ReviewService;
    subscribers: SubscriberService;
    digests: DigestService;
    alerts: AlertService;
    outbox: DeliveryService;
    feed: FeedService;
  };
  mail: MailTransport;
  close(): Promise<void>;
}

export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const db = await openDatabase(config, { inMemory: options.inMemory });
  const now = options.now ?? (() => new Date());
  const repos = {
    agenda: new AgendaRepository(db.prisma),
    status: new StatusRepository(db.prisma),
    evidence: new EvidenceRepository(db.prisma),
    matchItems: new MatchItemRepository(db.prisma, db.raw),
    subscribers: new SubscriberRepository(db.prisma),
    deliveries: new DeliveryRepository(db.prisma),
    news: new NewsRepository(db.prisma),
  };
  const status = new StatusService(repos.agenda, repos.status, repos.evidence, now);
  const match = new MatchService(repos.agenda, repos.matchItems, repos.evidence, status, now);
  const mail = options.mailTransport ?? createMailTransport(config);
  const mailSettings = { from: config.MAIL_FROM, publicUrl: config.publicUrl };
  const staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
  const outbox = new DeliveryService(repos.deliveries, mail, mailSettings, now, { staleClaimMs });
  const services = {
    agenda: new AgendaService(repos.agenda, status),
    status,
    match,
    review: new ReviewService(repos.evidence, repos.matchItems, match, status, now),
    subscribers: new SubscriberService(repos.subscribers, repos.agenda, now),
    digests: new DigestService(repos.subscribers, repos.deliveries, repos.news, status, outbox, mailSettings, now, staleClaimMs),
    alerts: new AlertService(repos.subscribers, repos.deliveries, repos.news, outbox, mailSettings, now),
    outbox,
    feed: new FeedService(repos.news, repos.agenda, mailSettings, now),
  };
  const app: App = {
    config,
    db,
    now,
    repos,
    services,
    mail,
    close: async () => {
      mail.close();
      await db.close();
    },
  };
  try {
    if (options.seedAgenda ?? true) {
      await services.agenda.ensureLoaded(() => readAgendaFile(config.AGENDA_FILE ?? DEFAULT_AGENDA_FILE));
    }
  } catch (err) {
    mail.close();
    await db.close();
    throw err;
  }
  return app;
}
