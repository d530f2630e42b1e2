// Reuters article pages. First choice: `Fusion.globalContent` (the page's own data: title,
// display_time, authors, dateline, taxonomy, content_elements of type paragraph/header). Fallbacks
// when a redesign drops it: og:title / ld+json headline, ld+json datePublished /
// meta[name=article:published_time], meta[name=article:author] / ld+json author, and body paragraphs
// `p[data-testid^=paragraph]` (before 2024) or `div[data-testid^=paragraph]` (after) with the
// `h2[data-testid=Heading]` subheads between them.
//
// The text is paragraphs separated by blank lines, subheads as their own paragraphs; the first
// paragraph carries the dateline ("KATHMANDU, April 25 (Reuters) - …") as printed, and is the
// summary.

import type { CheerioAPI } from "cheerio";
import type { AnyNode } from "domhandler";
import type { ParsedItem } from "../../domain/item.js";
import { canonicalUrl, dedupKeyForUrl } from "../canonical-url.js";
import { publishedDate } from "../shared/dates.js";
import { hasType, jsonLdNames, jsonLdObjects, metaContent } from "../shared/html.js";
import { chooseLanguage } from "../shared/language.js";
import { htmlToText, oneLine } from "../shared/text.js";
import type { ParseContext } from "../types.js";
import { extractAssignedObject } from "./fusion.js";
import { REUTERS_ORIGIN } from "./urls.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface ReutersArticle {
  title: string | null;
  publishedAt: Date | null;
  authors: string[];
  /** Paragraphs in order; subheads included as their own entries. */
  paragraphs: string[];
  /** Subheads with the index of the paragraph they precede. */
  headings: Array<{ before: number; text: string }>;
  tags: string[];
  url: string | null;
  language: string | null;
  description: string | null;
}

function fusionContent($: CheerioAPI): Json | null {
  const script = $("script#fusion-metadata").first().text();
  if (!script) return null;
  return obj(obj(extractAssignedObject(script, "Fusion.globalContent"))?.result);
}

function fromFusion(r: Json, ctx: ParseContext): ReutersArticle {
  const paragraphs: string[] = [];
  const headings: ReutersArticle["headings"] = [];
  for (const raw of arr(r.content_elements)) {
    const el = obj(raw);
    if (!el) continue;
    const text = oneLine(htmlToText(str(el.content)));
    if (!text) continue;
    if (el.type === "paragraph") paragraphs.push(text);
    else if (el.type === "header") headings.push({ before: paragraphs.length, text });
  }
  // The printed first paragraph starts with the dateline; the data keeps it apart.
  // `dateline` is a string in some layouts and a one-element list in others.
  const dateline = oneLine(str(r.dateline) ?? str(arr(r.dateline)[0]));
  if (dateline && paragraphs[0] && !paragraphs[0].startsWith(dateline)) {
    paragraphs[0] = `${dateline} - ${paragraphs[0]}`;
  }
  const tax = obj(r.taxonomy);
  const tags = [
    str(obj(tax?.section)?.name),
    str(obj(tax?.top_parent_section)?.name),
    ...arr(tax?.other_sections).map((s) => str(obj(s)?.name)),
  ].filter((t): t is string => !!t);
  const canonical = str(r.canonical_url);
  return {
    title: oneLine(str(r.title) ?? str(r.basic_headline)),
    publishedAt: publishedDate(str(r.display_time) ?? str(r.published_time), ctx.now),
    authors: arr(r.authors)
      .map((a) => oneLine(str(obj(a)?.name) ?? str(obj(a)?.byline)))
      .filter((a): a is string => !!a),
    paragraphs,
    headings,
    tags: [...new Set(tags)],
    url: canonical ? canonicalUrl(canonical, REUTERS_ORIGIN) : null,
    language: str(r.language),
    description: oneLine(str(r.description)),
  };
}

function fromMarkup($: CheerioAPI, ctx: ParseContext): ReutersArticle {
  const ld = jsonLdObjects($).find((o) => hasType(o, "NewsArticle", "Article", "ReportageNewsArticle"));
  const title =
    oneLine(metaContent($, "meta[property='og:title']")) ??
    oneLine(str(ld?.headline)) ??
    oneLine($("h1").first().text());
  const date =
    str(ld?.datePublished) ??
    metaContent(
      $,
      "meta[name='article:published_time']",
      "meta[property='article:published_time']",
      "meta[property='og:article:published_time']",
    );
  const metaAuthors = metaContent($, "meta[name='article:author']", "meta[property='article:author']");
  const authors = metaAuthors
    ? metaAuthors
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean)
    : jsonLdNames(ld?.author);

  // Walk the containers that hold the paragraphs, so subheads keep their place between them.
  const paragraphs: string[] = [];
  const headings: ReutersArticle["headings"] = [];
  const containers: AnyNode[] = [];
  $("[data-testid^='paragraph-']").each((_, el) => {
    const parent = el.parent;
    if (parent && !containers.includes(parent)) containers.push(parent);
  });
  for (const container of containers) {
    // Screen-reader-only notes (", opens new tab") are not part of the text.
    $(container).find("[style*='clip'], .sr-only, .visually-hidden, svg").remove();
    $(container)
      .children()
      .each((_, child) => {
        const c = $(child);
        const testid = c.attr("data-testid") ?? "";
        const text = oneLine(c.text());
        if (!text) return;
        if (testid.startsWith("paragraph-")) paragraphs.push(text);
        else if (testid === "Heading" && /^h[2-6]$/i.test(child.type === "tag" ? child.name : "")) {
          headings.push({ before: paragraphs.length, text });
        }
      });
  }
  const canonical = $("link[rel='canonical']").attr("href") ?? metaContent($, "meta[property='og:url']");
  return {
    title,
    publishedAt: publishedDate(date, ctx.now),
    authors,
    paragraphs,
    headings,
    tags: [metaContent($, "meta[name='article:section']")].filter((t): t is string => !!t),
    url: canonical ? canonicalUrl(canonical, ctx.url) : null,
    language: $("html").attr("lang") ?? null,
    description: oneLine(metaContent($, "meta[property='og:description']", "meta[name='description']")),
  };
}

/** The article as Reuters' own data describes it, falling back to the markup field by field. */
export function readReutersArticle($: CheerioAPI, ctx: ParseContext): ReutersArticle {
  const markup = fromMarkup($, ctx);
  const fusionResult = fusionContent($);
  if (!fusionResult) return markup;
  const fusion = fromFusion(fusionResult, ctx);
  return {
    title: fusion.title ?? markup.title,
    publishedAt: fusion.publishedAt ?? markup.publishedAt,
    authors: fusion.authors.length > 0 ? fusion.authors : markup.authors,
    paragraphs: fusion.paragraphs.length > 0 ? fusion.paragraphs : markup.paragraphs,
    headings: fusion.paragraphs.length > 0 ? fusion.headings : markup.headings,
    tags: fusion.tags.length > 0 ? fusion.tags : markup.tags,
    url: fusion.url ?? markup.url,
    language: fusion.language ?? markup.language,
    description: fusion.description ?? markup.description,
  };
}

/** Paragraphs and subheads in reading order, separated by blank lines. */
export function articleText(a: ReutersArticle): string | null {
  const out: string[] = [];
  a.paragraphs.forEach((p, i) => {
    for (const h of a.headings) if (h.before === i) out.push(h.text);
    out.push(p);
  });
  return out.length > 0 ? out.join("\n\n") : null;
}

export function articleToItem(a: ReutersArticle, ctx: ParseContext): Partial<ParsedItem> {
  const out: Partial<ParsedItem> = {
    title: a.title,
    summary: a.paragraphs[0] ?? a.description,
    content: articleText(a),
    publishedAt: a.publishedAt,
    language: chooseLanguage({ configured: ctx.source.language, declared: [a.language], text: a.title }),
  };
  if (a.authors.length > 0) out.authors = a.authors;
  if (a.tags.length > 0) out.tags = a.tags;
  const url = a.url ?? canonicalUrl(ctx.url);
  if (url) {
    out.url = url;
    out.dedupKey = dedupKeyForUrl(url);
  }
  return out;
}
