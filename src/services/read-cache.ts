// Answers built from the database, kept while nothing they show has changed: each entry records
// the data version it was built at (DataVersionRepository) and is used only while the database
// still has that version and its own time limit (if any) has not passed.
export interface VersionSource {
  current(): Promise<string>;
}

export interface Built<T> {
  value: T;
  /** When the answer changes by itself (a week-long window moving on); epoch ms. */
  validUntil?: number;
}

interface Entry<T> {
  version: string;
  value: T;
  validUntil: number;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly building = new Map<string, Promise<unknown>>();

  constructor(
    private readonly versions: VersionSource,
    private readonly now: () => Date,
    private readonly maxEntries = 200,
  ) {}

  /**
   * The answer for `key`: the kept one when the data version is unchanged, else built anew (once
   * for all the callers asking at the same time). The version is read before building, so an
   * answer is never newer-labelled than the data it was built from.
   */
  async get<T>(key: string, build: () => Promise<Built<T>>): Promise<T> {
    const version = await this.versions.current();
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry && entry.version === version && this.now().getTime() < entry.validUntil) return entry.value;
    const buildKey = `${version}\u0000${key}`;
    let pending = this.building.get(buildKey) as Promise<T> | undefined;
    if (!pending) {
      pending = this.buildAndKeep(key, version, build).finally(() => this.building.delete(buildKey));
      this.building.set(buildKey, pending);
    }
    return pending;
  }

  private async buildAndKeep<T>(key: string, version: string, build: () => Promise<Built<T>>): Promise<T> {
    const built = await build();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, {
      version,
      value: built.value,
      validUntil: built.validUntil ?? Number.POSITIVE_INFINITY,
    });
    return built.value;
  }
}
