// The readable text of a page: its main content without navigation, headers, footers, scripts or
// forms, one paragraph per block. This is what a watched page is compared on, so chrome that
// changes on every load (menus, cookie banners) must stay out of it.

import type { CheerioAPI } from "cheerio";
import { nodesToText, oneLine } from "../shared/text.js";

const CHROME =
  "script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button, " +
  "[hidden], [aria-hidden='true'], [role='navigation'], [role='banner'], [role='contentinfo'], " +
  "[class*='cookie'], [id*='cookie']";

export interface ReadablePage {
  title: string | null;
  /** Paragraphs separated by blank lines. */
  text: string;
}

export function readablePage($: CheerioAPI): ReadablePage {
  const title =
    oneLine($("meta[property='og:title']").attr("content")) ??
    oneLine($("title").first().text()) ??
    oneLine($("h1").first().text());
  $(CHROME).remove();
  const articles = $("article");
  const candidates = [
    $("main").first(),
    $("[role='main']").first(),
    articles.length === 1 ? articles : $(),
    $("#content").first(),
    $("body").first(),
  ];
  const root = candidates.find((c) => c.length > 0 && c.text().trim() !== "") ?? $.root();
  return { title, text: nodesToText(root.toArray()) };
}
