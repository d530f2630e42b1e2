// Public Telegram channels, read through their web preview (https://t.me/s/<channel>), which needs
// no account or API key. One item per message with text (media-only and service messages have
// nothing to match), keyed and linked as `https://t.me/<channel>/<id>`; backfill follows the
// preview's own "older messages" link (`?before=<id>`).

import { assertNotBlocked } from "../blocked-page.js";
import { guardParse, notAFeedError } from "../shared/errors.js";
import { loadHtml } from "../shared/html.js";
import { ACCEPT_HTML, type ParseContext, type ParseResult, type SourceAdapter } from "../types.js";
import { isChannelPreview, olderPageUrl, readChannelMessages } from "./channel-page.js";
import { previewUrl } from "./urls.js";

function parseTelegram(body: string, ctx: ParseContext): ParseResult {
  assertNotBlocked(body, ctx.url);
  const $ = loadHtml(body);
  if (!isChannelPreview($)) {
    throw notAFeedError(
      ctx.url,
      `${ctx.url} is not a Telegram channel preview (no tgme_widget_message elements): a public ` +
        "channel's preview is at https://t.me/s/<channel>; private channels and ones with the preview " +
        "turned off cannot be read.",
    );
  }
  return { items: readChannelMessages($, ctx), nextPageUrl: olderPageUrl($, ctx.url) };
}

export const telegramAdapter: SourceAdapter = {
  kind: "telegram",
  label: "Telegram channel",
  title: "Telegram channel (t.me/s web preview)",
  describe:
    "A public Telegram channel's web preview: one item per message with text (links kept, first line " +
    "as title), dated, linked as https://t.me/<channel>/<id>; backfill walks older messages.",
  example: "https://t.me/s/government_rus",
  listingRequests: (source) => [{ url: previewUrl(source.url), accept: ACCEPT_HTML, purpose: "listing" }],
  parse: (body, ctx) => guardParse(ctx.url, "the Telegram channel page", () => parseTelegram(body, ctx)),
  archiveRequest: (source, page) =>
    page === 1 ? { url: previewUrl(source.url), accept: ACCEPT_HTML, purpose: "archive" } : null,
};
