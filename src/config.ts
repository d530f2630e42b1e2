// One zod schema over the environment. Bad configuration stops the program before it does
// anything, with one message naming every bad variable and why, and exit code 2.
import path from "node:path";
import { z } from "zod";
import type { CategorizedError, ErrorCategory } from "./domain/error-category.js";
import { maskCredentials, proxyValueProblem } from "./domain/proxy-rules.js";
import type { IngestLimits } from "./domain/ingest-limits.js";
import { redactSecrets } from "./domain/redact.js";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

const postgresUrl = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v))
  .refine(
    (v) => {
      if (v === undefined) return true;
      try {
        const u = new URL(v);
        return (
          ((u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "") ||
          u.searchParams.has("host")
        );
      } catch {
        return false;
      }
    },
    {
      message:
        "must be a postgres:// or postgresql:// URL such as postgresql://user@127.0.0.1:5432/policywatch, or unset for the embedded database",
    },
  );

const smtpUrl = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v))
  .refine(
    (v) => {
      if (v === undefined) return true;
      try {
        const u = new URL(v);
        return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname !== "";
      } catch {
        return false;
      }
    },
    {
      message:
        "must be an smtp:// or smtps:// URL such as smtps://user:pass@mail.example.org:465, or unset to write .eml files",
    },
  );

const limit = (what: string, fallback: number) =>
  z.coerce
    .number({ message: `must be ${what}` })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(fallback);

const timeZone = z
  .string()
  .optional()
  .refine(
    (v) => {
      if (!v) return true;
      try {
        new Intl.DateTimeFormat("en", { timeZone: v.replace(/^:/, "") });
        return true;
      } catch {
        return false;
      }
    },
    { message: "must be an IANA time zone such as UTC or Europe/Moscow" },
  );

// HTTP(S)_PROXY and ALL_PROXY in either case (domain/proxy-rules.ts reads them as curl does).
const proxyUrl = z
  .string()
  .optional()
  .superRefine((v, ctx) => {
    const problem = v?.trim() ? proxyValueProblem(v) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const proxyVariables = Object.fromEntries(
  ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"].flatMap((n) => [
    [n, proxyUrl],
    [n.toLowerCase(), proxyUrl],
  ]),
) as Record<
  "HTTP_PROXY" | "http_proxy" | "HTTPS_PROXY" | "https_proxy" | "ALL_PROXY" | "all_proxy",
  typeof proxyUrl
>;

export const configSchema = z.object({
  ...proxyVariables,
  NO_PROXY: z.string().optional(),
  no_proxy: z.string().optional(),
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z
    .url({ message: "must be an absolute http(s) URL such as https://watch.example.org" })
    .optional(),
  ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 12, { message: "must be at least 12 characters long" }),
  REQUIRE_TOKEN_FOR_READS: bool,
  /** Behind a reverse proxy: a client's address is the last one in X-Forwarded-For, not the socket's. */
  TRUST_PROXY: bool,
  SMTP_URL: smtpUrl,
  MAIL_FROM: z
    .string()
    .default("policywatch <policywatch@localhost>")
    .refine((v) => /<?[^\s@<>]+@[^\s@<>]+>?\s*$/.test(v), {
      message: "must be an address such as Policywatch <alerts@example.org>",
    }),
  TZ: timeZone,
  ALLOW_PRIVATE_SOURCES: bool,
  /** Register the agenda's default sources when a new database is first used (tests turn it off). */
  DEFAULT_SOURCES: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  /** Sources polled at once. */
  POLL_CONCURRENCY: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(256, "must be at most 256")
    .default(16),
  /** Deadline for one whole answer, and for opening its connection. */
  FETCH_TIMEOUT_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .positive("must be more than 0")
    .default(30),
  FETCH_CONNECT_TIMEOUT_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .positive("must be more than 0")
    .default(10),
  /** Politeness per host: requests in flight, and least time between two starts. */
  FETCH_HOST_CONCURRENCY: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(2),
  FETCH_HOST_SPACING_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .default(1000),
  /**
   * Article pages fetched for full text in one poll of a source (or one backfill page), for
   * candidate items only (docs/limits.md); 0 turns article fetching off.
   */
  ARTICLE_FETCH_MAX_PER_POLL: z.coerce
    .number({ message: "must be a number of articles" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .default(20),
  /** Time all article fetches of one poll of a source may take together. */
  ARTICLE_FETCH_BUDGET_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .positive("must be more than 0")
    .default(120),
  /** A poll holding a source longer than this is taken to have died; another may poll the source. */
  POLL_LEASE_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .positive("must be more than 0")
    .default(900),
  /** A backfill whose last page is older than this is taken to have died; another may resume it. */
  BACKFILL_LEASE_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .positive("must be more than 0")
    .default(600),
  /** A scheduler's claim on due sources older than this belongs to an instance that died; another takes them. */
  SCHEDULER_CLAIM_LEASE_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .positive("must be more than 0")
    .default(120),
  SCHEDULER: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  /** Bounds on one fetch (docs/limits.md): items kept (newest first) and characters per field. */
  MAX_ITEMS_PER_FETCH: limit("a number of items", 1_000),
  MAX_TITLE_CHARS: limit("a number of characters", 1_000),
  MAX_SUMMARY_CHARS: limit("a number of characters", 10_000),
  MAX_TEXT_CHARS: limit("a number of characters", 500_000),
  /** How long one item search (`q=` on /items and /api/items) may run before it is stopped. */
  SEARCH_TIMEOUT_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(5_000),
  AGENDA_FILE: z.string().optional(),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error"], { message: "must be debug, info, warn or error" })
    .default("info"),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  /** Absolute DATA_DIR. */
  dataDir: string;
  /** `postgres` when DATABASE_URL is set, else the embedded `pglite`. */
  databaseKind: "postgres" | "pglite";
  publicUrl: string;
}

export class ConfigError extends Error implements CategorizedError {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }

  get category(): ErrorCategory {
    return "invalid";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const value = env[name];
      const secret = name.includes("TOKEN") || name.includes("SMTP");
      const shown = value === undefined ? "" : `=${secret ? "…" : maskCredentials(redactSecrets(value))}`;
      return `${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const port = raw.PORT;
  return {
    ...raw,
    dataDir: path.resolve(raw.DATA_DIR),
    databaseKind: raw.DATABASE_URL ? "postgres" : "pglite",
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
  };
}

/** The bounds on one fetch the configuration sets. */
export function ingestLimits(config: RawConfig): IngestLimits {
  return {
    maxItems: config.MAX_ITEMS_PER_FETCH,
    maxTitleChars: config.MAX_TITLE_CHARS,
    maxSummaryChars: Math.max(config.MAX_SUMMARY_CHARS, config.MAX_TITLE_CHARS),
    maxTextChars: config.MAX_TEXT_CHARS,
  };
}

/** For entry points: print the problems in words and exit 2, never a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`policywatch: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
