// Reuters news sitemaps: `<urlset>` of `<url><loc>` with `news:news` (title, publication_date,
// publication language). A sitemap index lists sitemaps, not articles: it is refused in words
// that name a sitemap to add instead.

import type { ParsedItem } from "../../domain/item.js";
import { parseFeedXml } from "../feed/xml-feed.js";
import { publishedDate } from "../shared/dates.js";
import { emptyError, notAFeedError } from "../shared/errors.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { inlineText } from "../shared/text.js";
import { NS, child, childText, children } from "../shared/xml.js";
import type { ParseContext } from "../types.js";

export function readSitemap(body: string, ctx: ParseContext): ParsedItem[] {
  const { root } = parseFeedXml(body, ctx.url);
  if (root.local === "sitemapindex") {
    const first = children(root, "sitemap").map((s) => childText(s, "loc"))[0];
    throw emptyError(
      ctx.url,
      `${ctx.url} is a sitemap index, which lists sitemaps rather than articles${first ? `; add one of its sitemaps instead, e.g. ${first}` : ""}.`,
    );
  }
  if (root.local !== "urlset") {
    throw notAFeedError(ctx.url, `${ctx.url} is XML but not a sitemap: its root element is <${root.name}>.`);
  }
  const items: ParsedItem[] = [];
  for (const u of children(root, "url")) {
    const loc = childText(u, "loc");
    if (!loc) continue;
    const news = child(u, "news", NS.news) ?? child(u, "news");
    const publication = news ? child(news, "publication") : undefined;
    const item = finishItem(
      {
        guid: loc,
        link: loc,
        title: news ? inlineText(childText(news, "title")) : null,
        summary: null,
        content: null,
        publishedAt: publishedDate(
          (news ? childText(news, "publication_date") : null) ?? childText(u, "lastmod"),
          ctx.now,
        ),
        tags: news ? (childText(news, "keywords") ?? "").split(",") : [],
        declaredLanguages: [publication ? childText(publication, "language") : null],
      },
      ctx,
    );
    if (item) items.push(item);
  }
  if (items.length === 0) throw emptyError(ctx.url, `The sitemap at ${ctx.url} lists no URLs.`);
  return uniqueByKey(items);
}
