// Sources: the health table (state, last success, last error in words, items per week) with
// pause / resume / poll now / remove, the add-source form that previews parsed items (or the
// typed error) before saving, and OPML import and export.
import { allAdapters } from "../../sources/registry.js";
import { SOURCE_KIND_CHOICES } from "../api-schemas.js";
import { Csrf, ExternalLink, formatDateTime, Pager, type PagerView } from "./format.js";
import { canWrite, Layout, type PageFrame, WriteNotice } from "./layout.js";

/** What the page shows of a source (the sources service's list view). */
export interface SourceRow {
  id: number;
  name: string;
  url: string;
  kind: string;
  schedule: string;
  health: {
    state: string;
    paused: boolean;
    consecutiveFailures: number;
    lastSuccessAt: string | null;
    lastError: { kind: string; message: string; status?: number } | null;
    itemsLast7Days: number;
    itemsLast30Days: number;
    answeredBy?: string | null;
  };
  /** Credentials already masked by the service. */
  proxy?: string | null;
  itemCount: number;
}

export type PreviewView =
  | { ok: true; kind: string; items: { title: string | null; url: string; published: string | null }[] }
  | { ok: false; error: { kind: string; message: string; status?: number } };

export interface AddSourceValues {
  url?: string;
  kind?: string;
  name?: string;
  schedule?: string;
  voice?: string;
  selectors?: Partial<Record<"item" | "title" | "link" | "date" | "summary", string>>;
  /** One URL per line. (The proxy is never written back into the page: it may hold credentials.) */
  mirrors?: string;
  force?: boolean;
}

const STATE_WORD: Record<string, string> = {
  pending: "Not polled yet",
  healthy: "Healthy",
  failing: "Failing",
  stale: "Stale",
  blocked: "Blocked",
  paused: "Paused",
};

const KIND_WORD: Record<string, string> = {
  auto: "Detect from the address",
  ...Object.fromEntries(allAdapters.map((a) => [a.kind, a.label])),
};

const SELECTOR_FIELDS = [
  { key: "item", label: "Each entry", hint: "e.g. article.news-item or li.entry" },
  { key: "title", label: "Title, inside an entry", hint: "e.g. h2" },
  { key: "link", label: "Link, inside an entry", hint: "e.g. a" },
  { key: "date", label: "Date, inside an entry", hint: "e.g. time" },
  { key: "summary", label: "Summary, inside an entry", hint: "e.g. p.lead" },
] as const;

export function SourcesPage({
  frame,
  sources,
  pager,
  values = {},
  preview,
  importReport,
}: {
  frame: PageFrame;
  /** One page of the sources. */
  sources: SourceRow[];
  pager: PagerView;
  values?: AddSourceValues;
  preview?: PreviewView | null;
  importReport?: string[] | null;
}) {
  const writable = canWrite(frame.viewer);
  const failing = sources.filter(
    (s) => ["failing", "blocked", "stale"].includes(s.health.state) && !s.health.paused,
  ).length;
  return (
    <Layout title="Sources" frame={frame} scripts={["/static/app.js"]}>
      <div class="page-head">
        <h1>Sources</h1>
        <p class="muted">
          {pager.total} {pager.total === 1 ? "source" : "sources"}
          {failing
            ? ` · ${failing} need${failing === 1 ? "s" : ""} attention${sources.length < pager.total ? " on this page" : ""}`
            : sources.length < pager.total
              ? " · all well on this page"
              : " · all well"}
        </p>
      </div>

      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Sources and their health</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">State</th>
              <th scope="col">Last success</th>
              <th scope="col">Last error</th>
              <th scope="col" class="num">
                Items / week
              </th>
              <th scope="col" class="num">
                All items
              </th>
              {writable ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <SourceLine s={s} writable={writable} csrf={frame.viewer.csrf} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} noun="sources" />
      {pager.total === 0 ? <p class="muted">No sources yet: add one below.</p> : null}

      <section aria-labelledby="add-h">
        <h2 id="add-h">Add a source</h2>
        <WriteNotice viewer={frame.viewer} action="add sources" />
        {writable ? <AddSourceForm csrf={frame.viewer.csrf} values={values} preview={preview} /> : null}
      </section>

      <section aria-labelledby="opml-h">
        <h2 id="opml-h">OPML</h2>
        <p>
          Every feed reader speaks OPML. <a href="/sources/export.opml">Export all sources as OPML</a>
          {writable ? " or import a file:" : "."}
        </p>
        {importReport ? (
          <ul class="notice notice-info">
            {importReport.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        ) : null}
        {writable ? (
          <form method="post" action="/sources/import" enctype="multipart/form-data" class="form-actions">
            <Csrf token={frame.viewer.csrf} />
            <label for="opml-file" class="label">
              OPML file
            </label>
            <input
              type="file"
              id="opml-file"
              name="file"
              accept=".opml,.xml,text/xml,application/xml"
              required
            />
            <button type="submit">Import</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}

function SourceLine({ s, writable, csrf }: { s: SourceRow; writable: boolean; csrf: string }) {
  const state = s.health.paused ? "paused" : s.health.state;
  const e = s.health.lastError;
  return (
    <tr id={`source-${s.id}`}>
      <td>
        <strong>{s.name}</strong>
        <br />
        <span class="muted">
          {s.kind} ·{" "}
          <ExternalLink href={s.url}>{s.url.length > 60 ? `${s.url.slice(0, 57)}…` : s.url}</ExternalLink>
        </span>
        {s.health.answeredBy && s.health.answeredBy !== s.url ? (
          <div class="muted">last answered by the mirror {s.health.answeredBy}</div>
        ) : null}
        {s.proxy ? <div class="muted">through the proxy {s.proxy}</div> : null}
      </td>
      <td>
        <span class={`state state-${state}`}>{STATE_WORD[state] ?? state}</span>
        {s.health.consecutiveFailures > 0 ? (
          <div class="muted">
            {s.health.consecutiveFailures} failed {s.health.consecutiveFailures === 1 ? "poll" : "polls"} in a
            row
          </div>
        ) : null}
      </td>
      <td>{s.health.lastSuccessAt ? formatDateTime(s.health.lastSuccessAt) : "never"}</td>
      <td>
        {e ? (
          <>
            {e.message}
            <div class="muted">
              {e.kind}
              {e.status ? ` (HTTP ${e.status})` : ""}
            </div>
          </>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      <td class="num">{s.health.itemsLast7Days}</td>
      <td class="num">{s.itemCount}</td>
      {writable ? (
        <td>
          <div class="actions">
            <form method="post" action={`/sources/${s.id}/poll`}>
              <Csrf token={csrf} />
              <button type="submit" class="small">
                Poll now
              </button>
            </form>
            <form method="post" action={`/sources/${s.id}/${s.health.paused ? "resume" : "pause"}`}>
              <Csrf token={csrf} />
              <button type="submit" class="small">
                {s.health.paused ? "Resume" : "Pause"}
              </button>
            </form>
            <form method="post" action={`/sources/${s.id}/remove`}>
              <Csrf token={csrf} />
              <button type="submit" class="small danger" aria-label={`Remove ${s.name}`}>
                Remove
              </button>
            </form>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

function AddSourceForm({
  csrf,
  values,
  preview,
}: {
  csrf: string;
  values: AddSourceValues;
  preview?: PreviewView | null;
}) {
  const kind = values.kind ?? "auto";
  return (
    <form method="post" action="/sources" id="add-source-form">
      <Csrf token={csrf} />
      <fieldset>
        <legend>Feed or page</legend>
        <AddressAndKindFields values={values} kind={kind} />
        <SelectorFields values={values} kind={kind} />
        <ReachFields values={values} />
        <AddSourceActions values={values} />
        <div id="source-preview" class="preview" aria-live="polite" hidden={!preview}>
          {preview ? <PreviewBody preview={preview} /> : null}
        </div>
      </fieldset>
    </form>
  );
}

/** The add form's address, and how to read it: kind, name, schedule and voice. */
function AddressAndKindFields({ values, kind }: { values: AddSourceValues; kind: string }) {
  return (
    <>
      <div class="field">
        <label for="src-url">Address (URL)</label>
        <input
          type="url"
          id="src-url"
          name="url"
          required
          value={values.url ?? ""}
          placeholder="https://example.org/feed.xml"
        />
        <p class="hint">
          An RSS, Atom or JSON feed, a news list page, or a single page to watch for changes.
        </p>
      </div>
      <div class="row">
        <div class="field">
          <label for="src-kind">Kind</label>
          <select id="src-kind" name="kind">
            {SOURCE_KIND_CHOICES.map((k) => (
              <option value={k} selected={k === kind}>
                {KIND_WORD[k] ?? k}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="src-name">Name (optional)</label>
          <input type="text" id="src-name" name="name" value={values.name ?? ""} maxlength={200} />
        </div>
        <div class="field">
          <label for="src-schedule">Schedule (optional)</label>
          <input
            type="text"
            id="src-schedule"
            name="schedule"
            value={values.schedule ?? ""}
            placeholder="*/15 * * * *"
          />
          <p class="hint">Cron: minute hour day month weekday. Default every 15 minutes (pages hourly).</p>
        </div>
        <div class="field">
          <label for="src-voice">Voice</label>
          <select id="src-voice" name="voice">
            <option value="" selected={!values.voice}>
              From its kind and address
            </option>
            <option value="official" selected={values.voice === "official"}>
              Official: the state itself speaks
            </option>
            <option value="press" selected={values.voice === "press"}>
              Press: reports on others
            </option>
          </select>
        </div>
      </div>
    </>
  );
}

/** The CSS selectors an HTML list page is read with. */
function SelectorFields({ values, kind }: { values: AddSourceValues; kind: string }) {
  return (
    <details class="more" open={kind === "html" || Boolean(values.selectors?.item)}>
      <summary>Selectors for an HTML list page</summary>
      <div class="row">
        {SELECTOR_FIELDS.map((f) => (
          <div class="field">
            <label for={`sel-${f.key}`}>{f.label}</label>
            <input
              type="text"
              id={`sel-${f.key}`}
              name={`selector_${f.key}`}
              value={values.selectors?.[f.key] ?? ""}
              placeholder={f.hint}
            />
          </div>
        ))}
      </div>
    </details>
  );
}

/** How to reach the source when it is hard to reach: a proxy and mirrors. */
function ReachFields({ values }: { values: AddSourceValues }) {
  return (
    <details class="more" open={Boolean(values.mirrors)}>
      <summary>Reaching it: proxy and mirrors</summary>
      <div class="row">
        <div class="field">
          <label for="src-proxy">Proxy (optional)</label>
          <input
            type="text"
            id="src-proxy"
            name="proxy"
            autocomplete="off"
            placeholder="http://user:password@proxy.corp:3128"
          />
          <p class="hint">
            http://, socks5:// or socks5h://; “direct” for none. Wins over HTTPS_PROXY; credentials are never
            shown.
          </p>
        </div>
        <div class="field">
          <label for="src-mirrors">Mirrors (optional)</label>
          <textarea
            id="src-mirrors"
            name="mirrors"
            rows={2}
            placeholder="http://special.kremlin.ru/events/president/news/feed"
          >
            {values.mirrors ?? ""}
          </textarea>
          <p class="hint">
            Other addresses serving the same content, one per line, tried in order when this one fails.
          </p>
        </div>
      </div>
    </details>
  );
}

/** Preview, add, and add even when the preview finds nothing. */
function AddSourceActions({ values }: { values: AddSourceValues }) {
  return (
    <div class="form-actions">
      <button type="submit" formaction="/sources/preview" data-preview-button>
        Preview
      </button>
      <button type="submit" class="primary">
        Add source
      </button>
      <label class="check">
        <input type="checkbox" name="force" value="true" checked={values.force} /> Add even if it yields
        nothing now
      </label>
    </div>
  );
}

function PreviewBody({ preview }: { preview: PreviewView }) {
  if (!preview.ok) {
    return (
      <p class="preview-error" role="alert">
        <strong>
          Nothing to add ({preview.error.kind}
          {preview.error.status ? ` ${preview.error.status}` : ""}):
        </strong>{" "}
        {preview.error.message}
      </p>
    );
  }
  return (
    <>
      <p>
        <strong>
          Found {preview.items.length} {preview.items.length === 1 ? "item" : "items"}
        </strong>{" "}
        (read as {preview.kind}):
      </p>
      <ol>
        {preview.items.map((i) => (
          <li>
            <ExternalLink href={i.url}>{i.title ?? i.url}</ExternalLink>
            {i.published ? <span class="muted"> — {i.published.slice(0, 10)}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
