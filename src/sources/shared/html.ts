// Small helpers over cheerio for adapters that read HTML pages.

import type { CheerioAPI } from "cheerio";
import { load } from "./cheerio.js";
import type { AnyNode } from "domhandler";
import { Tokenizer } from "htmlparser2";
import { parseError } from "./errors.js";

export type Selection = ReturnType<CheerioAPI>;

/** Nesting kept for the HTML parser; real pages stay far below it. */
export const MAX_HTML_NESTING = 128;

export function loadHtml(body: string): CheerioAPI {
  return load(capNesting(body, MAX_HTML_NESTING));
}

const VOID_OR_OPTIONAL_END = new Set(
  (
    "area base br col embed hr img input link meta source track wbr param keygen " +
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp html head body"
  ).split(" "),
);

/**
 * The markup with tags nested deeper than `maxDepth` removed and all text kept. The HTML parser's
 * tree building costs grow with depth for every tag, so a page of 200,000 nested elements would
 * take minutes; this pass is linear and leaves ordinary pages untouched.
 */
export function capNesting(html: string, maxDepth: number): string {
  if (countChar(html, "<", maxDepth + 1) <= maxDepth) return html;
  const drops: Array<[number, number]> = [];
  let depth = 0;
  let tag = "";
  let tagStart = 0;
  const closeOf = (from: number) => {
    const gt = html.indexOf(">", from);
    return gt === -1 ? html.length : gt + 1;
  };
  const opened = (end: number, selfClosing: boolean) => {
    if (VOID_OR_OPTIONAL_END.has(tag) || selfClosing) return;
    depth++;
    if (depth > maxDepth) drops.push([tagStart, end + 1]);
  };
  const noop = () => {};
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: false },
    {
      onopentagname: (start, end) => {
        tag = html.slice(start, end).toLowerCase();
        tagStart = start - 1;
      },
      onopentagend: (end) => opened(end, false),
      onselfclosingtag: (end) => opened(end, true),
      onclosetag: (start, end) => {
        const name = html.slice(start, end).toLowerCase();
        if (VOID_OR_OPTIONAL_END.has(name) || depth === 0) return;
        if (depth > maxDepth) drops.push([start - 2, closeOf(end)]);
        depth--;
      },
      ontext: noop,
      ontextentity: noop,
      oncdata: noop,
      onattribdata: noop,
      onattribentity: noop,
      onattribend: noop,
      onattribname: noop,
      oncomment: noop,
      ondeclaration: noop,
      onprocessinginstruction: noop,
      onend: noop,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  if (drops.length === 0) return html;
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of drops) {
    if (from < at) continue;
    parts.push(html.slice(at, from));
    at = to;
  }
  parts.push(html.slice(at));
  return parts.join("");
}

/** Occurrences of `ch` in `s`, counting no further than `stopAt`. */
function countChar(s: string, ch: string, stopAt: number): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1 && n < stopAt; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** The page's base URL: <base href> resolved against the URL it came from. */
export function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  const href = $("base[href]").first().attr("href");
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return pageUrl;
  }
}

/** Runs a user's CSS selector; an invalid selector is a `parse` error naming it. */
export function selectOrFail(
  $: CheerioAPI,
  selector: string,
  url: string,
  role: string,
  scope?: AnyNode,
): Selection {
  try {
    return scope ? $(scope).find(selector) : $(selector);
  } catch (e) {
    throw parseError(
      url,
      `The ${role} selector "${selector}" is not valid CSS: ${(e as Error).message.split("\n")[0]}.`,
    );
  }
}

export function metaContent($: CheerioAPI, ...selectors: string[]): string | null {
  for (const s of selectors) {
    const v = $(s).first().attr("content")?.trim();
    if (v) return v;
  }
  return null;
}

/** Every JSON-LD object on the page, @graph members flattened; unreadable blocks are skipped. */
export function jsonLdObjects($: CheerioAPI): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      out.push(o);
      if (o["@graph"]) visit(o["@graph"]);
    }
  };
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      visit(JSON.parse($(el).text()));
    } catch {
      // A broken JSON-LD block is common and harmless: the meta tags are the fallback.
    }
  });
  return out;
}

export function hasType(o: Record<string, unknown>, ...types: string[]): boolean {
  const t = o["@type"];
  const list = Array.isArray(t) ? t : [t];
  return list.some((x) => typeof x === "string" && types.includes(x));
}

/** Names from a JSON-LD author value (object, array or string). */
export function jsonLdNames(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list
    .map((a) =>
      typeof a === "string"
        ? a
        : typeof a === "object" && a
          ? ((a as Record<string, unknown>).name ?? (a as Record<string, unknown>).byline)
          : null,
    )
    .filter((n): n is string => typeof n === "string" && n.trim() !== "")
    .map((n) => n.trim());
}
