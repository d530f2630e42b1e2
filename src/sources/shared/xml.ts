// A small synchronous XML reader for feeds and sitemaps, built on sax.
//
// Why not rss-parser: its parseString is asynchronous, and adapters' `parse` must be synchronous and
// pure. Why sax in strict mode: a truncated or mismatched document must fail loudly as a `parse`
// error rather than yield half a feed silently.
//
// Rules:
// - No DTD processing at all: a DOCTYPE (with or without an internal subset) is skipped, entities it
//   declares are never expanded and nothing external is ever read (no XXE, no "billion laughs").
//   An undeclared entity such as `&xxe;` stays in the text literally.
// - Lenient where real feeds are sloppy and the meaning is still clear: bare `&` in text, HTML
//   entities (`&nbsp;`), undeclared namespace prefixes (`dc:creator` without xmlns:dc), junk after
//   the root element.
// - Everything else (unclosed or mismatched tags, text before the root) is a ParseFailure.

import sax from "sax";
import type { CategorizedError, ErrorCategory } from "../../domain/error-category.js";
import { type ItemBound, NewestElements } from "./newest-elements.js";
import type { XmlElement, XmlNode } from "./xml-node.js";

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  sy: "http://purl.org/rss/1.0/modules/syndication/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rss1: "http://purl.org/rss/1.0/",
  sitemap: "http://www.sitemaps.org/schemas/sitemap/0.9",
  news: "http://www.google.com/schemas/sitemap-news/0.9",
  media: "http://search.yahoo.com/mrss/",
  xhtml: "http://www.w3.org/1999/xhtml",
} as const;

/** Conventional prefixes, so a feed that forgets `xmlns:dc` still has its `dc:creator` understood. */
const KNOWN_PREFIXES: Record<string, string> = {
  atom: NS.atom,
  content: NS.content,
  dc: NS.dc,
  dcterms: NS.dcterms,
  sy: NS.sy,
  rdf: NS.rdf,
  news: NS.news,
  media: NS.media,
};

export type { XmlElement, XmlNode } from "./xml-node.js";

export class XmlParseFailure extends Error implements CategorizedError {
  get category(): ErrorCategory {
    return "unavailable";
  }
}

/** Characters of text outside the root forgiven; past this the body is not XML with junk around it. */
const MAX_FORGIVEN_ERRORS = 1_000;

const NON_FATAL = [
  "Invalid character entity",
  "Invalid character in entity name",
  "Unbound namespace prefix",
  "Text data outside of root node",
];

/** Parses a whole document and returns its root element; throws XmlParseFailure when not well-formed. */
export function parseXml(text: string): XmlElement {
  return parseXmlKeepingNewest(text).root;
}

/**
 * As parseXml, keeping only the newest `bound.keep` item elements in the tree (the others are
 * dropped as they are read, and counted).
 */
export function parseXmlKeepingNewest(
  text: string,
  bound?: ItemBound,
): { root: XmlElement; itemsDropped: number } {
  const newest = bound ? new NewestElements(bound) : null;
  const parser = sax.parser(true, { xmlns: true, position: true, trim: false, normalize: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let fatal: string | null = null;

  let forgiven = 0;
  parser.onerror = (err: Error) => {
    const first = String(err.message).split("\n")[0] ?? "";
    const junk = first.startsWith("Text data outside of root node");
    if (!NON_FATAL.some((m) => first.startsWith(m)) || (junk && ++forgiven > MAX_FORGIVEN_ERRORS)) {
      fatal ??= `${first} (line ${parser.line + 1}, column ${parser.column + 1})`;
      // Stop at once: each further error costs sax an Error object, one per character of junk.
      throw new XmlParseFailure(fatal);
    }
    // Keep reading: sax throws on the next write while an error is pending.
    (parser as unknown as { error: Error | null }).error = null;
  };
  parser.onopentag = (tag) => {
    const t = tag as sax.QualifiedTag;
    let uri = t.uri ?? "";
    if (t.prefix && uri === t.prefix) uri = KNOWN_PREFIXES[t.prefix] ?? uri;
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(t.attributes)) attrs[k] = typeof a === "string" ? a : a.value;
    const el: XmlElement = { name: t.name, local: t.local || t.name, uri, attrs, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root === null) root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    const el = stack.pop();
    const parent = stack[stack.length - 1];
    if (newest && el && parent && root) newest.closed(el, parent, stack.length, root);
  };
  const addText = (s: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === "string") parent.children[parent.children.length - 1] = last + s;
    else parent.children.push(s);
  };
  parser.ontext = addText;
  parser.oncdata = addText;

  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    parser.write(escapeBareAmpersands(input)).close();
  } catch (e) {
    fatal ??= String((e as Error).message).split("\n")[0] ?? "unreadable XML";
  }
  if (fatal !== null) throw new XmlParseFailure(fatal);
  if (root === null) throw new XmlParseFailure("no XML element found");
  newest?.finish();
  return { root, itemsDropped: newest?.dropped ?? 0 };
}

// A bare "&" (as in "AT&T") is the commonest feed error; escaping it keeps the text as intended.
// CDATA sections and comments are left alone: "&" is literal there.
function escapeBareAmpersands(s: string): string {
  return s.replace(
    /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)/g,
    (m) => (m === "&" ? "&amp;" : m),
  );
}

export function isElement(n: XmlNode | undefined): n is XmlElement {
  return typeof n === "object" && n !== null;
}

function nsMatches(el: XmlElement, ns: string | undefined): boolean {
  return ns === undefined || el.uri === ns;
}

/** Direct children with this local name (any namespace unless `ns` is given; "" = no namespace). */
export function children(el: XmlElement, local: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (isElement(c) && c.local === local && nsMatches(c, ns)) out.push(c);
  return out;
}

export function child(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  for (const c of el.children) if (isElement(c) && c.local === local && nsMatches(c, ns)) return c;
  return undefined;
}

/** All text inside the element, markup dropped (as XPath string()); iterative, so depth is free. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return "";
  const parts: string[] = [];
  const stack: XmlNode[] = [...el.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === "string") parts.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return parts.join("");
}

/** Text of the first matching child, trimmed; null when absent or blank. */
export function childText(el: XmlElement, local: string, ns?: string): string | null {
  const t = textOf(child(el, local, ns)).trim();
  return t === "" ? null : t;
}

/** Serialises the children back to markup: Atom `type="xhtml"` content is inline XHTML. */
export function innerXml(el: XmlElement): string {
  const parts: string[] = [];
  // `{ close }` entries are closing tags waiting for their element's children to be written.
  const stack: Array<XmlNode | { close: string }> = [...el.children].reverse();
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (typeof c === "string") parts.push(escapeXmlText(c));
    else if ("close" in c) parts.push(c.close);
    else {
      const attrs = Object.entries(c.attrs)
        .filter(([k]) => k !== "xmlns" && !k.startsWith("xmlns:"))
        .map(([k, v]) => ` ${k}="${escapeXmlText(v).replace(/"/g, "&quot;")}"`)
        .join("");
      parts.push(`<${c.local}${attrs}>`);
      stack.push({ close: `</${c.local}>` });
      for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]!);
    }
  }
  return parts.join("");
}

function escapeXmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `xml:lang` of the element or its nearest ancestor on the given path. */
export function xmlLang(...path: XmlElement[]): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const v = path[i]?.attrs["xml:lang"];
    if (v) return v;
  }
  return null;
}
