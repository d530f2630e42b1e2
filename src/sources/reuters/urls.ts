// Reuters URLs: the site's own JSON API (the only listing that still answers), sitemaps, articles.
// Section pages (`https://www.reuters.com/world/europe/`) are polled through the API with the
// section's path as `section_id`; API URLs page by `offset`.

export const REUTERS_ORIGIN = "https://www.reuters.com";
export const SECTION_API = `${REUTERS_ORIGIN}/pf/api/v3/content/fetch/articles-by-section-alias-or-id-v1`;
export const PAGE_SIZE = 20;

export function isReutersHost(url: string): boolean {
  try {
    const h = new URL(url).hostname.toLowerCase();
    return h === "reuters.com" || h.endsWith(".reuters.com");
  } catch {
    return false;
  }
}

export function isApiUrl(url: string): boolean {
  return /\/pf\/api\/v\d+\/content\/fetch\//.test(url);
}

export function isSitemapUrl(url: string): boolean {
  return /sitemap/i.test(url) || /outputType=xml/i.test(url);
}

/** Article URLs end in a date: `/<section>/<subsection>/<slug>-YYYY-MM-DD/`. */
export function isArticleUrl(url: string): boolean {
  return /-\d{4}-\d{2}-\d{2}\/?(?:[?#].*)?$/.test(url);
}

export function sectionApiUrl(sectionPath: string, offset: number, size = PAGE_SIZE): string {
  const query = { offset, size, section_id: sectionPath, website: "reuters" };
  return `${SECTION_API}?query=${encodeURIComponent(JSON.stringify(query))}`;
}

/** The same API request at another offset; null when the URL carries no JSON query. */
export function withOffset(apiUrl: string, offset: number): string | null {
  try {
    const u = new URL(apiUrl);
    const raw = u.searchParams.get("query");
    if (!raw) return null;
    const q = JSON.parse(raw) as Record<string, unknown>;
    if (typeof q !== "object" || q === null) return null;
    q.offset = offset;
    u.searchParams.set("query", JSON.stringify(q));
    return u.toString();
  } catch {
    return null;
  }
}

export function pageSizeOf(apiUrl: string): number {
  try {
    const q = JSON.parse(new URL(apiUrl).searchParams.get("query") ?? "{}") as Record<string, unknown>;
    return typeof q.size === "number" && q.size > 0 ? q.size : PAGE_SIZE;
  } catch {
    return PAGE_SIZE;
  }
}

/** The listing request URL for a source: API and sitemap URLs as given, a section page via the API. */
export function listingUrl(sourceUrl: string, offset = 0): string {
  if (!isReutersHost(sourceUrl) || isApiUrl(sourceUrl)) {
    return offset === 0 ? sourceUrl : (withOffset(sourceUrl, offset) ?? sourceUrl);
  }
  if (isSitemapUrl(sourceUrl) || isArticleUrl(sourceUrl)) return sourceUrl;
  const path = new URL(sourceUrl).pathname.replace(/\/?$/, "/");
  return sectionApiUrl(path, offset);
}
