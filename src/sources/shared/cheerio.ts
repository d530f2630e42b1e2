// cheerio, loaded on first use: with the HTTP client it bundles it costs a process 20 MB, and a
// poll whose sources all answer 304 (or whose feeds carry no markup) never parses HTML.
import { createRequire } from "node:module";
import type { CheerioAPI } from "cheerio";

let loaded: typeof import("cheerio") | undefined;

/** cheerio's `load`. */
export function load(...args: Parameters<typeof import("cheerio").load>): CheerioAPI {
  loaded ??= createRequire(import.meta.url)("cheerio") as typeof import("cheerio");
  return loaded.load(...args);
}
