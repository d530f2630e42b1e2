// Signed-in sessions end server-side on logout: the session's cookie is signed and carries its
// expiry (src/http/security/session.ts), and a logout records its nonce, which every instance then
// refuses, so a copy of the cookie taken before the logout no longer signs anyone in.
import type { RevokedSessionRepository } from "../repositories/revoked-session-repository.js";

export class SessionService {
  constructor(
    private readonly revoked: RevokedSessionRepository,
    private readonly now: () => Date,
  ) {}

  /** Ends the session whose cookie carries `nonce`; `expiresAt` is when it would have ended anyway. */
  async revoke(nonce: string, expiresAt: Date): Promise<void> {
    await this.revoked.revoke(nonce, expiresAt);
  }

  async isRevoked(nonce: string): Promise<boolean> {
    return this.revoked.isRevoked(nonce);
  }

  /** Housekeeping: revocations of sessions that have expired by now. */
  prune(): Promise<number> {
    return this.revoked.prune(this.now());
  }
}
