// The sources a user watches: test one without saving, add (after a preview), list with health,
// pause, resume, remove, OPML import and export, and the agenda's default sources on first use.
// Every change is announced to `onChange` listeners, so a running service reschedules at once.
import type { DefaultSourceSpec } from "../domain/agenda.js";
import type { FetchErrorInfo } from "../domain/fetch-error.js";
import { buildOpml, OpmlError, parseOpml } from "../domain/opml.js";
import { fitToBytes, type PageRequest, type Paged } from "../domain/paging.js";
import { maskCredentials, proxyValueProblem } from "../domain/proxy-rules.js";
import { redactSecrets, urlWithoutCredentials } from "../domain/redact.js";
import { defaultVoice, type SourceVoice } from "../domain/source-voice.js";
import type { SelectorSpec } from "../domain/selector-spec.js";
import type { ItemCounts, ItemRepository } from "../repositories/item-repository.js";
import type { NewSource, SourceRecord, SourceRepository } from "../repositories/source-repository.js";
import { getAdapter, isSourceKind, kindFromUrl } from "../sources/registry.js";
import { DEFAULT_FEED_SCHEDULE, type SourceKind } from "../sources/types.js";
import { assertValidCron, InvalidScheduleError } from "./scheduler.js";
import { SourceError, SourceNotFoundError, SourceRejectedError } from "./source-errors.js";
import { previewSource, type SourceFetcher, type SourcePreview } from "./source-preview.js";
import { sourceMirrors, sourceProxy } from "./source-reach.js";
import cron from "node-cron";

export const PREVIEW_ITEMS = 10;

export interface SourceHealthView {
  state: string;
  paused: boolean;
  consecutiveFailures: number;
  /** Items the last fetch left out, past MAX_ITEMS_PER_FETCH. */
  itemsDropped: number;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  nextCheckAt: string | null;
  lastError: { kind: string; message: string; status?: number; retryAfterSeconds?: number } | null;
  lastErrorAt: string | null;
  itemsLast7Days: number;
  itemsLast30Days: number;
  /** The URL whose answer the last successful poll used: the source's own, or one of its mirrors. */
  answeredBy: string | null;
}

/** `sources list --json`: one of these per source. */
export interface SourceView {
  id: number;
  name: string;
  url: string;
  kind: string;
  schedule: string;
  /** The source's own proxy, credentials masked; null: the environment's (HTTP(S)_PROXY) applies. */
  proxy: string | null;
  /** Other URLs serving the same content, tried in order when the primary fails. */
  mirrors: string[];
  /** official | press */
  voice: string;
  health: SourceHealthView;
  itemCount: number;
}

/** `sources add --json`: the saved source with its id. */
export interface SavedSourceView extends SourceView {
  language: string | null;
  options: Record<string, unknown>;
  paused: boolean;
  isDefault: boolean;
}

export interface PreviewItemView {
  title: string | null;
  url: string;
  published: string | null;
}

/** `sources test --json`. */
export type SourceTestView =
  | { ok: true; kind: SourceKind; items: PreviewItemView[] }
  | { ok: false; error: FetchErrorInfo };

export interface AddSourceInput {
  url: string;
  kind?: SourceKind | "auto";
  name?: string;
  schedule?: string;
  selectors?: SelectorSpec;
  language?: string | null;
  /** The source's own proxy (http://, socks5://, socks5h://; `direct` for none). */
  proxy?: string;
  /** Other URLs serving the same content. */
  mirrors?: string[];
  /** Whose voice it is; absent: its adapter's, else official for the Kremlin's and government's sites. */
  voice?: SourceVoice;
  /** Save even when the preview finds no items or fails (an unreachable host stays refused). */
  force?: boolean;
}

/** Proxy and mirrors as options, checked; a bad value is a usage error naming it. */
export function reachOptions(input: { proxy?: string; mirrors?: string[] }): {
  proxy?: string;
  mirrors?: string[];
} {
  const out: { proxy?: string; mirrors?: string[] } = {};
  if (input.proxy !== undefined && input.proxy.trim() !== "") {
    const problem = proxyValueProblem(input.proxy);
    if (problem) throw new SourceError(`--proxy: ${problem}`, "invalid");
    out.proxy = input.proxy.trim();
  }
  if (input.mirrors && input.mirrors.length > 0) {
    out.mirrors = input.mirrors.map((m) => {
      try {
        return normalizeSourceUrl(m);
      } catch (err) {
        throw new SourceError(`--mirror: ${(err as Error).message}`, "invalid");
      }
    });
  }
  return out;
}

/** Options as shown (lists, `--json`, exports): the proxy's credentials masked. */
export function shownOptions(options: Record<string, unknown>): Record<string, unknown> {
  return typeof options.proxy === "string" ? { ...options, proxy: maskCredentials(options.proxy) } : options;
}

export interface ImportResult {
  added: number;
  duplicates: number;
  invalid: number;
  /** Why entries were skipped, in words. */
  problems: string[];
}

/** Preview failures `--force` cannot override: the URL itself is not acceptable. */
const NEVER_FORCED = new Set(["forbidden-address", "invalid-url"]);

/** The URL as stored: absolute http(s), no fragment. Throws a usage error otherwise. */
export function normalizeSourceUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new SourceError(`"${raw}" is not a URL: give an absolute http:// or https:// address.`, "invalid");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new SourceError(`"${raw}" is not an http:// or https:// address.`, "invalid");
  }
  u.hash = "";
  return u.toString();
}

/** Two URLs a user would call the same source: scheme, `www.` and a trailing slash aside. */
export function sameSourceKey(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.host.replace(/^www\./, "")}${path}${u.search}`;
}

function defaultName(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname.replace(/\/+$/, "")}` || url;
}

function defaultSchedule(kind: string): string {
  return (isSourceKind(kind) ? getAdapter(kind).defaultSchedule : undefined) ?? DEFAULT_FEED_SCHEDULE;
}

/** Whether other feed readers can subscribe to the source (its kind's adapter says). */
function isFeedSource(kind: string, url: string): boolean {
  return isSourceKind(kind) && (getAdapter(kind).isFeed?.(url) ?? false);
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function toPreviewItems(preview: Extract<SourcePreview, { ok: true }>): PreviewItemView[] {
  return preview.items
    .slice(0, PREVIEW_ITEMS)
    .map((i) => ({ title: i.title, url: i.url, published: iso(i.publishedAt) }));
}

export function toTestView(preview: SourcePreview): SourceTestView {
  if (preview.ok) return { ok: true, kind: preview.kind, items: toPreviewItems(preview) };
  return { ok: false, error: preview.error };
}

export class SourceService {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly sources: SourceRepository,
    private readonly items: ItemRepository,
    private readonly fetcher: SourceFetcher,
    private readonly now: () => Date,
  ) {}

  /** Called after every change to the set of sources or their schedules. */
  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // A listener's trouble is its own (it logs); the change is made.
      }
    }
  }

  /** Fetches and parses once, saves nothing. */
  async test(input: {
    url: string;
    kind?: SourceKind | "auto";
    selectors?: SelectorSpec;
    language?: string | null;
    proxy?: string;
  }) {
    const url = normalizeSourceUrl(input.url);
    const kind = input.kind ?? (input.selectors ? "html" : "auto");
    return previewSource(this.fetcher, this.now(), {
      url,
      kind,
      language: input.language ?? null,
      options: { ...(input.selectors ? { selectors: input.selectors } : {}), ...reachOptions(input) },
    });
  }

  async add(input: AddSourceInput): Promise<{ source: SavedSourceView; preview: SourcePreview }> {
    const url = normalizeSourceUrl(input.url);
    const reach = reachOptions(input);
    if (input.schedule !== undefined) assertValidSchedule(input.schedule);
    const duplicate = (await this.sources.urls()).find((s) => sameSourceKey(s.url) === sameSourceKey(url));
    if (duplicate) {
      throw new SourceError(`${url} is already watched as source ${duplicate.id} ("${duplicate.name}").`);
    }
    let preview = await this.test({
      url,
      kind: input.kind,
      selectors: input.selectors,
      language: input.language,
      proxy: input.proxy,
    });
    // A primary this network cannot read is still worth watching when a mirror answers.
    for (const mirror of reach.mirrors ?? []) {
      if (preview.ok || NEVER_FORCED.has(preview.error.kind)) break;
      const fromMirror = await this.test({
        ...input,
        url: mirror,
        kind: input.kind ?? kindFromUrl(url) ?? "auto",
      });
      if (fromMirror.ok) preview = fromMirror;
    }
    if (!preview.ok) {
      if (NEVER_FORCED.has(preview.error.kind) || !input.force) {
        const hint = NEVER_FORCED.has(preview.error.kind) ? "" : " Add it anyway with --force.";
        throw new SourceRejectedError(`${url} was not added: ${preview.error.message}${hint}`, preview.error);
      }
    }
    const kind: SourceKind =
      preview.kind ??
      (input.kind && input.kind !== "auto"
        ? input.kind
        : input.selectors
          ? "html"
          : (kindFromUrl(url) ?? "page"));
    const data: NewSource = {
      name: input.name?.trim() || defaultName(url),
      url,
      kind,
      schedule: input.schedule ?? defaultSchedule(kind),
      options: { ...(input.selectors ? { selectors: input.selectors } : {}), ...reach },
      language: input.language ?? null,
      voice: voiceFor(input.voice, kind, url),
    };
    // Another `sources add` of the same URL may win the race: a conflict (DuplicateRowError).
    const record = await this.sources.create(data);
    this.changed();
    return { source: this.savedView(record, undefined), preview };
  }

  async list(): Promise<SourceView[]> {
    const [records, counts] = await Promise.all([
      this.sources.findAll({ includePaused: true }),
      this.items.countsBySource(this.now()),
    ]);
    return records.map((r) => this.view(r, counts.get(r.id)));
  }

  /** One page of the sources, oldest first, with how many there are in all. */
  async listPage(page: PageRequest): Promise<Paged<SourceView>> {
    const { rows, total } = await this.sources.findPage(page);
    const counts = await this.items.countsBySource(
      this.now(),
      rows.map((r) => r.id),
    );
    return { rows: fitToBytes(rows.map((r) => this.view(r, counts.get(r.id)))), total };
  }

  async get(id: number): Promise<SavedSourceView> {
    const record = await this.sources.findById(id);
    if (!record) throw new SourceNotFoundError(id);
    const counts = await this.items.countsBySource(this.now(), [id]);
    return this.savedView(record, counts.get(id));
  }

  async remove(id: number): Promise<{ id: number; name: string; items: number }> {
    const record = await this.sources.findById(id);
    if (!record) throw new SourceNotFoundError(id);
    const removed = await this.sources.remove(id);
    if (!removed) throw new SourceNotFoundError(id);
    this.changed();
    return { id, name: record.name, items: removed.items };
  }

  async pause(id: number): Promise<SavedSourceView> {
    return this.setPaused(id, true);
  }

  async resume(id: number): Promise<SavedSourceView> {
    return this.setPaused(id, false);
  }

  private async setPaused(id: number, paused: boolean): Promise<SavedSourceView> {
    if (!(await this.sources.findById(id))) throw new SourceNotFoundError(id);
    const record = await this.sources.setPaused(id, paused);
    this.changed();
    return this.get(record.id);
  }

  /** OPML in; sources already watched are skipped, every skip is counted and said why. */
  async importOpml(text: string): Promise<ImportResult> {
    let doc: ReturnType<typeof parseOpml>;
    try {
      doc = parseOpml(text);
    } catch (err) {
      if (err instanceof OpmlError) throw new SourceError(err.message, "invalid");
      throw err;
    }
    if (doc.entries.length === 0) {
      throw new SourceError(
        "The OPML file lists no feeds (no <outline> with an xmlUrl): nothing to import.",
        "invalid",
      );
    }
    const problems = [...doc.problems];
    const seen = new Set((await this.sources.urls()).map((s) => sameSourceKey(s.url)));
    const fresh: NewSource[] = [];
    let duplicates = 0;
    let invalid = 0;
    for (const entry of doc.entries) {
      let url: string;
      try {
        url = normalizeSourceUrl(entry.url);
      } catch (err) {
        invalid++;
        problems.push((err as Error).message);
        continue;
      }
      const key = sameSourceKey(url);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      let kind: SourceKind;
      if (entry.kind && isSourceKind(entry.kind)) kind = entry.kind;
      else {
        if (entry.kind) problems.push(`${url}: kind "${entry.kind}" is not known; read as a feed.`);
        kind = kindFromUrl(url) ?? (entry.type === "link" ? "page" : "rss");
      }
      let schedule = defaultSchedule(kind);
      if (entry.schedule) {
        if (cron.validate(entry.schedule)) schedule = entry.schedule;
        else problems.push(`${url}: schedule "${entry.schedule}" is not valid; ${schedule} is used.`);
      }
      fresh.push({
        name: entry.title ?? defaultName(url),
        url,
        kind,
        schedule,
        options: entry.options ?? {},
        language: entry.language,
        voice: voiceFor(entry.voice, kind, url),
        paused: entry.paused,
      });
    }
    const added = await this.sources.createMany(fresh);
    // A URL added by someone else between our check and the insert is a duplicate too.
    duplicates += fresh.length - added;
    if (added > 0) this.changed();
    return { added, duplicates, invalid, problems };
  }

  async exportOpml(): Promise<string> {
    const records = await this.sources.findAll({ includePaused: true });
    return buildOpml(
      records.map((r) => ({
        name: r.name,
        url: urlWithoutCredentials(r.url),
        feed: isFeedSource(r.kind, r.url),
        kind: r.kind,
        schedule: r.schedule,
        language: r.language,
        voice: r.voice,
        options: (r.options ?? {}) as Record<string, unknown>,
        paused: r.paused,
      })),
      { now: this.now() },
    );
  }

  /**
   * The agenda's default sources, registered once when a new database is first used. Idempotent:
   * a URL already present is left alone. Returns how many were added.
   */
  async registerDefaults(specs: readonly DefaultSourceSpec[]): Promise<number> {
    const valid = specs.filter((s) => isSourceKind(s.kind) && cron.validate(s.schedule));
    const added = await this.sources.createMany(
      valid.map((s) => ({
        name: s.name,
        url: normalizeSourceUrl(s.url),
        kind: s.kind,
        schedule: s.schedule,
        options: s.options,
        language: s.language,
        voice: voiceFor(s.voice, s.kind as SourceKind, s.url),
        isDefault: true,
      })),
    );
    if (added > 0) this.changed();
    return added;
  }

  private view(r: SourceRecord, counts: ItemCounts | undefined): SourceView {
    // Credentials in a source URL are for fetching only: readers see the URL without them.
    const lastError = r.lastError as SourceHealthView["lastError"];
    return {
      id: r.id,
      name: r.name,
      url: urlWithoutCredentials(r.url),
      kind: r.kind,
      schedule: r.schedule,
      proxy: ((p) => (p ? maskCredentials(p) : null))(
        sourceProxy(r as { options?: Record<string, unknown> }),
      ),
      mirrors: sourceMirrors(r as { options?: Record<string, unknown> }),
      voice: r.voice,
      health: {
        state: r.state,
        paused: r.paused,
        consecutiveFailures: r.consecutiveFailures,
        itemsDropped: r.itemsDropped ?? 0,
        lastCheckedAt: iso(r.lastCheckedAt),
        lastSuccessAt: iso(r.lastSuccessAt),
        nextCheckAt: iso(r.nextCheckAt),
        lastError: lastError ? { ...lastError, message: redactSecrets(lastError.message) } : null,
        lastErrorAt: iso(r.lastErrorAt),
        itemsLast7Days: counts?.last7Days ?? 0,
        itemsLast30Days: counts?.last30Days ?? 0,
        answeredBy: r.answeredBy ?? (r.lastSuccessAt ? r.url : null),
      },
      itemCount: counts?.total ?? 0,
    };
  }

  private savedView(r: SourceRecord, counts: ItemCounts | undefined): SavedSourceView {
    return {
      ...this.view(r, counts),
      language: r.language,
      options: shownOptions((r.options ?? {}) as Record<string, unknown>),
      paused: r.paused,
      isDefault: r.isDefault,
    };
  }
}

/** The voice a source is saved with: the one given, else its adapter's, else its URL's. */
function voiceFor(given: SourceVoice | null | undefined, kind: SourceKind, url: string): SourceVoice {
  return defaultVoice(given, isSourceKind(kind) ? getAdapter(kind).voice : undefined, url);
}

function assertValidSchedule(expression: string): void {
  try {
    assertValidCron(expression);
  } catch (err) {
    if (err instanceof InvalidScheduleError) throw new SourceError(err.message, "invalid");
    throw err;
  }
}
