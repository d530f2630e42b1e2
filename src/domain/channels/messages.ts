// What a channel receives: which of a poll's new evidence passes its filters, and the request
// bodies for each type (the signed webhook's JSON, a Slack-compatible hook's text and blocks,
// Telegram sendMessage calls). Pure: the bodies are written to the outbox as they will be sent.
import { cleanText, escapeMarkup, safeHttpUrl, shorten } from "../digest/text.js";

export type ChannelEvent = "progress" | "match" | "test";

/** One piece of new evidence, with everything a message names. */
export interface ChannelEvidence {
  id: number;
  milestoneSlug: string;
  milestoneTitle: string;
  areaSlug: string;
  /** The milestone's status after the poll. */
  status: string;
  /** step | instruction | discussion, when the matcher says. */
  nature: string | null;
  title: string | null;
  url: string;
  quote: string | null;
  score: number;
  progress: boolean;
  published: Date | null;
  sourceName: string;
}

export interface ChannelFilter {
  areas: string[];
  allMatches: boolean;
  minScore: number;
}

export interface ChannelMessage {
  event: ChannelEvent;
  poll: number | null;
  evidence: ChannelEvidence[];
}

/** The evidence this channel wants: its areas (empty: all), progress unless every match, its minimum score. */
export function evidenceFor(filter: ChannelFilter, evidence: ChannelEvidence[]): ChannelEvidence[] {
  return evidence.filter(
    (e) =>
      (filter.areas.length === 0 || filter.areas.includes(e.areaSlug)) &&
      (filter.allMatches || e.progress) &&
      e.score >= filter.minScore,
  );
}

/** "progress" when all of it reports progress, "match" when it includes mentions (every-match channels). */
export function eventFor(evidence: ChannelEvidence[]): ChannelEvent {
  return evidence.every((e) => e.progress) ? "progress" : "match";
}

/** The webhook's JSON: the documented payload (docs/channels.md), exactly this raw text is signed. */
export function webhookBody(m: ChannelMessage): string {
  return JSON.stringify({
    event: m.event,
    poll: m.poll,
    evidence: m.evidence.map((e) => ({
      milestone: e.milestoneSlug,
      area: e.areaSlug,
      status: e.status,
      nature: e.nature,
      title: e.title,
      url: e.url,
      quote: e.quote,
      score: e.score,
      published: e.published ? e.published.toISOString() : null,
      source: e.sourceName,
    })),
  });
}

const TEST_WORDS = "policywatch test message: this channel is set up and receives alerts.";

function itemTitle(e: ChannelEvidence): string {
  return shorten(cleanText(e.title) || "(untitled item)", 200);
}

/** One line: what happened and the (first) item's link. */
export function summaryLine(m: ChannelMessage): string {
  if (m.event === "test") return TEST_WORDS;
  const first = m.evidence[0];
  if (!first) return "policywatch: nothing new";
  const what =
    m.event === "progress"
      ? "progress"
      : m.evidence.some((e) => e.progress)
        ? "progress and mentions"
        : "new mention";
  const milestones = new Set(m.evidence.map((e) => e.milestoneSlug)).size;
  const on = milestones === 1 ? cleanText(first.milestoneTitle) : `${milestones} milestones`;
  const more = m.evidence.length > 1 ? ` (+${m.evidence.length - 1} more)` : "";
  const link = safeHttpUrl(first.url) ?? "";
  return `policywatch ${what} on ${on}: ${itemTitle(first)} ${link}${more}`.trim();
}

function statusWords(status: string): string {
  return status.replace(/_/g, " ");
}

// Slack's mrkdwn treats &, < and > as control characters.
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const SLACK_MAX_ITEMS = 20;

/** A Slack incoming-webhook body (Mattermost and Rocket.Chat read `text`; Slack shows `blocks`). */
export function slackBody(m: ChannelMessage): string {
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: slackEscape(summaryLine(m)) } },
  ];
  for (const e of m.evidence.slice(0, SLACK_MAX_ITEMS)) {
    const url = safeHttpUrl(e.url);
    const title = slackEscape(itemTitle(e));
    const lines = [
      url ? `*<${url}|${title}>*` : `*${title}*`,
      `${slackEscape(cleanText(e.milestoneTitle))} — ${statusWords(e.status)} · ${slackEscape(cleanText(e.sourceName))}`,
    ];
    if (e.quote) lines.push(`> ${slackEscape(shorten(cleanText(e.quote), 600))}`);
    blocks.push({ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } });
  }
  if (m.evidence.length > SLACK_MAX_ITEMS) {
    const rest = m.evidence.length - SLACK_MAX_ITEMS;
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `… and ${rest} more` }] });
  }
  return JSON.stringify({ text: summaryLine(m), blocks });
}

/** Telegram counts at most 4,096 characters per message; parts stay well under it. */
export const TELEGRAM_PART_LIMIT = 3_900;

// An entry never outgrows a part: escaping can multiply text by six, so a huge quote, then a
// huge link, is left out rather than cut inside its markup.
function telegramEntry(e: ChannelEvidence): string {
  const url = safeHttpUrl(e.url);
  const title = escapeMarkup(itemTitle(e));
  const milestone = escapeMarkup(shorten(cleanText(e.milestoneTitle), 200));
  const source = escapeMarkup(shorten(cleanText(e.sourceName), 200));
  const about = `${milestone} — ${statusWords(e.status)} · ${source}`;
  const quote = e.quote ? `\n<i>${escapeMarkup(shorten(cleanText(e.quote), 500))}</i>` : "";
  const linked = url ? `• <a href="${escapeMarkup(url)}">${title}</a>\n${about}` : `• ${title}\n${about}`;
  if (linked.length + quote.length <= TELEGRAM_PART_LIMIT / 2) return linked + quote;
  if (linked.length <= TELEGRAM_PART_LIMIT / 2) return linked;
  return `• ${title}\n${about}`;
}

/** The texts of the sendMessage calls (HTML parse mode, escaped), each under the limit. */
export function telegramTexts(m: ChannelMessage): string[] {
  const line = escapeMarkup(summaryLine(m));
  const head = `<b>${line.length <= TELEGRAM_PART_LIMIT / 2 ? line : escapeMarkup(shorten(summaryLine(m), 300))}</b>`;
  const parts: string[] = [];
  let current = head;
  for (const entry of m.evidence.map(telegramEntry)) {
    if (current.length + 2 + entry.length > TELEGRAM_PART_LIMIT) {
      parts.push(current);
      current = entry;
    } else current += `\n\n${entry}`;
  }
  parts.push(current);
  return parts;
}

/** The JSON bodies of the sendMessage calls to one chat. */
export function telegramBodies(m: ChannelMessage, chatId: string): string[] {
  return telegramTexts(m).map((text) =>
    JSON.stringify({ chat_id: chatId, text, parse_mode: "HTML", disable_web_page_preview: true }),
  );
}

/** The request bodies for one message to a channel of this type. */
export function channelBodies(type: string, target: string, m: ChannelMessage): string[] {
  if (type === "telegram") return telegramBodies(m, target);
  if (type === "slack") return [slackBody(m)];
  return [webhookBody(m)];
}
