// Reuters' JSON API answer (`articles-by-section-alias-or-id-v1`, `articles-by-topic-v1`):
// `result.articles[]` with title, canonical_url, id, published_time, updated_time, authors,
// description. The API gives no article text: the poll fetches article pages for that.

import type { ParsedItem } from "../../domain/item.js";
import { parseJson } from "../feed/json-feed.js";
import { publishedDate } from "../shared/dates.js";
import { emptyError, parseError } from "../shared/errors.js";
import { finishItem, uniqueByKey } from "../shared/item.js";
import { inlineText, oneLine } from "../shared/text.js";
import type { ParseContext } from "../types.js";
import { REUTERS_ORIGIN } from "./urls.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

export function readReutersApi(
  body: string,
  ctx: ParseContext,
): { items: ParsedItem[]; total: number | null } {
  const data = obj(parseJson(body, ctx.url, "Reuters API answer"));
  if (!data) throw parseError(ctx.url, `Reuters' API answered ${ctx.url} with JSON of an unexpected shape.`);
  const status = typeof data.statusCode === "number" ? data.statusCode : 200;
  const result = obj(data.result);
  if (status !== 200 || !result) {
    const why = str(data.message) ?? "no result";
    throw parseError(ctx.url, `Reuters' API refused ${ctx.url}: ${why} (status ${status}).`);
  }
  if (!Array.isArray(result.articles)) {
    throw parseError(
      ctx.url,
      `Reuters' API answer from ${ctx.url} has no result.articles list: the API may have changed.`,
    );
  }
  const items: ParsedItem[] = [];
  for (const raw of result.articles) {
    const a = obj(raw);
    if (!a) continue;
    const authors = (Array.isArray(a.authors) ? a.authors : [])
      .map((x) => oneLine(str(obj(x)?.name) ?? str(obj(x)?.byline)))
      .filter((x): x is string => !!x);
    const item = finishItem(
      {
        guid: str(a.id),
        link: str(a.canonical_url),
        base: REUTERS_ORIGIN,
        title: inlineText(str(a.title) ?? str(a.basic_headline)),
        summary: inlineText(str(a.description)),
        content: null,
        publishedAt: publishedDate(
          str(a.published_time) ?? str(a.display_time) ?? str(a.updated_time),
          ctx.now,
        ),
        authors,
        tags: [str(obj(a.kicker)?.name)].filter((t): t is string => !!t),
        declaredLanguages: [str(a.language), "en"],
      },
      ctx,
    );
    if (item) items.push(item);
  }
  if (items.length === 0) throw emptyError(ctx.url, `Reuters' API listed no articles at ${ctx.url}.`);
  const pagination = obj(result.pagination);
  const total = typeof pagination?.total_size === "number" ? pagination.total_size : null;
  return { items: uniqueByKey(items), total };
}
