// Composition root shared by the service, the CLI and the tests:
// config → database → repositories → services. Nothing else builds these objects.
import type { Config } from "./config.js";
import { type AgendaFile, DEFAULT_AGENDA_FILE, readAgendaFile } from "./repositories/agenda-file.js";
import { AgendaRepository } from "./repositories/agenda-repository.js";
import { type Database, openDatabase } from "./repositories/database.js";
import { createHttpFetcher } from "./repositories/fetcher-factory.js";
import { ItemRepository } from "./repositories/item-repository.js";
import { PollRepository } from "./repositories/poll-repository.js";
import { SourceRepository } from "./repositories/source-repository.js";
import { StatusRepository } from "./repositories/status-repository.js";
import { AgendaService } from "./services/agenda-service.js";
import { PollService } from "./services/poll-service.js";
import type { SourceFetcher } from "./services/source-preview.js";
import { SourceService } from "./services/source-service.js";
import { StatusService } from "./services/status-service.js";

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
}

export interface App {
  config: Config;
  db: Database;
  now: () => Date;
  repos: {
    agenda: AgendaRepository;
    status: StatusRepository;
    sources: SourceRepository;
    items: ItemRepository;
    polls: PollRepository;
    /** The only HTTP client for sources (http-fetcher.ts unless a test replaced it). */
    fetcher: SourceFetcher;
  };
  services: {
    agenda: AgendaService;
    status: StatusService;
    sources: SourceService;
    poll: PollService;
  };
  close(): Promise<void>;
}

export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const db = await openDatabase(config, { inMemory: options.inMemory });
  const now = options.now ?? (() => new Date());
  const httpFetcher = options.fetcher ? null : createHttpFetcher(config);
  const fetcher: SourceFetcher = options.fetcher ?? httpFetcher!;
  const repos = {
    agenda: new AgendaRepository(db.prisma),
    status: new StatusRepository(db.prisma),
    sources: new SourceRepository(db.prisma),
    items: new ItemRepository(db.prisma, db.raw),
    polls: new PollRepository(db.raw),
    fetcher,
  };
  const status = new StatusService(repos.agenda, repos.status, now);
  const services = {
    agenda: new AgendaService(repos.agenda, status),
    status,
    sources: new SourceService(repos.sources, repos.items, fetcher, now),
    poll: new PollService(repos.sources, repos.items, repos.polls, fetcher, now, {
      concurrency: config.POLL_CONCURRENCY,
      timeZone: config.TZ?.replace(/^:/, "") || undefined,
      onError: options.log,
    }),
  };
  const app: App = {
    config,
    db,
    now,
    repos,
    services,
    async close() {
      await httpFetcher?.close().catch(() => {});
      await db.close();
    },
  };
  try {
    if (options.seedAgenda ?? true) {
      let firstUse: AgendaFile | null = null;
      await services.agenda.ensureLoaded(() => {
        firstUse = readAgendaFile(config.AGENDA_FILE ?? DEFAULT_AGENDA_FILE);
        return firstUse;
      });
      // A new database: the agenda's default sources too (once; a source removed later stays removed).
      const file = firstUse as AgendaFile | null;
      if (file && config.DEFAULT_SOURCES === "on") await services.sources.registerDefaults(file.spec.sources);
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}
