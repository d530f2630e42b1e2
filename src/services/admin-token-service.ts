// The admin token. ADMIN_TOKEN from the environment wins; without it, the first start on a
// database makes one, writes it to DATA_DIR/admin-token (mode 0600) and keeps only its hash in
// the database, so every instance on that database accepts it. `token show` reads the file;
// `token rotate` replaces both. The hash is re-read every few seconds, so a rotation made by
// another process reaches a running service without a restart.
import { hashAdminToken, newAdminToken, tokenMatchesHash } from "../domain/admin-token.js";
import type { AdminTokenFile } from "../infra/admin-token-file.js";
import type { AdminTokenRepository } from "../repositories/admin-token-repository.js";

/** How long a running service trusts the hash it read last. */
export const TOKEN_REFRESH_MS = 5_000;

/** Where the token in use comes from, as a service's start reports it. */
export type TokenOnStart =
  | { origin: "environment" }
  | { origin: "generated"; file: string }
  /** Made earlier; `file` is null when this instance's DATA_DIR does not hold it. */
  | { origin: "database"; file: string | null };

export type TokenShown =
  | { token: string; file: string }
  | { problem: "environment" | "no-file"; file: string };

export class AdminTokenService {
  private cached: { hash: string | null; readAt: number } | null = null;
  private reading: Promise<string | null> | null = null;
  private environmentHash: string | undefined;

  /** `repository` null: only `show` is possible (it never opens the database). */
  constructor(
    private readonly repository: AdminTokenRepository | null,
    private readonly file: AdminTokenFile,
    private readonly environmentToken: string | undefined,
  ) {}

  private get repo(): AdminTokenRepository {
    if (!this.repository) throw new Error("AdminTokenService was built without its database");
    return this.repository;
  }

  /** On a service's start: makes the token if neither the environment nor the database has one. */
  async ensure(): Promise<TokenOnStart> {
    if (this.environmentToken) return { origin: "environment" };
    const existing = await this.repo.hash();
    if (existing) return { origin: "database", file: this.fileHolds(existing) ? this.file.path : null };
    const token = newAdminToken();
    const hash = hashAdminToken(token);
    const prepared = this.file.prepare(token);
    if (!(await this.repo.createIfAbsent(hash).catch(discardAndThrow(prepared)))) {
      // Another instance made one at the same moment: its token is the one.
      prepared.discard();
      return { origin: "database", file: null };
    }
    prepared.commit();
    this.remember(hash);
    return { origin: "generated", file: this.file.path };
  }

  /** A new token in place of the old one, which stops working; null when ADMIN_TOKEN is set. */
  async rotate(): Promise<{ file: string } | null> {
    if (this.environmentToken) return null;
    const token = newAdminToken();
    const hash = hashAdminToken(token);
    const prepared = this.file.prepare(token);
    await this.repo.replace(hash).catch(discardAndThrow(prepared));
    prepared.commit();
    this.remember(hash);
    return { file: this.file.path };
  }

  /** The token in this instance's file, without opening the database. */
  show(): TokenShown {
    if (this.environmentToken) return { problem: "environment", file: this.file.path };
    const token = this.file.read();
    return token ? { token, file: this.file.path } : { problem: "no-file", file: this.file.path };
  }

  /** The hash of the token in use, or null when there is none (changes are then turned off). */
  async currentHash(): Promise<string | null> {
    if (this.environmentToken) {
      this.environmentHash ??= hashAdminToken(this.environmentToken);
      return this.environmentHash;
    }
    if (this.cached && performance.now() - this.cached.readAt < TOKEN_REFRESH_MS) return this.cached.hash;
    this.reading ??= this.repo
      .hash()
      .then((hash) => this.remember(hash))
      // The database out of reach for a moment: keep answering with what was read last.
      .catch(() => this.cached?.hash ?? null)
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  private remember(hash: string | null): string | null {
    this.cached = { hash, readAt: performance.now() };
    return hash;
  }

  private fileHolds(hash: string): boolean {
    const token = this.file.read();
    return token !== null && tokenMatchesHash(token, hash);
  }
}

function discardAndThrow(prepared: { discard(): void }) {
  return (err: unknown): never => {
    prepared.discard();
    throw err;
  };
}
