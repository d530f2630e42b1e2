// Every adapter by kind, and `--kind auto`: which kind a URL (and, when fetched, its answer) is.
//
// detectKind rules, in order:
// 1. Host: kremlin.ru and its mirrors → kremlin; reuters.com → reuters; brookings.edu → brookings;
//    t.me / telegram.me → telegram.
// 2. Body: Atom (<feed>) → atom; RSS / RDF (<rss>, <rdf:RDF>) → rss; JSON Feed → json.
// 3. HTML (or nothing to go on): html when the user gave selectors, else page (watch for changes).

import { isKremlinUrl } from "./canonical-url.js";
import { atomAdapter } from "./atom/index.js";
import { brookingsAdapter } from "./brookings/index.js";
import { isJsonFeed, parseJson } from "./feed/json-feed.js";
import { htmlAdapter } from "./html/index.js";
import { jsonFeedAdapter } from "./json/index.js";
import { kremlinAdapter } from "./kremlin/index.js";
import { pageAdapter } from "./page/index.js";
import { reutersAdapter } from "./reuters/index.js";
import { isReutersHost } from "./reuters/urls.js";
import { rssAdapter } from "./rss/index.js";
import { telegramAdapter } from "./telegram/index.js";
import { isTelegramHost } from "./telegram/urls.js";
import { SOURCE_KINDS, type SourceAdapter, type SourceKind } from "./types.js";

const BY_KIND: Record<SourceKind, SourceAdapter> = {
  rss: rssAdapter,
  atom: atomAdapter,
  json: jsonFeedAdapter,
  html: htmlAdapter,
  page: pageAdapter,
  kremlin: kremlinAdapter,
  reuters: reutersAdapter,
  brookings: brookingsAdapter,
  telegram: telegramAdapter,
};

export const allAdapters: readonly SourceAdapter[] = SOURCE_KINDS.map((k) => BY_KIND[k]);

export function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}

export function getAdapter(kind: SourceKind): SourceAdapter {
  return BY_KIND[kind];
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** The kind a URL's host alone decides, or null. */
export function kindFromUrl(url: string): SourceKind | null {
  const host = hostOf(url);
  if (!host) return null;
  if (isKremlinUrl(url)) return "kremlin";
  if (isReutersHost(url)) return "reuters";
  if (host === "brookings.edu" || host.endsWith(".brookings.edu")) return "brookings";
  if (isTelegramHost(url)) return "telegram";
  return null;
}

/** The feed format a body is, or null when it is not a feed. */
export function feedKindFromBody(body: string): "atom" | "rss" | "json" | null {
  const head = body
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 4096);
  if (head.startsWith("{")) {
    try {
      return isJsonFeed(parseJson(body, "", "feed")) ? "json" : null;
    } catch {
      return null;
    }
  }
  // Skip the prolog (declaration, comments, doctype, stylesheet PIs) to the root element.
  const root = /<(?!\?|!)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/.exec(head);
  const local = root?.[2]?.toLowerCase();
  if (local === "feed") return "atom";
  if (local === "rss" || local === "rdf") return "rss";
  return null;
}

export interface DetectOptions {
  /** The user gave --selector: an HTML answer is a list page rather than a watched page. */
  hasSelectors?: boolean;
}

export function detectKind(
  url: string,
  body?: string,
  contentType?: string | null,
  opts: DetectOptions = {},
): SourceKind {
  const byHost = kindFromUrl(url);
  if (byHost) return byHost;
  if (body !== undefined) {
    const feed = feedKindFromBody(body);
    if (feed) return feed;
  }
  if (contentType && body === undefined) {
    if (/atom\+xml/i.test(contentType)) return "atom";
    if (/rss\+xml|rdf\+xml/i.test(contentType)) return "rss";
    if (/feed\+json/i.test(contentType)) return "json";
  }
  return opts.hasSelectors ? "html" : "page";
}
