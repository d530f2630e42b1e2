// Composition root shared by the service, the CLI and the tests:
// config → database → repositories → services. Nothing else builds these objects.
import type { Config } from "./config.js";
import { DEFAULT_AGENDA_FILE, readAgendaFile } from "./repositories/agenda-file.js";
import { AgendaRepository } from "./repositories/agenda-repository.js";
import { type Database, openDatabase } from "./repositories/database.js";
import { EvidenceRepository } from "./repositories/evidence-repository.js";
import { MatchItemRepository } from "./repositories/match-item-repository.js";
import { StatusRepository } from "./repositories/status-repository.js";
import { AgendaService } from "./services/agenda-service.js";
import { MatchService } from "./services/match-service.js";
import { ReviewService } from "./services/review-service.js";
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
    evidence: EvidenceRepository;
    matchItems: MatchItemRepository;
  };
  services: {
    agenda: AgendaService;
    status: StatusService;
    match: MatchService;
    review: ReviewService;
  };
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
  };
  const status = new StatusService(repos.agenda, repos.status, repos.evidence, now);
  const match = new MatchService(repos.agenda, repos.matchItems, repos.evidence, status, now);
  const services = {
    agenda: new AgendaService(repos.agenda, status),
    status,
    match,
    review: new ReviewService(repos.evidence, repos.matchItems, match, status, now),
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
