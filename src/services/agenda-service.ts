// Loads an agenda file into the database (idempotent) and brings statuses in line with it.
import type { AgendaFile } from "../infra/agenda-file.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import type { StatusService } from "./status-service.js";

export interface AgendaLoadResult {
  slug: string;
  version: string;
  /** False when the same file content was already loaded: nothing changed. */
  changed: boolean;
  milestonesCreated: number;
  milestonesUpdated: number;
  statusChanges: number;
}

export class AgendaService {
  constructor(
    private readonly agendas: AgendaRepository,
    private readonly statuses: StatusService,
  ) {}

  async load(file: AgendaFile): Promise<AgendaLoadResult> {
    const existing = await this.agendas.findAgenda(file.spec.slug);
    let created = 0;
    let updated = 0;
    const changed = existing?.contentHash !== file.contentHash;
    if (changed) {
      ({ created, updated } = await this.agendas.upsertAgenda(file.spec, file.contentHash));
    }
    const statusChanges = await this.statuses.refresh();
    return {
      slug: file.spec.slug,
      version: file.spec.version,
      changed,
      milestonesCreated: created,
      milestonesUpdated: updated,
      statusChanges: statusChanges.length,
    };
  }

  /** The agenda's areas as choices for a form (subscribers', channels'). */
  async areaChoices(): Promise<{ slug: string; title: string }[]> {
    return (await this.agendas.listAreas()).map((a) => ({ slug: a.slug, title: a.title }));
  }

  /** The slug of the milestone with this id; null when there is none. */
  async milestoneSlug(milestoneId: number): Promise<string | null> {
    const milestones = (await this.agendas.listAreas()).flatMap((a) => a.milestones);
    return milestones.find((m) => m.id === milestoneId)?.slug ?? null;
  }

  /** First use of a database: load the default agenda when none is there. */
  async ensureLoaded(readDefault: () => AgendaFile): Promise<AgendaLoadResult | null> {
    if (await this.agendas.hasAnyAgenda()) return null;
    return this.load(readDefault());
  }
}
