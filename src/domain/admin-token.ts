// The admin token's form and its stored hash. A token is 32 random bytes, so one SHA-256 is as
// good as a slow password hash here: there is nothing to guess from it.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256:";

/** A new token: 43 URL-safe characters. */
export function newAdminToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored and compared: `sha256:<hex>` of the token. */
export function hashAdminToken(token: string): string {
  return PREFIX + createHash("sha256").update(token).digest("hex");
}

/** Whether `given` is the token whose hash is `hash`, in constant time. */
export function tokenMatchesHash(given: string, hash: string): boolean {
  const a = Buffer.from(hashAdminToken(given));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}
