// One milestone: what it is, its status and why, the evidence timeline with quotes and links
// (confirm / reject for signed-in analysts), the status history, and a status override.
import { MILESTONE_STATUSES } from "../../domain/agenda.js";
import type { MilestoneDetail } from "../../services/status-service.js";
import {
  clip,
  Csrf,
  daysLeftText,
  ExternalLink,
  formatDate,
  formatDateTime,
  Pager,
  type PagerView,
  StatusBadge,
  statusWord,
} from "./format.js";
import { canWrite, Layout, type PageFrame, WriteNotice } from "./layout.js";

type EvidenceRow = MilestoneDetail["evidence"][number];
type HistoryRow = MilestoneDetail["history"][number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CAUSE_WORD: Record<string, string> = {
  rules: "deadline rules",
  evidence: "evidence",
  analyst: "analyst override",
  agenda: "agenda baseline",
};

export function MilestonePage({
  detail: m,
  frame,
  pager,
}: {
  detail: MilestoneDetail;
  frame: PageFrame;
  /** Pages of the evidence timeline: the newest first, older ones behind a link. */
  pager: PagerView;
}) {
  const writable = canWrite(frame.viewer);
  const back = `/milestones/${m.slug}`;
  return (
    <Layout title={m.title} frame={frame} scripts={["/static/app.js"]}>
      <nav class="muted" aria-label="Breadcrumb">
        <a href="/">Overview</a> › <a href={`/#area-${m.area.slug}`}>{m.area.title}</a>
      </nav>
      <div class="page-head">
        <h1>{m.title}</h1>
        <span id="milestone-status">
          <StatusBadge status={m.status} />
        </span>
      </div>
      <MilestoneFacts m={m} />
      {m.description ? <p class="description">{m.description}</p> : null}

      <div class="two-col">
        <EvidenceTimeline m={m} frame={frame} pager={pager} writable={writable} back={back} />
        <aside>
          <StatusHistory m={m} writable={writable} csrf={frame.viewer.csrf} back={back} />
          <StatusOverride m={m} frame={frame} writable={writable} />
        </aside>
      </div>
    </Layout>
  );
}

/** One page of the evidence, newest first, with links to the newer and older pages. */
function EvidenceTimeline({
  m,
  frame,
  pager,
  writable,
  back,
}: {
  m: MilestoneDetail;
  frame: PageFrame;
  pager: PagerView;
  writable: boolean;
  back: string;
}) {
  return (
    <section aria-labelledby="evidence-h">
      <h2 id="evidence-h">Evidence</h2>
      <WriteNotice viewer={frame.viewer} action="confirm or reject evidence" />
      <p id="review-status" class="muted" role="status" />
      {m.evidencePage.total === 0 ? (
        <p class="muted">No item has matched this milestone yet.</p>
      ) : m.evidence.length === 0 ? (
        <p class="muted">
          There is no evidence this far back: <a href={`/milestones/${m.slug}`}>see the newest</a>.
        </p>
      ) : (
        <ol class="timeline">
          {m.evidence.map((e) => (
            <EvidenceEntry
              e={e}
              deciding={m.decidingEvidenceIds.includes(e.id)}
              writable={writable}
              csrf={frame.viewer.csrf}
              back={back}
            />
          ))}
        </ol>
      )}
      <Pager pager={pager} noun="evidence" previousLabel="← Newer evidence" nextLabel="Older evidence →" />
    </section>
  );
}

/** What the milestone is: its status and why, due date, kind, cadence, evidence count, baseline. */
function MilestoneFacts({ m }: { m: MilestoneDetail }) {
  const { counted, total } = m.evidencePage;
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd id="status-reason">
        {statusWord(m.status)}: {m.reason}
      </dd>
      <dt>Due</dt>
      <dd>
        {m.due
          ? `${formatDate(m.due)} (${daysLeftText(m.daysLeft)})`
          : m.kind === "ongoing"
            ? "Ongoing, no deadline"
            : "No fixed date"}
      </dd>
      <dt>Kind</dt>
      <dd>{m.kind}</dd>
      {m.cadenceDays ? (
        <>
          <dt>Expected cadence</dt>
          <dd>evidence at least every {m.cadenceDays} days, else it counts as stalled</dd>
        </>
      ) : null}
      <dt>Evidence</dt>
      <dd>
        {counted} counted
        {total > counted ? `, ${total - counted} rejected or superseded` : ""}
      </dd>
      {m.baseline ? (
        <>
          <dt>Baseline</dt>
          <dd>
            {statusWord(m.baseline.status)} on {formatDate(m.baseline.at)} —{" "}
            <ExternalLink href={m.baseline.citation.url}>{m.baseline.citation.title}</ExternalLink>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The status changes, newest first, each undoable while it is an analyst's override. */
function StatusHistory({
  m,
  writable,
  csrf,
  back,
}: {
  m: MilestoneDetail;
  writable: boolean;
  csrf: string;
  back: string;
}) {
  // Evidence on this page of the list is linked in place; older evidence, paged away, by its item.
  const shown = new Set(m.evidence.map((e) => e.id));
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">Status history</h2>
      {m.history.length === 0 ? (
        <>
          <p class="muted" id="no-history">
            The status has not changed since the agenda was loaded.
          </p>
          <ol class="history" id="status-history" />
        </>
      ) : (
        <ol class="history" id="status-history">
          {[...m.history].reverse().map((h) => (
            <HistoryEntry h={h} shown={shown} writable={writable} csrf={csrf} back={back} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The form that sets the status by hand, for a signed-in analyst. */
function StatusOverride({ m, frame, writable }: { m: MilestoneDetail; frame: PageFrame; writable: boolean }) {
  return (
    <section aria-labelledby="override-h">
      <h2 id="override-h">Set the status by hand</h2>
      {writable ? (
        <form method="post" action={`/milestones/${m.slug}/status`}>
          <Csrf token={frame.viewer.csrf} />
          <div class="field">
            <label for="override-status">New status</label>
            <select id="override-status" name="status">
              {MILESTONE_STATUSES.map((s) => (
                <option value={s} selected={s === m.status}>
                  {statusWord(s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="override-note">Why (recorded with the change)</label>
            <textarea id="override-note" name="note" required maxlength={2000} />
          </div>
          <button type="submit" class="primary">
            Set status
          </button>
        </form>
      ) : (
        <WriteNotice viewer={frame.viewer} action="override the status" />
      )}
    </section>
  );
}

function EvidenceEntry({
  e,
  deciding,
  writable,
  csrf,
  back,
}: {
  e: EvidenceRow;
  deciding: boolean;
  writable: boolean;
  csrf: string;
  back: string;
}) {
  const date = iso(e.item.publishedAt ?? e.item.firstSeenAt)!;
  return (
    <li id={`evidence-${e.id}`} class={e.superseded ? "superseded" : undefined} data-evidence={e.id}>
      <p class="meta muted">
        <time datetime={date}>{formatDate(date)}</time> · {e.item.source.name} ·{" "}
        {e.progress ? <span class="tag tag-progress">Progress</span> : <span class="tag">Discussion</span>}{" "}
        <span class={`tag tag-${e.review}`} data-review-state>
          {e.review}
        </span>
        {e.superseded ? <span class="tag">superseded</span> : null}
        {deciding ? <span class="tag tag-deciding">decides the status</span> : null} · score{" "}
        {e.score.toFixed(2)}
      </p>
      <figure class="quote">
        <blockquote lang={e.item.language ?? undefined}>{clip(e.quote ?? e.item.title, 600)}</blockquote>
        <figcaption>
          <ExternalLink href={e.item.url}>{e.item.title ?? e.item.url}</ExternalLink>
        </figcaption>
      </figure>
      {e.terms.length > 0 ? (
        <p class="terms">
          Matched on:{" "}
          {e.terms.map((t, i) => (
            <>
              {i > 0 ? ", " : ""}
              <code>{t}</code>
            </>
          ))}
        </p>
      ) : null}
      {e.reviewNote ? (
        <p class="review-state">
          Note ({e.reviewedAt ? formatDateTime(iso(e.reviewedAt)) : ""}): {e.reviewNote}
        </p>
      ) : null}
      {writable && !e.superseded ? (
        <form method="post" class="review-forms" action={`/evidence/${e.id}/review`} data-review-form>
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={back} />
          <label class="visually-hidden" for={`note-${e.id}`}>
            Note
          </label>
          <input type="text" id={`note-${e.id}`} name="note" placeholder="Note (optional)" maxlength={2000} />
          <button
            type="submit"
            name="decision"
            value="confirm"
            class="small"
            disabled={e.review === "confirmed"}
          >
            Confirm
          </button>
          <button
            type="submit"
            name="decision"
            value="reject"
            class="small danger"
            disabled={e.review === "rejected"}
          >
            Reject
          </button>
        </form>
      ) : null}
    </li>
  );
}

function HistoryEntry({
  h,
  shown,
  writable,
  csrf,
  back,
}: {
  h: HistoryRow;
  shown: ReadonlySet<number>;
  writable: boolean;
  csrf: string;
  back: string;
}) {
  const at = iso(h.effectiveAt)!;
  return (
    <li class={h.undoneAt ? "undone" : undefined}>
      <div>
        <time datetime={at}>{formatDate(at)}</time>: {statusWord(h.fromStatus)} →{" "}
        <StatusBadge status={h.toStatus} />
      </div>
      <div class="muted">
        {h.reason} ({CAUSE_WORD[h.cause] ?? h.cause}
        {h.automatic && h.cause === "evidence" ? ", automatic" : ""})
      </div>
      {h.note && h.cause === "analyst" ? <div>Note: {h.note}</div> : null}
      {h.evidence.length > 0 ? (
        <div class="muted">
          Because of:{" "}
          {h.evidence.map((e, i) => (
            <>
              {i > 0 ? "; " : ""}
              {shown.has(e.id) ? (
                <a href={`#evidence-${e.id}`}>#{e.id}</a>
              ) : (
                <ExternalLink href={e.url}>#{e.id}</ExternalLink>
              )}{" "}
              {e.itemTitle ? `“${e.itemTitle}”` : ""}
            </>
          ))}
        </div>
      ) : null}
      {h.undoneAt ? (
        <div class="muted">
          Undone {formatDate(iso(h.undoneAt))}
          {h.undoneNote ? `: ${h.undoneNote}` : ""}
        </div>
      ) : writable && h.undoable ? (
        <form method="post" action={`/status-changes/${h.id}/undo`} class="inline">
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={back} />
          <button type="submit" class="link-button small">
            Undo this change
          </button>
        </form>
      ) : null}
    </li>
  );
}
