// The Atom feed of what the alerts carry (progress evidence and milestone status changes), for
// all areas or one, newest first.
import {
  type AtomEntry,
  type AtomFeedInput,
  buildAtomFeed,
  evidenceAtomEntry,
  statusChangeAtomEntry,
} from "../domain/digest/atom.js";
import type { AgendaRepository } from "../repositories/agenda-repository.js";
import type { NewsRepository } from "../repositories/news-repository.js";
import type { MailSettings } from "./delivery-service.js";
import type { ReadCache } from "./read-cache.js";
import { UnknownAreaError } from "./status-service.js";

export const FEED_ENTRIES = 50;

export class FeedService {
  constructor(
    private readonly news: NewsRepository,
    private readonly agenda: AgendaRepository,
    private readonly settings: Pick<MailSettings, "publicUrl">,
    private readonly now: () => Date = () => new Date(),
    /** Keeps the feed's entries until the data changes (services/read-models.ts). */
    private readonly cache?: ReadCache,
  ) {}

  /** The feed as XML; throws UnknownAreaError for an area that does not exist. */
  async atom(opts: { area?: string } = {}): Promise<string> {
    const build = async () => ({ value: await this.content(opts) });
    const content = this.cache
      ? await this.cache.get(`feed|${opts.area ?? ""}`, build)
      : (await build()).value;
    // A feed with no entries is dated when it is asked for, so only the entries are kept.
    return buildAtomFeed({ ...content, generatedAt: this.now() });
  }

  private async content(opts: { area?: string }): Promise<Omit<AtomFeedInput, "generatedAt">> {
    const base = this.settings.publicUrl;
    let title = "policywatch: progress and status changes";
    if (opts.area) {
      const [area] = await this.agenda.listAreas(opts.area);
      if (!area) throw new UnknownAreaError(opts.area, await this.agenda.areaSlugs());
      title = `policywatch: ${area.title}`;
    }
    const areaSlugs = opts.area ? [opts.area] : undefined;
    const [evidence, changes] = await Promise.all([
      this.news.evidence({ progressOnly: true, areaSlugs, limit: FEED_ENTRIES }),
      this.news.statusChanges({ areaSlugs, limit: FEED_ENTRIES }),
    ]);
    // Entry ids hang on the site's public address, so they stay the same for the same news.
    const idBase = `${base}/feed`;
    const entries: AtomEntry[] = [
      ...evidence.map((e) => evidenceAtomEntry(e, idBase)),
      ...changes.filter((c) => c.cause !== "agenda").map((c) => statusChangeAtomEntry(c, idBase, null)),
    ]
      .sort((a, b) => b.updated.getTime() - a.updated.getTime())
      .slice(0, FEED_ENTRIES);
    const selfPath = opts.area ? `/areas/${encodeURIComponent(opts.area)}/feed.atom` : "/feed.atom";
    return {
      id: `${base}${selfPath}`,
      title,
      subtitle: "New progress evidence and milestone status changes",
      selfUrl: `${base}${selfPath}`,
      alternateUrl: `${base}/`,
      entries,
    };
  }
}
