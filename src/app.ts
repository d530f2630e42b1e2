// Composition root shared by the service, the CLI and the tests:
// config → database → repositories → services. Nothing else builds these objects.
import type { Config } from "./config.js";
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "./repositories/agenda-file.js";
import { AgendaRepository } from "./repositories/agenda-repository.js";
import { type Database, openDatabase } from "./repositories/database.js";
import { EvidenceViewRepository } from "./repositories/evidence-view-repository.js";
import { ItemSearchRepository } from "./repositories/item-search-repository.js";
import { StatusRepository } from "./repositories/status-repository.js";
import { AgendaService } from "./services/agenda-service.js";
import { DashboardService } from "./services/dashboard-service.js";
import { StatusService } from "./services/status-service.js";

export interface AppOptions {
  /** Embedded database in memory (tests). */
  inMemory?: boolean;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Load the default agenda on first use (default true). */
  seedAgenda?: boolean;
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
  };
  services: {
    agenda: AgendaService;
    status: StatusService;
    dashboard: DashboardService;
  };
  close(): Promise<void>;
}

export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const db = await openDatabase(config, { inMemory: options.inMemory });
  const now = options.now ?? (() => new Date());
  const repos = {
    agenda: new AgendaRepository(db.prisma),
    status: new StatusRepository(db.prisma),
    evidenceViews: new EvidenceViewRepository(db.prisma),
    itemSearch: new ItemSearchRepository(db),
  };
  const status = new StatusService(repos.agenda, repos.status, now);
  const services = {
    agenda: new AgendaService(repos.agenda, status),
    status,
    dashboard: new DashboardService(repos.agenda, repos.status, repos.evidenceViews, status, now),
  };
  const app: App = {
    config,
    db,
    now,
    repos,
    services,
    close: () => db.close(),
  };
  try {
    if (options.seedAgenda ?? true) {
      await services.agenda.ensureLoaded(() => readAgendaFile(config.AGENDA_FILE ?? DEFAULT_AGENDA_FILE));
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  return app;
}
