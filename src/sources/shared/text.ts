// Turning markup into the plain text items store: titles and summaries on one line, full text as
// paragraphs separated by blank lines. Entities are decoded, tags dropped, whitespace collapsed.

import { load } from "./cheerio.js";
import type { AnyNode } from "domhandler";

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
]);
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "head",
  "object",
  "canvas",
]);

/** Plain text with paragraphs separated by blank lines (and single newlines for `<br>`). */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return "";
  if (!/[<&]/.test(html)) return paragraphsFromPlain(html);
  const $ = load(html, null, false);
  return nodesToText($.root().contents().toArray());
}

/** Text of already-parsed nodes, same rules as htmlToText. */
export function nodesToText(nodes: AnyNode[]): string {
  const blocks: string[] = [];
  let buf = "";
  const flush = () => {
    const lines = buf
      .split("\n")
      .map((l) => l.replace(/\s+/g, " ").trim())
      .filter((l) => l !== "");
    if (lines.length > 0) blocks.push(lines.join("\n"));
    buf = "";
  };
  const walk = (node: AnyNode) => {
    if (node.type === "text") {
      buf += node.data.replace(/\s+/g, " ");
      return;
    }
    if (node.type === "cdata") {
      for (const c of node.children) walk(c);
      return;
    }
    if (node.type !== "tag" && node.type !== "root") return;
    if (node.type === "tag") {
      const name = node.name.toLowerCase();
      if (SKIP.has(name)) return;
      if (name === "br") {
        buf += "\n";
        return;
      }
      if (BLOCK.has(name)) {
        flush();
        for (const c of node.children) walk(c);
        flush();
        return;
      }
    }
    for (const c of node.children) walk(c);
  };
  for (const n of nodes) walk(n);
  flush();
  return blocks.join("\n\n");
}

/** One line: tags stripped, entities decoded, whitespace collapsed. Null when nothing is left. */
export function inlineText(html: string | null | undefined): string | null {
  const t = htmlToText(html).replace(/\s+/g, " ").trim();
  return t === "" ? null : t;
}

/** Plain text (no markup) to paragraphs: blank lines separate paragraphs, other whitespace collapses. */
export function paragraphsFromPlain(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "")
    .join("\n\n");
}

/** Collapses whitespace on one line; null when blank. */
export function oneLine(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.replace(/\s+/g, " ").trim();
  return t === "" ? null : t;
}

/** Shortens text at a word boundary, for summaries made from full text. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
