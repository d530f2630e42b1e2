// Fetches and parses a source once and saves nothing: `sources test`, and the check `sources add`
// makes before it saves. With kind `auto` the URL is fetched once, its kind read from the URL and
// the answer (registry.detectKind), and that answer is parsed when it is what the kind would fetch.
import { FetchError, type FetchErrorInfo, isFetchError } from "../domain/fetch-error.js";
import type { ParsedItem } from "../domain/item.js";
import type { FetchResult } from "../infra/http-fetcher.js";
import { parseBody } from "../infra/parse-pool.js";
import { detectKind, getAdapter } from "../sources/registry.js";
import type { SourceConfig, SourceKind } from "../sources/types.js";
import { proxyInit } from "./source-reach.js";

/** The part of the HTTP fetcher the pipeline uses (tests may wrap it). */
export interface SourceFetcher {
  fetch(
    url: string,
    init?: {
      conditional?: { etag?: string | null; lastModified?: string | null };
      accept?: string;
      signal?: AbortSignal;
      /** The source's own proxy (services/source-reach.ts). */
      proxy?: string;
    },
  ): Promise<FetchResult>;
}

export interface PreviewInput {
  url: string;
  /** A kind, or `auto` (default) to detect it. */
  kind?: SourceKind | "auto";
  language?: string | null;
  options?: SourceConfig["options"];
}

export type SourcePreview =
  | { ok: true; kind: SourceKind; items: ParsedItem[]; url: string }
  | { ok: false; kind: SourceKind | null; error: FetchErrorInfo };

/** Any failure as the typed error a user reads: a bug in a parser is a `parse` error, not a crash. */
export function asFetchErrorInfo(err: unknown, url: string): FetchErrorInfo {
  if (isFetchError(err)) return err.toJSON();
  const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return new FetchError({ kind: "parse", message: `Could not read ${url}: ${reason}.`, url }).toJSON();
}

export async function previewSource(
  fetcher: SourceFetcher,
  now: Date,
  input: PreviewInput,
): Promise<SourcePreview> {
  let kind: SourceKind | null = input.kind && input.kind !== "auto" ? input.kind : null;
  let first: FetchResult | null = null;
  const reach = proxyInit(input);
  try {
    if (kind === null) {
      first = await fetcher.fetch(input.url, reach);
      kind = detectKind(input.url, first.body, first.contentType, {
        hasSelectors: Boolean(input.options?.selectors),
      });
    }
    const config: SourceConfig = {
      url: input.url,
      kind,
      language: input.language ?? null,
      options: input.options ?? {},
    };
    const adapter = getAdapter(kind);
    const items: ParsedItem[] = [];
    let finalUrl = input.url;
    for (const request of adapter.listingRequests(config)) {
      const answer =
        first && request.url === input.url
          ? first
          : await fetcher.fetch(request.url, { accept: request.accept, ...reach });
      finalUrl = answer.url;
      const parsed = await parseBody(adapter, answer.body, {
        url: answer.url,
        contentType: answer.contentType,
        source: config,
        now,
      });
      items.push(...parsed.items);
    }
    if (items.length === 0) {
      throw new FetchError({
        kind: "empty",
        message: `${input.url} answered, but with no items in it.`,
        url: input.url,
      });
    }
    return { ok: true, kind, items, url: finalUrl };
  } catch (err) {
    return { ok: false, kind, error: asFetchErrorInfo(err, input.url) };
  }
}
