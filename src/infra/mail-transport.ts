// Getting a finished mail out of the process: to the SMTP server at SMTP_URL through nodemailer,
// or, when SMTP_URL is unset, as one .eml file per mail in DATA_DIR/outbox (the embedded default
// works with no mail server). Every failure becomes a MailDeliveryError with a kind and words.
//
// Timeouts are short on purpose: a send must end well within the outbox's stale-claim limit
// (delivery-service.ts), or another instance could take the row over while this one still waits.
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { isIP } from "node:net";
import path from "node:path";
import type { Transporter } from "nodemailer";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";

// nodemailer is loaded when the first mail goes out: most processes (a `poll`, a `status`) never
// send one, and it would cost each of them 14 MB.
let loaded: typeof import("nodemailer") | undefined;
function nodemailer(): typeof import("nodemailer") {
  loaded ??= createRequire(import.meta.url)("nodemailer") as typeof import("nodemailer");
  return loaded;
}

export interface OutgoingMail {
  /** The outbox key: names the .eml file. */
  key: string;
  from: string;
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`, stable per key. */
  messageId: string;
  /** Extra headers (List-Unsubscribe …). */
  headers: Record<string, string>;
  /** Date header; the clock's now. */
  date: Date;
}

export interface SentMail {
  messageId: string;
  /** What the server said, or where the file went. */
  response: string;
}

export type MailFailureKind = "connection" | "timeout" | "tls" | "auth" | "rejected" | "disk" | "other";

export class MailDeliveryError extends Error implements CategorizedError {
  constructor(
    readonly kind: MailFailureKind,
    message: string,
    /** The whole transport is unusable right now (not just this recipient). */
    readonly transportDown: boolean,
  ) {
    super(message);
    this.name = "MailDeliveryError";
  }

  get category(): ErrorCategory {
    return "unavailable";
  }
}

export interface MailTransport {
  /** For people: "SMTP server 127.0.0.1:2525" or "files in /data/outbox". */
  readonly description: string;
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

export interface MailTransportOptions {
  /** Connection, greeting and socket timeouts (ms); default 15 s / 15 s / 60 s. */
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** SMTP_URL set: nodemailer; unset: .eml files in DATA_DIR/outbox. */
export function createMailTransport(
  config: { SMTP_URL?: string; dataDir: string },
  options: MailTransportOptions = {},
): MailTransport {
  return config.SMTP_URL
    ? new SmtpMailTransport(config.SMTP_URL, options)
    : new EmlFileTransport(path.join(config.dataDir, "outbox"));
}

/**
 * A loopback server (tests, a local relay) speaks plain SMTP. Elsewhere nodemailer upgrades with
 * STARTTLS when the server offers it, and with credentials in SMTP_URL it must: a server (or a
 * man in the middle) that does not offer TLS never receives the password in clear.
 */
export function smtpTlsPolicy(u: URL): { ignoreTLS: boolean; requireTLS: boolean } {
  const secure = u.protocol === "smtps:";
  const loopback = isLoopback(u.hostname);
  return {
    ignoreTLS: !secure && loopback,
    requireTLS: !secure && !loopback && (u.username !== "" || u.password !== ""),
  };
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || (isIP(h) === 4 && h.startsWith("127."));
}

function message(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    headers: mail.headers,
    // Mails carry no attachments; nodemailer must never read a file or URL on our behalf.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export class SmtpMailTransport implements MailTransport {
  readonly description: string;
  private transporterInUse: Transporter | undefined;

  constructor(
    private readonly url: string,
    private readonly options: MailTransportOptions = {},
  ) {
    const u = new URL(url);
    const secure = u.protocol === "smtps:";
    const port = u.port || (secure ? "465" : "587");
    this.description = `the SMTP server at ${u.hostname}:${port}`;
  }

  private get transporter(): Transporter {
    if (this.transporterInUse) return this.transporterInUse;
    const { url, options } = this;
    const u = new URL(url);
    const connectionTimeout = options.connectionTimeoutMs ?? 15_000;
    this.transporterInUse = nodemailer().createTransport({
      url,
      ...smtpTlsPolicy(u),
      connectionTimeout,
      greetingTimeout: connectionTimeout,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      dnsTimeout: connectionTimeout,
    });
    return this.transporterInUse;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    try {
      const info = await this.transporter.sendMail(message(mail));
      return { messageId: mail.messageId, response: String(info.response ?? "accepted") };
    } catch (err) {
      throw this.describe(err);
    }
  }

  private describe(err: unknown): MailDeliveryError {
    const e = err as {
      code?: string;
      responseCode?: number;
      response?: string;
      message?: string;
      errno?: string;
    };
    const where = this.description;
    const server = e.response ? `: ${String(e.response).slice(0, 200)}` : "";
    const inner = String(e.message ?? err);
    if (/ECONNREFUSED/.test(inner) || e.errno === "ECONNREFUSED")
      return new MailDeliveryError("connection", `${where} refused the connection (is it running?)`, true);
    if (/ENOTFOUND|EAI_AGAIN/.test(inner) || e.code === "EDNS")
      return new MailDeliveryError("connection", `the host name of ${where} does not resolve`, true);
    if (e.code === "ETIMEDOUT" || /timeout|timed out/i.test(inner))
      return new MailDeliveryError("timeout", `${where} did not answer in time`, true);
    if (e.code === "ETLS")
      return new MailDeliveryError("tls", `the TLS handshake with ${where} failed (${inner})`, true);
    if (e.code === "EAUTH" || e.code === "ENOAUTH")
      return new MailDeliveryError("auth", `${where} refused the login in SMTP_URL${server}`, true);
    if (e.code === "EENVELOPE" || (e.responseCode !== undefined && e.responseCode >= 500))
      return new MailDeliveryError(
        "rejected",
        `${where} rejected the message${server || `: ${inner}`}`,
        false,
      );
    if (e.responseCode !== undefined && e.responseCode >= 400)
      return new MailDeliveryError(
        "rejected",
        `${where} deferred the message, try later${server || `: ${inner}`}`,
        true,
      );
    if (e.code === "ECONNECTION" || e.code === "ESOCKET" || /ECONNRESET|EPIPE|closed/i.test(inner))
      return new MailDeliveryError("connection", `the connection to ${where} broke off (${inner})`, true);
    return new MailDeliveryError("other", `sending through ${where} failed: ${inner}`, false);
  }

  close(): void {
    this.transporterInUse?.close();
  }
}

/** `digest:daily:2026-11-26:3` → `digest_daily_2026-11-26_3.eml`: one file per key, for good. */
export function emlFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]+/g, "_")}.eml`;
}

export class EmlFileTransport implements MailTransport {
  readonly description: string;
  private composerInUse: Transporter | undefined;

  constructor(readonly folder: string) {
    this.description = `files in ${folder}`;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    this.composerInUse ??= nodemailer().createTransport({
      streamTransport: true,
      buffer: true,
      newline: "windows",
    });
    const info = await this.composerInUse.sendMail(message(mail));
    const target = path.join(this.folder, emlFileName(mail.key));
    // Written to a temporary name, flushed, then renamed: a reader sees the whole file or none,
    // and a full or read-only disk leaves no half-written .eml behind. The name is the key's, so
    // sending the same mail again replaces the file rather than adding a second one.
    const tmp = path.join(
      this.folder,
      `.${emlFileName(mail.key)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
    );
    try {
      await ensureFolder(this.folder);
      const fh = await open(tmp, "wx", 0o640);
      try {
        await fh.writeFile(info.message as Buffer);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {});
      throw diskError(err, this.folder);
    }
    return { messageId: mail.messageId, response: `written to ${target}` };
  }

  close(): void {}
}

async function ensureFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (err) {
    // A recursive mkdir on a read-only file system reports ENOENT; the plain one says why.
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    await mkdir(folder);
  }
}

function diskError(err: unknown, folder: string): MailDeliveryError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EROFS" || code === "EACCES" || code === "EPERM")
    return new MailDeliveryError(
      "disk",
      `cannot write mail files to ${folder}: the folder is read-only or not writable (set DATA_DIR to a writable folder, or SMTP_URL to send by SMTP)`,
      true,
    );
  if (code === "ENOSPC" || code === "EDQUOT")
    return new MailDeliveryError(
      "disk",
      `cannot write mail files to ${folder}: the disk is full (free some space; nothing was written)`,
      true,
    );
  if (code === "ENOTDIR" || code === "EEXIST")
    return new MailDeliveryError(
      "disk",
      `cannot write mail files to ${folder}: something that is not a folder is in the way`,
      true,
    );
  return new MailDeliveryError(
    "disk",
    `cannot write mail files to ${folder}: ${(err as Error).message}`,
    true,
  );
}
