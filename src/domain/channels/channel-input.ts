// Checking what someone typed to add an alert channel, every problem named in words at once, and
// showing a channel without its secrets. Pure.
import { cleanText } from "../digest/text.js";

export const CHANNEL_TYPES = ["webhook", "slack", "telegram"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const DEFAULT_TELEGRAM_API = "https://api.telegram.org";

export interface ChannelInput {
  type: string;
  /** webhook and slack: the URL. */
  url?: string | null;
  /** webhook: the signing secret (generated when absent). */
  secret?: string | null;
  /** telegram */
  botToken?: string | null;
  chatId?: string | number | null;
  apiUrl?: string | null;
  /** Area slugs, or a comma-separated list; empty or "all" means all areas. */
  areas?: string[] | string | null;
  allMatches?: boolean | null;
  minScore?: number | string | null;
}

export interface ValidChannel {
  type: ChannelType;
  target: string;
  secret: string | null;
  apiUrl: string | null;
  areas: string[];
  allMatches: boolean;
  minScore: number;
}

/** A channel as users see it (CLI, API, page): secrets masked. */
export interface ChannelView {
  id: number;
  type: string;
  target: string;
  areas: string[];
  allMatches: boolean;
  minScore: number;
  /** "***" when the channel has a signing secret or bot token, else null. */
  secret: string | null;
  /** telegram: the Bot API it talks to. */
  apiUrl: string | null;
  createdAt: string;
}

// Telegram bot tokens are `<bot id>:<35 characters>`; a looser check still catches pasted junk.
const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;
// A numeric chat id (negative for groups and channels) or a public @channelname.
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,63})$/;

function httpUrl(raw: string | null | undefined, what: string, problems: string[]): string | null {
  const text = (raw ?? "").trim();
  if (!text) {
    problems.push(`${what} is missing`);
    return null;
  }
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    problems.push(`${what} "${cleanText(maskUrl(text))}" is not a full http:// or https:// address`);
    return null;
  }
  url.hash = "";
  return url.toString();
}

function parseAreas(raw: ChannelInput["areas"], knownAreas: string[], problems: string[]): string[] {
  const list = (typeof raw === "string" ? raw.split(",") : (raw ?? [])).map((a) => a.trim()).filter(Boolean);
  if (list.length === 1 && list[0] === "all") return [];
  const unknown = list.filter((a) => !knownAreas.includes(a));
  if (unknown.length > 0) {
    problems.push(
      `unknown area${unknown.length === 1 ? "" : "s"} ${unknown.map((a) => `"${cleanText(a)}"`).join(", ")} ` +
        `(the areas are: ${knownAreas.join(", ")})`,
    );
  }
  return [...new Set(list)];
}

function parseMinScore(raw: ChannelInput["minScore"], problems: string[]): number {
  if (raw === null || raw === undefined || raw === "") return 0;
  const n =
    typeof raw === "number" ? raw : /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    problems.push(
      `the minimum score must be a number from 0 to 1 (scores run from 0 to 1), not "${cleanText(String(raw))}"`,
    );
    return 0;
  }
  return n;
}

function telegramPart(
  input: ChannelInput,
  problems: string[],
): Pick<ValidChannel, "target" | "secret" | "apiUrl"> {
  const token = (input.botToken ?? "").trim();
  if (!token) problems.push("a Telegram channel needs --bot-token (the token BotFather gave the bot)");
  else if (!BOT_TOKEN.test(token))
    problems.push("the bot token does not look like a Telegram bot token (digits, a colon, then letters)");
  const chat = String(input.chatId ?? "").trim();
  if (!chat)
    problems.push("a Telegram channel needs --chat-id (a number such as -1001234567890, or @channelname)");
  else if (!CHAT_ID.test(chat))
    problems.push(`the chat id "${cleanText(chat)}" is not a number or an @channelname`);
  const apiUrl = httpUrl(input.apiUrl || DEFAULT_TELEGRAM_API, "the Bot API address", problems);
  return { target: chat, secret: token || null, apiUrl: apiUrl?.replace(/\/+$/, "") ?? null };
}

/** Checks a new channel. `generateSecret` gives a webhook its signing secret when none was given. */
export function validateChannel(
  input: ChannelInput,
  knownAreas: string[],
  generateSecret: () => string,
): { ok: true; value: ValidChannel; generatedSecret: string | null } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const type = CHANNEL_TYPES.find((t) => t === input.type);
  if (!type) {
    return {
      ok: false,
      problems: [`"${cleanText(input.type)}" is not a channel type (use webhook, slack or telegram)`],
    };
  }
  let part: Pick<ValidChannel, "target" | "secret" | "apiUrl">;
  let generatedSecret: string | null = null;
  if (type === "telegram") part = telegramPart(input, problems);
  else {
    const target =
      httpUrl(input.url, `the ${type === "slack" ? "Slack hook" : "webhook"} URL`, problems) ?? "";
    let secret: string | null = null;
    if (type === "webhook") {
      secret = (input.secret ?? "").trim() || null;
      if (secret !== null && secret.length < 16)
        problems.push("the webhook secret must be at least 16 characters long");
      if (secret === null) secret = generatedSecret = generateSecret();
    } else if (input.secret) problems.push("a Slack hook has no secret: its URL is the secret");
    part = { target, secret, apiUrl: null };
  }
  const areas = parseAreas(input.areas, knownAreas, problems);
  const minScore = parseMinScore(input.minScore, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { type, ...part, areas, allMatches: Boolean(input.allMatches), minScore },
    generatedSecret,
  };
}

/**
 * A URL with what may be a secret hidden: a hook URL's path usually is its credential (Slack's
 * /services/T…/B…/secret), so only the origin and the first path segment are shown.
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const slash = raw.indexOf("/", raw.indexOf("//") + 2);
    return slash < 0 ? raw : `${raw.slice(0, slash)}/***`;
  }
  const segments = url.pathname.split("/").filter(Boolean);
  const hidden = segments.length > 1 || url.search !== "" || url.username !== "" || url.password !== "";
  const first = segments[0] ? `/${segments[0]}` : "";
  return `${url.protocol}//${url.host}${first}${hidden ? "/***" : segments.length === 0 ? "/" : ""}`;
}

/** What a user sees of the channel's target: a hook URL masked, a Telegram chat id as it is. */
export function maskTarget(type: string, target: string): string {
  return type === "telegram" ? target : maskUrl(target);
}

/** Removes every occurrence of the secret from text (error messages name the URL, the token is in it). */
export function redactSecret(text: string, secret: string | null): string {
  if (!secret) return text;
  return text.split(secret).join("<bot token>").split(encodeURIComponent(secret)).join("<bot token>");
}
