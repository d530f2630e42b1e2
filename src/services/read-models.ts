// What the dashboard and the read API show, built once per change rather than per request: the
// status report, the overview, each milestone's detail and the item searches are kept in a
// ReadCache keyed on the database's data version (bumped by every write that changes them, from
// any instance) and on the day, since statuses and countdowns move by the calendar.
import { fitToBytes, type PageRequest } from "../domain/paging.js";
import { dayOf } from "../domain/status/milestone-status.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import type {
  ItemSearchFilters,
  ItemSearchRepository,
  ItemSearchResult,
} from "../repositories/item-search-repository.js";
import type { DashboardService, Overview } from "./dashboard-service.js";
import type { ReadCache } from "./read-cache.js";
import type { MilestoneDetail, StatusReport, StatusService } from "./status-service.js";

// The searches' filters and rows, as the routes and pages that show them name them.
export type {
  FoundItem,
  ItemSearchFilters,
  ItemSearchResult,
} from "../repositories/item-search-repository.js";

export interface ItemsView {
  result: ItemSearchResult;
  areas: { slug: string; title: string }[];
  sources: { id: number; name: string }[];
}

export class ReadModels {
  constructor(
    private readonly cache: ReadCache,
    private readonly status: StatusService,
    private readonly dashboard: DashboardService,
    private readonly agenda: AgendaRepository,
    private readonly itemSearch: ItemSearchRepository,
    private readonly now: () => Date,
  ) {}

  /** `GET /api/status`: as of today, or as of a date (a past report is the same all day long). */
  statusReport(opts: { asOf?: Date; area?: string } = {}): Promise<StatusReport> {
    const when = opts.asOf ? `at:${opts.asOf.toISOString()}` : `today:${this.today()}`;
    return this.cache.get(`status|${when}|${opts.area ?? ""}`, async () => ({
      value: await this.status.report(opts),
    }));
  }

  overview(): Promise<Overview> {
    return this.cache.get(`overview|${this.today()}`, async () => {
      const { overview, validUntil } = await this.dashboard.overviewUntil();
      return { value: overview, validUntil };
    });
  }

  /** A milestone with one page of its evidence timeline. */
  milestoneDetail(slug: string, page?: PageRequest): Promise<MilestoneDetail> {
    const at = page ? `${page.limit}:${page.offset}` : "";
    return this.cache.get(`milestone|${this.today()}|${slug}|${at}`, async () => ({
      value: await this.status.milestoneDetail(slug, page),
    }));
  }

  /** `GET /api/items`: a page of at most `limit` items, fewer when they would pass 1 MB. */
  searchItems(filters: ItemSearchFilters): Promise<ItemSearchResult> {
    return this.cache.get(`items|${searchKey(filters)}`, async () => {
      const result = await this.itemSearch.search(filters);
      return { value: { ...result, items: fitToBytes(result.items) } };
    });
  }

  /** The Items page: the search plus its filter choices. */
  itemsPage(filters: ItemSearchFilters): Promise<ItemsView> {
    return this.cache.get(`items-page|${searchKey(filters)}`, async () => {
      const [result, areas, sources] = await Promise.all([
        this.itemSearch.search(filters),
        this.agenda.listAreas(),
        this.itemSearch.sourceChoices(),
      ]);
      return { value: { result, areas: areas.map((a) => ({ slug: a.slug, title: a.title })), sources } };
    });
  }

  private today(): number {
    return dayOf(this.now());
  }
}

function searchKey(f: ItemSearchFilters): string {
  return JSON.stringify([
    f.q,
    f.area,
    f.sourceId,
    f.progress,
    f.since?.toISOString(),
    f.until?.toISOString(),
    f.limit,
    f.offset,
  ]);
}
