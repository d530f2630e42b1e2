// Reads RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 into items. Shared by the generic rss/atom adapters
// and by the site adapters whose feeds are ordinary (Kremlin's Atom, Brookings' WordPress RSS).
//
// Rules:
// - HTML where a feed was expected: `blocked` for a bot wall, else `not-a-feed`.
// - Not well-formed XML: `parse`, with the XML reader's line and column.
// - Well-formed XML that is not a feed (a sitemap, XHTML): `not-a-feed`.
// - A feed with no entries: `empty` (a site that changed must never look like a quiet day).
// - Dates without a zone use `defaultOffsetMinutes` (UTC unless the adapter says otherwise).

import type { ParsedItem } from "../../domain/item.js";
import { rejectHtmlWhereFeedExpected, looksLikeHtml } from "../blocked-page.js";
import { emptyError, notAFeedError, parseError } from "../shared/errors.js";
import { publishedDate } from "../shared/dates.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { htmlToText, inlineText, oneLine, titleText } from "../shared/text.js";
import {
  NS,
  XmlParseFailure,
  child,
  childText,
  children,
  innerXml,
  parseXmlKeepingNewest,
  textOf,
  xmlLang,
  type XmlElement,
} from "../shared/xml.js";
import type { ParseContext, ParseResult } from "../types.js";
import type { ItemBound } from "../shared/newest-elements.js";

export interface FeedOptions {
  /** Zone for dates without one, minutes east of UTC. */
  defaultOffsetMinutes?: number;
  /** What the user should try instead when the answer is HTML. */
  htmlHint?: string;
}

export interface XmlFeed extends ParseResult {
  format: "rss" | "atom" | "rdf";
  feedTitle: string | null;
}

/** Parses an RSS or Atom document; throws FetchError as described at the top of this module. */
export function readXmlFeed(body: string, ctx: ParseContext, opts: FeedOptions = {}): XmlFeed {
  if (looksLikeHtml(body, ctx.contentType)) throw rejectHtmlWhereFeedExpected(body, ctx.url, opts.htmlHint);
  const { root, itemsDropped } = parseFeedXml(body, ctx.url, newestItemsOnly(ctx, opts));
  const local = root.local.toLowerCase();
  let feed: XmlFeed;
  if (local === "rss") feed = readRss(root, ctx, opts);
  else if (local === "feed") feed = readAtom(root, ctx, opts);
  else if (local === "rdf") feed = readRdf(root, ctx, opts);
  else if (local === "html") throw rejectHtmlWhereFeedExpected(body, ctx.url, opts.htmlHint);
  else if (local === "urlset" || local === "sitemapindex") {
    throw notAFeedError(ctx.url, `${ctx.url} is a sitemap, not a feed (RSS, Atom or JSON Feed).`);
  } else {
    throw notAFeedError(ctx.url, `${ctx.url} is XML but not a feed: its root element is <${root.name}>.`);
  }
  if (feed.items.length === 0) {
    throw emptyError(ctx.url, `The feed at ${ctx.url} has no entries.`);
  }
  return { ...feed, itemsDropped };
}

export function parseFeedXml(
  body: string,
  url: string,
  bound?: ItemBound,
): { root: XmlElement; itemsDropped: number } {
  try {
    return parseXmlKeepingNewest(body, bound);
  } catch (e) {
    if (e instanceof XmlParseFailure) {
      throw parseError(url, `The feed at ${url} is not well-formed XML: ${e.message}.`);
    }
    throw e;
  }
}

// ---- RSS 2.0 ------------------------------------------------------------------------------------

const PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 10080,
  monthly: 43200,
  yearly: 525600,
};

function rssTtl(channel: XmlElement): number | null {
  const ttl = Number(childText(channel, "ttl"));
  if (Number.isFinite(ttl) && ttl > 0) return Math.round(ttl);
  const period = childText(channel, "updatePeriod", NS.sy)?.toLowerCase();
  if (period && PERIOD_MINUTES[period]) {
    const freq = Number(childText(channel, "updateFrequency", NS.sy) ?? "1");
    return Math.round(PERIOD_MINUTES[period]! / (Number.isFinite(freq) && freq > 0 ? freq : 1));
  }
  return null;
}

/** "jane@example.com (Jane Doe)" → "Jane Doe". */
function rssAuthor(raw: string | null): string | null {
  if (!raw) return null;
  const m = /^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(raw);
  return oneLine(m ? m[1] : raw);
}

function atomLinkHref(el: XmlElement, rel: string): string | null {
  for (const l of children(el, "link", NS.atom)) {
    if ((l.attrs.rel ?? "alternate") === rel && l.attrs.href) return l.attrs.href;
  }
  return null;
}

function readRss(root: XmlElement, ctx: ParseContext, opts: FeedOptions): XmlFeed {
  const channel = child(root, "channel");
  if (!channel) throw parseError(ctx.url, `The RSS feed at ${ctx.url} has no <channel> element.`);
  const channelLang = childText(channel, "language") ?? childText(channel, "language", NS.dc);
  const items: ParsedItem[] = [];
  // Some feeds put <item> beside <channel> instead of inside it.
  for (const it of [...children(channel, "item"), ...children(root, "item")]) {
    const guidEl = child(it, "guid");
    const guid = oneLine(textOf(guidEl));
    let link = childText(it, "link", "") ?? atomLinkHref(it, "alternate");
    if (!link && guid && guidEl?.attrs.isPermaLink !== "false" && /^https?:\/\//i.test(guid)) link = guid;
    const description = childText(it, "description");
    const encoded = childText(it, "encoded", NS.content);
    const { summary, content } = summaryAndContent(description, encoded);
    const authors = [
      rssAuthor(childText(it, "author", "")),
      ...children(it, "creator", NS.dc).map((c) => oneLine(textOf(c))),
    ].filter((a): a is string => !!a);
    const item = finishItem(
      {
        guid,
        guidIsLink: guidEl?.attrs.isPermaLink !== "false",
        link,
        title: titleText(childText(it, "title")),
        summary,
        content,
        publishedAt: itemDate(rssDateText(it), ctx, opts),
        authors,
        tags: children(it, "category").map((c) => textOf(c)),
        declaredLanguages: [childText(it, "language", NS.dc), xmlLang(root, channel, it), channelLang],
      },
      ctx,
    );
    if (item) items.push(item);
  }
  return {
    format: "rss",
    feedTitle: titleText(childText(channel, "title")),
    items: uniqueByKey(items, ctx.source.url),
    ttlMinutes: rssTtl(channel),
    nextPageUrl: resolve(atomLinkHref(channel, "next"), ctx.url),
  };
}

// ---- Item dates, and keeping only the newest items while reading ---------------------------------

function rssDateText(it: XmlElement): string | null {
  return (
    childText(it, "pubDate") ??
    childText(it, "date", NS.dc) ??
    dctermsDate(it) ??
    childText(it, "published", NS.atom) ??
    childText(it, "updated", NS.atom)
  );
}

function rdfDateText(it: XmlElement): string | null {
  return childText(it, "date", NS.dc) ?? dctermsDate(it);
}

function atomDateText(entry: XmlElement, ns: string | undefined): string | null {
  // Atom 0.3 says issued, created and modified where Atom 1.0 says published and updated.
  return (
    childText(entry, "published", ns) ??
    childText(entry, "issued", ns) ??
    childText(entry, "created", ns) ??
    childText(entry, "updated", ns) ??
    childText(entry, "modified", ns) ??
    dctermsDate(entry)
  );
}

function atomNamespace(root: XmlElement): string | undefined {
  return root.uri === NS.atom ? NS.atom : undefined;
}

function itemDate(text: string | null, ctx: ParseContext, opts: FeedOptions): Date | null {
  return publishedDate(text, ctx.now, { defaultOffsetMinutes: opts.defaultOffsetMinutes });
}

/**
 * With `ctx.maxItems`, the reader keeps only that many items (the newest, as the ingest limits
 * choose them) while it reads: the items of each format are the ones its reader below walks.
 */
function newestItemsOnly(ctx: ParseContext, opts: FeedOptions): ItemBound | undefined {
  if (ctx.maxItems === undefined) return undefined;
  return {
    keep: ctx.maxItems,
    isItem(el, parent, depth, root) {
      const format = root.local.toLowerCase();
      if (format === "feed")
        return depth === 1 && el.local === "entry" && (atomNamespace(root) ?? el.uri) === el.uri;
      if (el.local !== "item") return false;
      if (format === "rdf") return depth === 1;
      return format === "rss" && (depth === 1 || (depth === 2 && parent.local === "channel"));
    },
    dateOf(el, root) {
      const format = root.local.toLowerCase();
      const text =
        format === "feed"
          ? atomDateText(el, atomNamespace(root))
          : format === "rdf"
            ? rdfDateText(el)
            : rssDateText(el);
      return itemDate(text, ctx, opts)?.getTime() ?? null;
    },
  };
}

/** Dublin Core terms dates, the first a feed gives among issued, created, modified and date. */
function dctermsDate(it: XmlElement): string | null {
  for (const name of ["issued", "created", "modified", "date"]) {
    const v = childText(it, name, NS.dcterms);
    if (v) return v;
  }
  return null;
}

/** RSS description is sometimes a teaser, sometimes the whole article; content:encoded is the article. */
function summaryAndContent(
  description: string | null,
  encoded: string | null,
): { summary: string | null; content: string | null } {
  if (encoded) return { summary: inlineText(description), content: htmlToText(encoded) || null };
  const text = htmlToText(description);
  if (!text) return { summary: null, content: null };
  const isArticle = text.includes("\n\n") || text.length > 800;
  return { summary: inlineText(description), content: isArticle ? text : null };
}

// ---- RSS 1.0 (RDF) -------------------------------------------------------------------------------

function readRdf(root: XmlElement, ctx: ParseContext, opts: FeedOptions): XmlFeed {
  const channel = child(root, "channel");
  const channelLang = channel ? childText(channel, "language", NS.dc) : null;
  const items: ParsedItem[] = [];
  for (const it of children(root, "item")) {
    const link = childText(it, "link") ?? it.attrs["rdf:about"] ?? null;
    const item = finishItem(
      {
        guid: it.attrs["rdf:about"] ?? link,
        link,
        title: titleText(childText(it, "title")),
        ...summaryAndContent(childText(it, "description"), childText(it, "encoded", NS.content)),
        publishedAt: itemDate(rdfDateText(it), ctx, opts),
        authors: children(it, "creator", NS.dc).map((c) => textOf(c)),
        tags: children(it, "subject", NS.dc).map((c) => textOf(c)),
        declaredLanguages: [childText(it, "language", NS.dc), xmlLang(root, it), channelLang],
      },
      ctx,
    );
    if (item) items.push(item);
  }
  return {
    format: "rdf",
    feedTitle: channel ? titleText(childText(channel, "title")) : null,
    items: uniqueByKey(items, ctx.source.url),
    ttlMinutes: channel ? rssTtl(channel) : null,
    nextPageUrl: null,
  };
}

// ---- Atom 1.0 -------------------------------------------------------------------------------------

/**
 * Atom text constructs: type xhtml is inline markup; html is escaped markup. Type text should be
 * plain, but feeds routinely double-escape entities (`&amp;#8217;`) in it, so it is read like html:
 * a reader wants "Children’s", not "Children&#8217;s".
 */
function atomText(el: XmlElement | undefined, mode: "inline" | "block"): string | null {
  if (!el) return null;
  const type = (el.attrs.type ?? "text").toLowerCase();
  const markup = type === "xhtml" ? innerXml(el) : textOf(el);
  const inline = type === "text" || type === "plain" || type === "text/plain" ? titleText : inlineText;
  const value = mode === "inline" ? inline(markup) : htmlToText(markup);
  return value ? value : null;
}

function atomAlternate(entry: XmlElement): string | null {
  const links = children(entry, "link").filter((l) => l.attrs.href);
  const alternates = links.filter((l) => (l.attrs.rel ?? "alternate") === "alternate");
  const html = alternates.find((l) => !l.attrs.type || /html/i.test(l.attrs.type));
  return (html ?? alternates[0])?.attrs.href ?? null;
}

function resolve(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}

function readAtom(root: XmlElement, ctx: ParseContext, opts: FeedOptions): XmlFeed {
  const ns = atomNamespace(root);
  const feedBase = resolve(root.attrs["xml:base"], ctx.url) ?? ctx.url;
  const items: ParsedItem[] = [];
  for (const entry of children(root, "entry", ns)) {
    const base = resolve(entry.attrs["xml:base"], feedBase) ?? feedBase;
    const id = childText(entry, "id", ns);
    const summaryText = atomText(child(entry, "summary", ns), "inline");
    const contentEl = child(entry, "content", ns);
    // Out-of-line content (src=…) has no text here: the article page gives it.
    const contentText = contentEl && !contentEl.attrs.src ? atomText(contentEl, "block") : null;
    const authors = children(entry, "author", ns).map((a) => childText(a, "name", ns) ?? "");
    if (authors.length === 0)
      authors.push(...children(root, "author", ns).map((a) => childText(a, "name", ns) ?? ""));
    const item = finishItem(
      {
        guid: id,
        link: atomAlternate(entry) ?? (id && /^https?:\/\//i.test(id) ? id : null),
        base,
        title: atomText(child(entry, "title", ns), "inline"),
        summary: summaryText,
        content: contentText,
        publishedAt: itemDate(atomDateText(entry, ns), ctx, opts),
        authors,
        tags: children(entry, "category", ns).map((c) => c.attrs.label ?? c.attrs.term ?? ""),
        declaredLanguages: [xmlLang(root, entry, contentEl ?? entry)],
      },
      ctx,
    );
    if (item) items.push(item);
  }
  const next = children(root, "link", ns).find((l) => l.attrs.rel === "next" && l.attrs.href);
  return {
    format: "atom",
    feedTitle: atomText(child(root, "title", ns), "inline"),
    items: uniqueByKey(items, ctx.source.url),
    nextPageUrl: next ? resolve(next.attrs.href, feedBase) : null,
    ttlMinutes: null,
  };
}
