// Sessions for the pages: after a correct admin token at /login the browser holds a signed,
// expiring cookie; forms carry a CSRF token derived from that session. The cookie is
// `<payload>.<hmac>` with a key derived from the token's hash (what every instance on the database
// knows), so changing the token signs everyone out; a logout records the session's nonce, which
// every instance then refuses (services/session-service.ts).
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { tokenMatchesHash } from "../../domain/admin-token.js";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Session {
  nonce: string;
  expiresAt: Date;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** Compares two strings in constant time (hashing first makes lengths equal). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export class SessionSigner {
  private readonly key: Buffer;

  /** `tokenHash` as hashAdminToken makes it. */
  constructor(
    private readonly tokenHash: string,
    private readonly now: () => Date,
  ) {
    this.key = hmac(tokenHash, "policywatch session key v2");
  }

  tokenMatches(given: string): boolean {
    return tokenMatchesHash(given, this.tokenHash);
  }

  issue(): { value: string; session: Session } {
    const nonce = randomBytes(18).toString("base64url");
    const expiresAt = new Date(this.now().getTime() + SESSION_TTL_SECONDS * 1000);
    const payload = `${Math.floor(expiresAt.getTime() / 1000)}:${nonce}`;
    return {
      value: `${payload}.${hmac(this.key, `session:${payload}`).toString("base64url")}`,
      session: { nonce, expiresAt },
    };
  }

  verify(value: string | undefined): Session | null {
    if (!value) return null;
    const dot = value.lastIndexOf(".");
    if (dot < 0) return null;
    const payload = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), "base64url");
    const expected = hmac(this.key, `session:${payload}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const match = /^(\d+):([\w-]+)$/.exec(payload);
    if (!match) return null;
    const expiresAt = new Date(Number(match[1]) * 1000);
    if (expiresAt.getTime() <= this.now().getTime()) return null;
    return { nonce: match[2]!, expiresAt };
  }

  /** The CSRF token forms of this session must carry. */
  csrfToken(session: Session): string {
    return hmac(this.key, `csrf:${session.nonce}`).toString("base64url");
  }

  csrfMatches(session: Session, given: string | undefined): boolean {
    return given !== undefined && sameSecret(given, this.csrfToken(session));
  }
}
