// A channel's web preview (t.me/s/<channel>): `.tgme_widget_message[data-post="channel/id"]` per
// message, its own text in `.tgme_widget_message_text` (a reply also quotes the replied-to text in
// `.tgme_widget_message_reply`, which is not this message's), its time in
// `.tgme_widget_message_date time[datetime]`, and older messages behind the
// `a.tme_messages_more[data-before]` link (`?before=<id>`).

import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { ParsedItem } from "../../domain/item.js";
import { publishedDate } from "../shared/dates.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { nodesToText, oneLine, truncate } from "../shared/text.js";
import type { ParseContext } from "../types.js";
import { messageUrl } from "./urls.js";

export const MESSAGE_SELECTOR = ".tgme_widget_message[data-post]";
const TITLE_MAX_CHARS = 160;

export function isChannelPreview($: CheerioAPI): boolean {
  return $(MESSAGE_SELECTOR).length > 0 || $(".tgme_channel_history").length > 0;
}

/** The message's own text element: not the quoted text of the message it replies to. */
function ownTextElement($: CheerioAPI, message: Element) {
  return $(message)
    .find(".tgme_widget_message_text")
    .filter((_, el) => $(el).closest(".tgme_widget_message_reply").length === 0)
    .first();
}

/** Link text, with the address after it when the text does not already say it (hashtags excepted). */
function keepLinks($: CheerioAPI, text: ReturnType<CheerioAPI>, pageUrl: string): void {
  text.find("a[href]").each((_, a) => {
    const el = $(a);
    // t.me/s escapes `&` inside link addresses once more than HTML needs.
    const raw = (el.attr("href") ?? "").replaceAll("&amp;", "&");
    let href: string;
    try {
      href = new URL(raw, pageUrl).toString();
    } catch {
      return;
    }
    const label = oneLine(el.text()) ?? "";
    if (!/^https?:/i.test(href) || raw.startsWith("?") || label.startsWith("#")) return;
    const bare = (s: string) => s.replace(/^https?:\/\/(www\.)?/i, "").replace(/\/$/, "");
    if (bare(href) === bare(label)) el.replaceWith(href);
    else el.replaceWith(`${label} (${href})`);
  });
}

/** The first line, or its first sentence when that line runs long. */
export function titleFromText(text: string): string | null {
  const line = oneLine(text.split("\n").find((l) => l.trim() !== "")) ?? null;
  if (!line || line.length <= TITLE_MAX_CHARS) return line;
  const sentence = /^.+?[.!?…](?=\s|$)/.exec(line)?.[0];
  return truncate(sentence && sentence.length <= TITLE_MAX_CHARS ? sentence : line, TITLE_MAX_CHARS);
}

function readMessage($: CheerioAPI, node: Element, ctx: ParseContext): ParsedItem | null {
  const el = $(node);
  if (el.hasClass("service_message")) return null;
  const [channel, id] = (el.attr("data-post") ?? "").split("/");
  if (!channel || !id || !/^\d+$/.test(id)) return null;
  const textEl = ownTextElement($, node);
  if (textEl.length === 0) return null;
  // The title reads as the message does; the text keeps each link's address for the reader.
  const title = titleFromText(nodesToText(textEl.toArray() as AnyNode[]));
  keepLinks($, textEl, ctx.url);
  const text = nodesToText(textEl.toArray() as AnyNode[]);
  if (text === "") return null;
  const time = el.find(".tgme_widget_message_date time[datetime], time[datetime]").first();
  return finishItem(
    {
      guid: `telegram:${channel}/${id}`,
      link: messageUrl(channel, id),
      title,
      summary: null,
      content: text,
      publishedAt: publishedDate(time.attr("datetime"), ctx.now),
    },
    ctx,
  );
}

/** Every message with text, newest first; media-only and service messages are skipped. */
export function readChannelMessages($: CheerioAPI, ctx: ParseContext): ParsedItem[] {
  const items: ParsedItem[] = [];
  $(MESSAGE_SELECTOR).each((_, node) => {
    const item = readMessage($, node as Element, ctx);
    if (item) items.push(item);
  });
  return uniqueByKey(items.reverse());
}

/** The page of older messages (`?before=<id>`), resolved against the page's URL, or null at the start. */
export function olderPageUrl($: CheerioAPI, pageUrl: string): string | null {
  const more = $("a.tme_messages_more[data-before]").first();
  const before = more.attr("data-before");
  if (!before || !/^\d+$/.test(before)) return null;
  try {
    const u = new URL(pageUrl);
    u.searchParams.delete("after");
    u.searchParams.set("before", before);
    return u.toString();
  } catch {
    return null;
  }
}
