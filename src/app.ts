// Composition root shared by the service, the CLI and the tests:
// config → database → repositories → services. Nothing else builds these objects.
import { type Config, ingestLimits } from "./config.js";
import { AdminTokenFile } from "./infra/admin-token-file.js";
import { AdminTokenRepository } from "./repositories/admin-token-repository.js";
import { AuthThrottleRepository } from "./repositories/auth-throttle-repository.js";
import { RevokedSessionRepository } from "./repositories/revoked-session-repository.js";
import { type AgendaFile, DEFAULT_AGENDA_FILE, readAgendaFile } from "./infra/agenda-file.js";
import { AgendaRepository } from "./repositories/agenda-repository.js";
import { DataVersionRepository } from "./repositories/data-version-repository.js";
import { type Database, openDatabase } from "./infra/database.js";
import { createHttpFetcher } from "./infra/fetcher-factory.js";
import { ItemRepository } from "./repositories/item-repository.js";
import { PollRepository } from "./repositories/poll-repository.js";
import { SourceRepository } from "./repositories/source-repository.js";
import { DeliveryRepository } from "./repositories/delivery-repository.js";
import { ChannelRepository } from "./repositories/channel-repository.js";
import { EvidenceRepository } from "./repositories/evidence-repository.js";
import { EvidenceViewRepository } from "./repositories/evidence-view-repository.js";
import { ItemSearchRepository } from "./repositories/item-search-repository.js";
import { createMailTransport, type MailTransport } from "./infra/mail-transport.js";
import { MatchItemRepository } from "./repositories/match-item-repository.js";
import { NewsRepository } from "./repositories/news-repository.js";
import { StatusRepository } from "./repositories/status-repository.js";
import { SubscriberRepository } from "./repositories/subscriber-repository.js";
import { AdminTokenService } from "./services/admin-token-service.js";
import { AgendaService } from "./services/agenda-service.js";
import { AuthThrottleService } from "./services/auth-throttle-service.js";
import { SessionService } from "./services/session-service.js";
import { BackfillService } from "./services/backfill-service.js";
import { DashboardService } from "./services/dashboard-service.js";
import { IngestPipeline } from "./services/ingest-pipeline.js";
import { PollService } from "./services/poll-service.js";
import { ReadCache } from "./services/read-cache.js";
import { ReadModels } from "./services/read-models.js";
import type { SourceFetcher } from "./services/source-preview.js";
import { SourceService } from "./services/source-service.js";
import { AlertService } from "./services/alert-service.js";
import { type ChannelPoster, ChannelService } from "./services/channel-service.js";
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
  /** Replaces the HTTP fetcher (tests wrap or redirect it). */
  fetcher?: SourceFetcher;
  /** Where the services report problems of their own (the service log). */
  log?: (line: string) => void;
  /** The mail transport (tests: short timeouts); default from SMTP_URL / DATA_DIR. */
  mailTransport?: MailTransport;
  /** A `sending` outbox claim older than this is taken over (default 10 minutes). */
  staleClaimMs?: number;
  /** Where alert channels' messages are posted (default: the HTTP fetcher, under the sources' address policy). */
  channelPoster?: ChannelPoster;
}

export interface App {
  config: Config;
  db: Database;
  now: () => Date;
  repos: {
    agenda: AgendaRepository;
    status: StatusRepository;
    evidenceViews: EvidenceViewRepository;
    itemSearch: ItemSearchRepository;
    evidence: EvidenceRepository;
    matchItems: MatchItemRepository;
    sources: SourceRepository;
    items: ItemRepository;
    polls: PollRepository;
    /** The only HTTP client for sources (http-fetcher.ts unless a test replaced it). */
    fetcher: SourceFetcher;
    subscribers: SubscriberRepository;
    deliveries: DeliveryRepository;
    news: NewsRepository;
    channels: ChannelRepository;
    authThrottle: AuthThrottleRepository;
    revokedSessions: RevokedSessionRepository;
  };
  services: {
    agenda: AgendaService;
    status: StatusService;
    dashboard: DashboardService;
    match: MatchService;
    review: ReviewService;
    sources: SourceService;
    poll: PollService;
    backfill: BackfillService;
    /** Plan → match → store → follow-up, for polls, the scheduler, backfills and `match --all`. */
    ingest: IngestPipeline;
    subscribers: SubscriberService;
    digests: DigestService;
    alerts: AlertService;
    outbox: DeliveryService;
    feed: FeedService;
    channels: ChannelService;
    /** What the dashboard and the read API show, rebuilt only when the data changes. */
    reads: ReadModels;
    adminToken: AdminTokenService;
    /** Wrong admin tokens per client address: sign-in and API alike. */
    authThrottle: AuthThrottleService;
    /** Sessions ended by logout, refused by every instance. */
    sessions: SessionService;
  };
  mail: MailTransport;
  close(): Promise<void>;
}

export function adminTokenService(config: Config, db?: Database): AdminTokenService {
  const repo = db ? new AdminTokenRepository(db.prisma) : null;
  return new AdminTokenService(repo, new AdminTokenFile(config.dataDir), config.ADMIN_TOKEN);
}

export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const db = await openDatabase(config, { inMemory: options.inMemory });
  const now = options.now ?? (() => new Date());
  const httpFetcher = options.fetcher ? null : createHttpFetcher(config);
  const fetcher: SourceFetcher = options.fetcher ?? httpFetcher!;
  const repos = openRepositories(db, fetcher, config);
  const status = new StatusService(repos.agenda, repos.status, repos.evidence, now);
  const match = new MatchService(repos.agenda, repos.matchItems, repos.evidence, status, now);
  const mail = options.mailTransport ?? createMailTransport(config);
  const mailSettings = { from: config.MAIL_FROM, publicUrl: config.publicUrl };
  const staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
  // Tests replace the sources' fetcher; channels still post through a real one.
  const ownPoster = options.channelPoster || httpFetcher ? null : createHttpFetcher(config);
  const poster = options.channelPoster ?? httpFetcher ?? ownPoster!;
  const channels = new ChannelService(repos.channels, repos.agenda, poster, now, {
    staleClaimMs,
    allowPrivateAddresses: config.ALLOW_PRIVATE_SOURCES,
  });
  const outbox = new DeliveryService(repos.deliveries, mail, mailSettings, now, { staleClaimMs, channels });
  const alerts = new AlertService(
    repos.subscribers,
    repos.deliveries,
    repos.news,
    outbox,
    mailSettings,
    now,
    channels,
  );
  // Every poll and backfill page goes through it: new items matched before they are stored (their
  // evidence stored with them), changed ones after, statuses moved and immediate alerts sent
  // before the poll finishes; backfilled (old) items are matched, never alerted on.
  const ingest = new IngestPipeline(
    { items: repos.items, polls: repos.polls, fetcher, match, status, alerts, now },
    {
      onError: options.log,
      maxArticlesPerPoll: config.ARTICLE_FETCH_MAX_PER_POLL,
      articleDeadlineMs: config.ARTICLE_FETCH_BUDGET_SECONDS * 1000,
    },
  );
  const readCache = new ReadCache(new DataVersionRepository(db.raw), now);
  const services = {
    agenda: new AgendaService(repos.agenda, status),
    status,
    dashboard: new DashboardService(repos.agenda, repos.status, repos.evidenceViews, status, now),
    match,
    review: new ReviewService(repos.evidence, repos.matchItems, match, status, now),
    sources: new SourceService(repos.sources, repos.items, fetcher, now),
    poll: new PollService(repos.sources, repos.items, repos.polls, ingest, fetcher, now, {
      concurrency: config.POLL_CONCURRENCY,
      leaseMs: config.POLL_LEASE_SECONDS * 1000,
      claimLeaseMs: config.SCHEDULER_CLAIM_LEASE_SECONDS * 1000,
      timeZone: config.TZ?.replace(/^:/, "") || undefined,
      onError: options.log,
      limits: ingestLimits(config),
    }),
    backfill: new BackfillService(repos.sources, repos.polls, ingest, fetcher, now, {
      leaseMs: config.BACKFILL_LEASE_SECONDS * 1000,
      log: options.log,
    }),
    ingest,
    subscribers: new SubscriberService(repos.subscribers, repos.agenda, now),
    digests: new DigestService(
      repos.subscribers,
      repos.deliveries,
      repos.news,
      status,
      outbox,
      mailSettings,
      now,
      staleClaimMs,
    ),
    alerts,
    outbox,
    feed: new FeedService(repos.news, repos.agenda, mailSettings, now, readCache),
    channels,
    adminToken: adminTokenService(config, db),
    authThrottle: new AuthThrottleService(repos.authThrottle, now),
    sessions: new SessionService(repos.revokedSessions, now),
  };
  const reads = new ReadModels(readCache, status, services.dashboard, repos.agenda, repos.itemSearch, now);
  const app: App = {
    config,
    db,
    now,
    repos,
    services: { ...services, reads },
    mail,
    async close() {
      mail.close();
      await httpFetcher?.close().catch(() => {});
      await ownPoster?.close().catch(() => {});
      await db.close();
    },
  };
  try {
    if (options.seedAgenda ?? true) await seedOnFirstUse(app, options.log);
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

function openRepositories(db: Database, fetcher: SourceFetcher, config: Config): App["repos"] {
  return {
    agenda: new AgendaRepository(db.prisma, db.raw),
    status: new StatusRepository(db.prisma, db.raw),
    evidenceViews: new EvidenceViewRepository(db.prisma, db.raw),
    itemSearch: new ItemSearchRepository(db, config.SEARCH_TIMEOUT_MS),
    evidence: new EvidenceRepository(db.prisma),
    matchItems: new MatchItemRepository(db.prisma, db.raw),
    sources: new SourceRepository(db.prisma, db.raw),
    items: new ItemRepository(db.prisma, db.raw),
    polls: new PollRepository(db.raw),
    fetcher,
    subscribers: new SubscriberRepository(db.prisma),
    deliveries: new DeliveryRepository(db.prisma),
    news: new NewsRepository(db.prisma),
    channels: new ChannelRepository(db.prisma),
    authThrottle: new AuthThrottleRepository(db.raw),
    revokedSessions: new RevokedSessionRepository(db.raw),
  };
}

/** Loads the agenda into a new database and, once, registers its default sources. */
async function seedOnFirstUse(app: App, log?: (line: string) => void): Promise<void> {
  const config = app.config;
  let firstUse: AgendaFile | null = null;
  await app.services.agenda.ensureLoaded(() => {
    firstUse = readAgendaFile(config.AGENDA_FILE ?? DEFAULT_AGENDA_FILE);
    return firstUse;
  });
  // A new database: the agenda's default sources too (once; a source removed later stays removed).
  const file = firstUse as AgendaFile | null;
  if (file && config.DEFAULT_SOURCES === "on") await registerDefaultSources(app.services, file, log);
}

/**
 * A new database's default sources, and their record back to the agenda's start (`since`): the
 * walks are planned here and run by the service (`backfill-source`), so the overview fills in.
 */
async function registerDefaultSources(
  services: App["services"],
  file: AgendaFile,
  log?: (line: string) => void,
) {
  await services.sources.registerDefaults(file.spec.sources);
  if (!file.spec.since) return;
  const planned = await services.backfill.planSince(new Date(`${file.spec.since}T00:00:00Z`));
  if (planned > 0)
    log?.(`a new database: ${planned} default sources are backfilled back to ${file.spec.since}.`);
}
