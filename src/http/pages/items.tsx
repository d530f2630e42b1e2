// Items: full-text search (English and Russian) with filters; each item shows the milestones it
// matched and why (the terms and the quoted sentence).
import type { FoundItem, ItemSearchResult } from "../../services/read-models.js";
import { clip, ExternalLink, formatDate } from "./format.js";
import { Layout, type PageFrame } from "./layout.js";

export interface ItemFilterValues {
  q?: string;
  area?: string;
  source?: number;
  progress?: "true" | "false";
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

export function ItemsPage({
  frame,
  result,
  filters,
  areas,
  sources,
}: {
  frame: PageFrame;
  result: ItemSearchResult;
  filters: ItemFilterValues;
  areas: { slug: string; title: string }[];
  sources: { id: number; name: string }[];
}) {
  const pageLink = (offset: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, offset })) {
      if (v !== undefined && v !== "" && !(k === "offset" && v === 0) && !(k === "limit" && v === 50))
        p.set(k, String(v));
    }
    return `/items?${p.toString()}`;
  };
  const from = result.total === 0 ? 0 : filters.offset + 1;
  const to = filters.offset + result.items.length;
  return (
    <Layout title="Items" frame={frame}>
      <div class="page-head">
        <h1>Items</h1>
        <p class="muted">Everything the sources have published, newest first.</p>
      </div>
      <search>
        <form method="get" action="/items" class="filters">
          <div class="field">
            <label for="q">Search (English or Russian)</label>
            <input
              type="search"
              id="q"
              name="q"
              value={filters.q ?? ""}
              placeholder="e.g. national plan, указ, GigaChat"
            />
          </div>
          <div class="field">
            <label for="area">Area</label>
            <select id="area" name="area">
              <option value="">All areas</option>
              {areas.map((a) => (
                <option value={a.slug} selected={filters.area === a.slug}>
                  {a.title}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="source">Source</label>
            <select id="source" name="source">
              <option value="">All sources</option>
              {sources.map((s) => (
                <option value={String(s.id)} selected={filters.source === s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="progress">Reports</label>
            <select id="progress" name="progress">
              <option value="">Anything</option>
              <option value="true" selected={filters.progress === "true"}>
                Progress
              </option>
              <option value="false" selected={filters.progress === "false"}>
                Discussion only
              </option>
            </select>
          </div>
          <div class="field">
            <label for="since">Published since</label>
            <input type="date" id="since" name="since" value={filters.since ?? ""} />
          </div>
          <div class="form-actions">
            <button type="submit" class="primary">
              Search
            </button>
            <a href="/items">Clear</a>
          </div>
        </form>
      </search>
      <p class="muted" role="status">
        {result.total === 0
          ? "No item matches."
          : `${from}–${to} of ${result.total} ${result.total === 1 ? "item" : "items"}${filters.q ? ` for “${filters.q}”` : ""}`}
      </p>
      <ol class="item-list">
        {result.items.map((item) => (
          <ItemEntry item={item} />
        ))}
      </ol>
      <nav class="pager" aria-label="Pages">
        {filters.offset > 0 ? (
          <a href={pageLink(Math.max(0, filters.offset - filters.limit))}>← Newer</a>
        ) : null}
        {to < result.total ? <a href={pageLink(filters.offset + filters.limit)}>Older →</a> : null}
      </nav>
    </Layout>
  );
}

function ItemEntry({ item }: { item: FoundItem }) {
  const date = item.publishedAt ?? item.firstSeenAt;
  return (
    <li class="item" id={`item-${item.id}`}>
      <h3 lang={item.language ?? undefined}>
        <ExternalLink href={item.url}>{item.title ?? "(untitled)"}</ExternalLink>
      </h3>
      <p class="meta">
        {item.source.name} · <time datetime={date}>{formatDate(date)}</time>
        {item.publishedAt ? "" : " (first seen)"}
        {item.language ? ` · ${item.language}` : ""}
      </p>
      {item.summary ? (
        <p class="summary-text" lang={item.language ?? undefined}>
          {clip(item.summary, 400)}
        </p>
      ) : null}
      {item.matches.length > 0 ? (
        <ul class="matches" aria-label="Matched milestones">
          {item.matches.map((m) => (
            <li>
              {m.progress ? (
                <span class="tag tag-progress">Progress</span>
              ) : (
                <span class="tag">Discussion</span>
              )}{" "}
              <a href={`/milestones/${m.milestone.slug}#evidence-${m.evidenceId}`}>{m.milestone.title}</a>{" "}
              <span class="terms">
                — matched on{" "}
                {m.terms.length
                  ? m.terms.map((t, i) => (
                      <>
                        {i > 0 ? ", " : ""}
                        <code>{t}</code>
                      </>
                    ))
                  : "its text"}
                {m.review !== "pending" ? ` · ${m.review}` : ""}
              </span>
              {m.quote ? <blockquote class="quote">{clip(m.quote, 300)}</blockquote> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
