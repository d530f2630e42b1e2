// The overview: the two horizons counted down, what needs attention, what changed this week,
// then the five areas as sections, each milestone with status (symbol, word and colour), due
// date, days left and the latest evidence quoted with its source and date.
import type { EvidenceView } from "../../services/dashboard-service.js";
import type { ChangeView, Overview } from "../../services/dashboard-service.js";
import { clip, daysLeftText, ExternalLink, formatDate, StatusBadge, statusWord } from "./format.js";
import { Layout, type PageFrame } from "./layout.js";

type MilestoneRow = Overview["report"]["areas"][number]["milestones"][number];

const ATTENTION = new Set(["overdue", "at_risk", "stalled"]);
const STATUS_ORDER = [
  "overdue",
  "at_risk",
  "stalled",
  "not_started",
  "in_progress",
  "ongoing",
  "partially_achieved",
  "achieved",
];

export function OverviewPage({ overview, frame }: { overview: Overview; frame: PageFrame }) {
  const { report, countdowns } = overview;
  const all = report.areas.flatMap((a) => a.milestones.map((m) => ({ ...m, area: a })));
  const attention = all
    .filter((m) => ATTENTION.has(m.status))
    .sort((a, b) => (a.daysLeft ?? 1e9) - (b.daysLeft ?? 1e9));
  return (
    <Layout title="Milestone status" frame={frame}>
      <div class="page-head">
        <h1>Milestone status</h1>
        <p class="muted">
          As of <time datetime={report.asOf}>{formatDate(report.asOf)}</time> · {all.length} milestones in{" "}
          {report.areas.length} areas
        </p>
      </div>

      <section class="summary" aria-label="Summary">
        {countdowns.map((c) => (
          <div class="card countdown">
            <p class="card-label">
              Days to <time datetime={c.date}>{formatDate(c.date)}</time>
            </p>
            <p class="big">{c.daysLeft >= 0 ? c.daysLeft : `${-c.daysLeft} past`}</p>
            <p class="muted">{c.label} horizon</p>
          </div>
        ))}
        <div class="card tally">
          <p class="card-label">Milestones by status</p>
          <ul class="tally-list">
            {STATUS_ORDER.filter((s) => overview.statusCounts[s as keyof typeof overview.statusCounts]).map(
              (s) => (
                <li>
                  <StatusBadge status={s} />{" "}
                  <strong>{overview.statusCounts[s as keyof typeof overview.statusCounts]}</strong>
                </li>
              ),
            )}
          </ul>
        </div>
        <div class="card week">
          <p class="card-label">This week</p>
          <p>
            <strong>{overview.changesThisWeek.length}</strong> status{" "}
            {overview.changesThisWeek.length === 1 ? "change" : "changes"}
            <br />
            <strong>{overview.newEvidenceThisWeek}</strong> new evidence{" "}
            {overview.newEvidenceThisWeek === 1 ? "item" : "items"}
          </p>
        </div>
      </section>

      {attention.length > 0 ? (
        <section class="attention" aria-labelledby="attention-h">
          <h2 id="attention-h">Needs attention</h2>
          <ul>
            {attention.map((m) => (
              <li>
                <StatusBadge status={m.status} /> <a href={`/milestones/${m.slug}`}>{m.title}</a>{" "}
                <span class="muted">
                  · {m.area.title} ·{" "}
                  {m.due ? `due ${formatDate(m.due)}, ${daysLeftText(m.daysLeft)}` : m.reason}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="changes-h" class="changes">
        <h2 id="changes-h">What changed this week</h2>
        {overview.changesThisWeek.length === 0 ? (
          <p class="muted">No status changed in the last seven days.</p>
        ) : (
          <ol class="change-list">
            {overview.changesThisWeek.map((c) => (
              <ChangeLine change={c} />
            ))}
          </ol>
        )}
      </section>

      {report.areas.map((area) => (
        <section class="area" id={`area-${area.slug}`} aria-labelledby={`area-h-${area.slug}`}>
          <div class="area-head">
            <h2 id={`area-h-${area.slug}`}>{area.title}</h2>
            <span class="horizon">Horizon: {area.horizon}</span>
          </div>
          <p class="objective">{area.objective}</p>
          <div class="milestones">
            {area.milestones.map((m) => (
              <MilestoneLine m={m} evidence={overview.latestEvidence[m.slug]} />
            ))}
          </div>
        </section>
      ))}
    </Layout>
  );
}

function MilestoneLine({ m, evidence }: { m: MilestoneRow; evidence: EvidenceView | undefined }) {
  return (
    <article class={`milestone status-${m.status}${ATTENTION.has(m.status) ? " needs-attention" : ""}`}>
      <div class="m-main">
        <h3>
          <a href={`/milestones/${m.slug}`}>{m.title}</a>
        </h3>
        <p class="reason">{m.reason}</p>
        {evidence ? <LatestEvidence e={evidence} /> : null}
      </div>
      <dl class="m-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={m.status} />
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>
            {m.due ? (
              <time datetime={m.due}>{formatDate(m.due)}</time>
            ) : m.kind === "ongoing" ? (
              "Ongoing"
            ) : (
              "No fixed date"
            )}
          </dd>
        </div>
        <div>
          <dt>Days left</dt>
          <dd class={m.status === "overdue" ? "overdue-text" : undefined}>{daysLeftFor(m)}</dd>
        </div>
        <div>
          <dt>Evidence</dt>
          <dd>{m.evidenceCount}</dd>
        </div>
      </dl>
    </article>
  );
}

/** Days left, except for milestones already met, where a past due date is no longer news. */
function daysLeftFor(m: MilestoneRow): string {
  if (m.status === "achieved") return "met";
  if (m.daysLeft === null) return "—";
  return daysLeftText(m.daysLeft);
}

function LatestEvidence({ e }: { e: EvidenceView }) {
  return (
    <figure class="quote">
      <blockquote lang={e.item.language ?? undefined}>{clip(e.quote ?? e.item.title, 320)}</blockquote>
      <figcaption>
        {e.progress ? <span class="tag tag-progress">Progress</span> : <span class="tag">Discussion</span>}{" "}
        <ExternalLink href={e.item.url}>{clip(e.item.title ?? e.item.url, 120)}</ExternalLink> —{" "}
        {e.source.name},{" "}
        <time datetime={e.item.publishedAt ?? e.item.firstSeenAt}>
          {formatDate(e.item.publishedAt ?? e.item.firstSeenAt)}
        </time>
      </figcaption>
    </figure>
  );
}

export function ChangeLine({ change }: { change: ChangeView }) {
  return (
    <li class={change.undoneAt ? "undone" : undefined}>
      <time datetime={change.effectiveAt}>{formatDate(change.effectiveAt)}</time>{" "}
      <a href={`/milestones/${change.milestone.slug}`}>{change.milestone.title}</a>:{" "}
      <span class="transition">
        {statusWord(change.fromStatus)} → <StatusBadge status={change.toStatus} />
      </span>{" "}
      <span class="muted">{change.reason}</span>
      {change.undoneAt ? <span class="tag">undone</span> : null}
    </li>
  );
}
