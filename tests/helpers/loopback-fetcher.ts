// The real HTTP fetcher for tests, fenced to loopback: a URL on any other host fails the test
// instead of reaching the internet, unless `rewrite` maps that host to a test server (so items
// whose canonical links name en.kremlin.ru can have their article pages served locally).
import { HttpFetcher } from "../../src/infra/http-fetcher.js";
import type { SourceFetcher } from "../../src/services/source-preview.js";

export interface LoopbackFetcher extends SourceFetcher {
  /** Every URL asked for, after rewriting. */
  asked: string[];
  close(): Promise<void>;
}

export function loopbackFetcher(
  opts: { rewrite?: Record<string, string>; bodyTimeoutMs?: number } = {},
): LoopbackFetcher {
  const http = new HttpFetcher({
    allowPrivateAddresses: true,
    perHostSpacingMs: 0,
    perHostConcurrency: 8,
    connectTimeoutMs: 2_000,
    bodyTimeoutMs: opts.bodyTimeoutMs ?? 5_000,
  });
  const asked: string[] = [];
  return {
    asked,
    async fetch(url, init) {
      const u = new URL(url);
      const target = opts.rewrite?.[u.host];
      const real = target ? `${target}${u.pathname}${u.search}` : url;
      const host = new URL(real).hostname;
      if (host !== "127.0.0.1" && host !== "localhost") {
        throw new Error(`test tried to reach ${url}: only loopback is allowed in tests`);
      }
      asked.push(real);
      return http.fetch(real, init);
    },
    close: () => http.close(),
  };
}

/** Moves every Atom/RSS date in `xml` by the same amount so that the newest is `newest`. */
export function shiftFeedDates(xml: string, newest: Date): string {
  const iso = /<(published|updated)>([^<]+)<\/\1>/g;
  let max = Number.NEGATIVE_INFINITY;
  for (const m of xml.matchAll(iso)) max = Math.max(max, Date.parse(m[2]!));
  if (!Number.isFinite(max)) return xml;
  const shift = newest.getTime() - max;
  return xml.replace(
    iso,
    (_all, tag: string, value: string) =>
      `<${tag}>${new Date(Date.parse(value) + shift).toISOString()}</${tag}>`,
  );
}
