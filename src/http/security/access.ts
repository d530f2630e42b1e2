// Who may do what. Rules:
// - Reading is open unless REQUIRE_TOKEN_FOR_READS=true; then the API wants the bearer token (or a
//   page session) and pages send the browser to /login.
// - Every API write wants `Authorization: Bearer <token>`: 401 without or with a wrong one.
// - Every form post wants a signed-in session and the session's CSRF token in `_csrf`.
// - The token is ADMIN_TOKEN, or the one the service's first start made (admin-token-service.ts).
// - With no token at all nothing can be changed: 403 with how to set one.
import { getConnInfo } from "@hono/node-server/conninfo";
import { getCookie } from "hono/cookie";
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config.js";
import type { HttpContext, HttpEnv } from "../viewer.js";
import { hashAdminToken } from "../../domain/admin-token.js";
import { clientAddress } from "../../domain/auth-throttle.js";
import type { AuthThrottleService, Refusal } from "../../services/auth-throttle-service.js";
import type { SessionService } from "../../services/session-service.js";
import { HttpProblem } from "../problem.js";
import { readFormFields } from "../validate.js";
import { type Session, SessionSigner, sameSecret } from "./session.js";

export const WRITES_DISABLED_MESSAGE =
  "Changes are turned off because ADMIN_TOKEN is not set. Set ADMIN_TOKEN to a secret of at least 12 characters " +
  "in the service's environment (for example in .env) and restart policywatch, or run `policywatch token rotate` " +
  "to make one.";

/**
 * Paths that never need a token: the sign-in page itself, its assets, the health check, and the
 * unsubscribe link a subscriber follows from a mail (its own token is the secret).
 */
const ALWAYS_OPEN = [/^\/login$/, /^\/static\//, /^\/healthz$/, /^\/favicon\.ico$/, /^\/unsubscribe\//];

/** Where the admin token's hash comes from: ADMIN_TOKEN, or the one the database keeps. */
export interface AdminTokenSource {
  currentHash(): Promise<string | null>;
}

/** The services access control asks: the token, the wrong-token throttle, ended sessions. */
export interface AccessServices {
  adminToken: AdminTokenSource;
  authThrottle: AuthThrottleService;
  sessions: SessionService;
}

export class AccessControl {
  readonly secureCookies: boolean;
  readonly cookieName: string;
  private current: { hash: string; signer: SessionSigner } | null = null;

  constructor(
    private readonly config: Config,
    private readonly now: () => Date,
    private readonly services: AccessServices,
  ) {
    this.secureCookies = config.publicUrl.startsWith("https:");
    // The __Host- prefix makes browsers refuse the cookie unless Secure, host-only and Path=/.
    this.cookieName = this.secureCookies ? "__Host-pw_session" : "pw_session";
  }

  get throttle(): AuthThrottleService {
    return this.services.authThrottle;
  }

  /** The signer of the token in use as of the latest request; null when there is no token. */
  get signer(): SessionSigner | null {
    return this.current?.signer ?? null;
  }

  private async currentSigner(): Promise<SessionSigner | null> {
    // This server's own ADMIN_TOKEN first: a test may serve one database with several settings.
    const hash = this.config.ADMIN_TOKEN
      ? hashAdminToken(this.config.ADMIN_TOKEN)
      : await this.services.adminToken.currentHash();
    if (hash === null) this.current = null;
    else if (this.current?.hash !== hash) this.current = { hash, signer: new SessionSigner(hash, this.now) };
    return this.signer;
  }

  /** Sets `viewer` on every request and applies the read rule. */
  middleware(): MiddlewareHandler<HttpEnv> {
    return async (c, next) => {
      const signer = await this.currentSigner();
      const session = signer ? await this.liveSession(c, signer) : null;
      const auth = c.req.header("authorization");
      const bearerToken = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
      const bearer =
        signer && bearerToken !== undefined ? await this.bearerMatches(c, signer, bearerToken) : false;
      c.set("viewer", {
        writesEnabled: signer !== null,
        signedIn: session !== null,
        bearer,
        csrf: session && signer ? signer.csrfToken(session) : "",
      });
      if (
        this.config.REQUIRE_TOKEN_FOR_READS &&
        !session &&
        !bearer &&
        !ALWAYS_OPEN.some((re) => re.test(c.req.path))
      ) {
        if (isApi(c)) {
          if (!this.signer)
            throw new HttpProblem(
              403,
              "forbidden",
              `Reading requires a token but ${WRITES_DISABLED_MESSAGE}`,
            );
          c.header("WWW-Authenticate", 'Bearer realm="policywatch"');
          throw new HttpProblem(
            401,
            "unauthorized",
            "Reading requires the admin token: send Authorization: Bearer <ADMIN_TOKEN>.",
          );
        }
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      }
      await next();
    };
  }

  /** The request's session: its cookie signed with the current token, unexpired, not logged out. */
  private async liveSession(c: HttpContext, signer: SessionSigner): Promise<Session | null> {
    const session = signer.verify(getCookie(c, this.cookieName));
    if (!session || (await this.services.sessions.isRevoked(session.nonce))) return null;
    return session;
  }

  /** Logout: the request's session ends for every instance, copies of its cookie included. */
  async endSession(c: HttpContext): Promise<void> {
    const session = this.signer?.verify(getCookie(c, this.cookieName));
    if (session) await this.services.sessions.revoke(session.nonce, session.expiresAt);
  }

  /** The address the request comes from: the socket's, or with TRUST_PROXY the proxy's word for it. */
  addressOf(c: HttpContext): string {
    let socket: string | undefined;
    try {
      socket = getConnInfo(c).remote.address;
    } catch {
      socket = undefined;
    }
    return clientAddress(socket, c.req.header("x-forwarded-for"), this.config.TRUST_PROXY);
  }

  /**
   * Whether a bearer token is the admin token. A wrong one counts against the request's address;
   * an address blocked for too many is refused (429) whatever token it sends.
   */
  private async bearerMatches(c: HttpContext, signer: SessionSigner, token: string): Promise<boolean> {
    const address = this.addressOf(c);
    const refusal = await this.throttle.refusal(address);
    if (refusal) throw tooManyAttempts(c, refusal);
    if (signer.tokenMatches(token)) return true;
    await this.throttle.failed(address);
    return false;
  }

  /** For API routes that change something. */
  requireBearer(): MiddlewareHandler<HttpEnv> {
    return async (c, next) => {
      if (!this.signer) throw new HttpProblem(403, "forbidden", WRITES_DISABLED_MESSAGE);
      const auth = c.req.header("authorization");
      if (!c.get("viewer").bearer) {
        c.header("WWW-Authenticate", 'Bearer realm="policywatch"');
        throw new HttpProblem(
          401,
          "unauthorized",
          auth
            ? "The bearer token is not the admin token."
            : "This changes data: send Authorization: Bearer <ADMIN_TOKEN>.",
        );
      }
      await next();
    };
  }

  /** For API reads of personal data (subscribers): the bearer token or a signed-in session. */
  requireAdminRead(): MiddlewareHandler<HttpEnv> {
    return async (c, next) => {
      if (!this.signer)
        throw new HttpProblem(
          403,
          "forbidden",
          `Subscribers are shown only to the admin, but ${WRITES_DISABLED_MESSAGE}`,
        );
      const viewer = c.get("viewer");
      if (!viewer.bearer && !viewer.signedIn) {
        c.header("WWW-Authenticate", 'Bearer realm="policywatch"');
        throw new HttpProblem(
          401,
          "unauthorized",
          "Subscribers' addresses are shown only with the admin token: send Authorization: Bearer <ADMIN_TOKEN>.",
        );
      }
      await next();
    };
  }

  /** For form posts: a signed-in session and its CSRF token. */
  requireFormSession(): MiddlewareHandler<HttpEnv> {
    return async (c, next) => {
      if (!this.signer) throw new HttpProblem(403, "forbidden", WRITES_DISABLED_MESSAGE);
      const viewer = c.get("viewer");
      if (!viewer.signedIn)
        throw new HttpProblem(401, "unauthorized", "Sign in with the admin token to make changes.");
      const fields = await readFormFields(c);
      if (!fields._csrf || !viewer.csrf || !sameSecret(fields._csrf, viewer.csrf)) {
        throw new HttpProblem(
          403,
          "csrf",
          "This form is out of date or did not come from this site (its security token is missing or wrong). Reload the page and try again.",
        );
      }
      await next();
    };
  }
}

/** A 429 for an address blocked for too many wrong tokens, saying when it may try again. */
export function tooManyAttempts(c: HttpContext, refusal: Refusal): HttpProblem {
  c.header("Retry-After", String(refusal.retryAfter));
  const minutes = Math.ceil(refusal.retryAfter / 60);
  return new HttpProblem(
    429,
    "too-many-requests",
    `Too many wrong tokens came from this address: every token from it, the right one too, is refused for ${minutes} more ${minutes === 1 ? "minute" : "minutes"}.`,
  );
}

export function isApi(c: HttpContext): boolean {
  return c.req.path === "/api" || c.req.path.startsWith("/api/");
}
