// Small pieces every page shares: status in words and symbols (never colour alone), dates in
// words, links that are only ever http(s).
import type { Child } from "hono/jsx";

export const STATUS_WORD: Record<string, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  at_risk: "At risk",
  achieved: "Achieved",
  partially_achieved: "Partially achieved",
  stalled: "Stalled",
  overdue: "Overdue",
  ongoing: "Ongoing",
};

/** A symbol beside the word, so the status reads in greyscale and to colour-blind readers too. */
const STATUS_SYMBOL: Record<string, string> = {
  not_started: "○",
  in_progress: "◔",
  at_risk: "▲",
  achieved: "✓",
  partially_achieved: "◑",
  stalled: "■",
  overdue: "!",
  ongoing: "↻",
};

/** The status's symbol (what the badge shows beside the word). */
export function statusSymbol(status: string): string {
  return STATUS_SYMBOL[status] ?? "•";
}

export function statusWord(status: string): string {
  return STATUS_WORD[status] ?? status.replace(/_/g, " ");
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge badge-${status}`}>
      <span class="badge-symbol" aria-hidden="true">
        {statusSymbol(status)}
      </span>{" "}
      {statusWord(status)}
    </span>
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "26 Nov 2026" from an ISO date or timestamp (UTC). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "26 Nov 2026, 14:05 UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(iso)}, ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}

export function daysLeftText(daysLeft: number | null): string {
  if (daysLeft === null) return "no fixed date";
  if (daysLeft < 0) return `${-daysLeft} ${-daysLeft === 1 ? "day" : "days"} overdue`;
  if (daysLeft === 0) return "due today";
  return `${daysLeft} ${daysLeft === 1 ? "day" : "days"} left`;
}

/** The URL when it is http(s), else null: anything else (javascript:, data:) is never a link. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : null;
  } catch {
    return null;
  }
}

/** A link to somewhere else, or the text alone when the address is not http(s). */
export function ExternalLink({ href, children }: { href: string | null | undefined; children?: Child }) {
  const safe = safeHref(href);
  if (!safe) {
    return (
      <span class="unsafe-link" title="Not shown as a link: the address is not http(s)">
        {children} <span class="muted">({href ?? "no address"})</span>
      </span>
    );
  }
  return (
    <a href={safe} rel="noopener noreferrer nofollow" class="external">
      {children}
    </a>
  );
}

/** A hidden CSRF field for forms that change something. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The areas a subscriber or a channel follows: one checkbox each, none ticked meaning all. */
export function AreaChoice({
  areas,
  checked,
}: {
  areas: { slug: string; title: string }[];
  checked?: string[];
}) {
  return (
    <fieldset>
      <legend>Areas (none ticked: all)</legend>
      <div class="row">
        {areas.map((a) => (
          <label class="check">
            <input type="checkbox" name="areas" value={a.slug} checked={checked?.includes(a.slug)} />{" "}
            {a.title}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Shortens long text at a word boundary. */
export function clip(text: string | null | undefined, max = 280): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 40))}…`;
}

/** Where a paged list stands and its neighbouring pages (built by http/paging.ts). */
export interface PagerView {
  from: number;
  to: number;
  total: number;
  previous: string | null;
  next: string | null;
}

/** Links to a list's previous and next pages, shown only when the list has more than one. */
export function Pager({
  pager,
  noun,
  previousLabel = "← Previous",
  nextLabel = "Next →",
}: {
  pager: PagerView;
  noun: string;
  previousLabel?: string;
  nextLabel?: string;
}) {
  if (!pager.previous && !pager.next) return null;
  return (
    <nav class="pager" aria-label={`Pages of ${noun}`}>
      {pager.previous ? <a href={pager.previous}>{previousLabel}</a> : null}
      <span class="muted">
        {pager.from}–{pager.to} of {pager.total} {noun}
      </span>
      {pager.next ? (
        <a href={pager.next} rel="next">
          {nextLabel}
        </a>
      ) : null}
    </nav>
  );
}
