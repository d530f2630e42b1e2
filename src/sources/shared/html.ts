// Small helpers over cheerio for adapters that read HTML pages.

import type { CheerioAPI } from "cheerio";
import { load } from "./cheerio.js";
import type { AnyNode } from "domhandler";
import { parseError } from "./errors.js";

export type Selection = ReturnType<CheerioAPI>;

export function loadHtml(body: string): CheerioAPI {
  return load(body);
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
