// A subscriber's daily or weekly digest, as subject, plain text and HTML. Pure: built from plain
// data (see model.ts). What it says, in order:
//   1. new evidence since the last digest, grouped by area and milestone (capped, see render.ts);
//   2. milestone status changes in the period, each with the evidence that caused it;
//   3. deadlines: overdue milestones and those due within DEADLINE_WINDOW_DAYS, with days left;
//   4. source health: failing, blocked or stale sources, in one short section.
// When there is no new evidence and no status change it is a short "nothing new" digest that
// still lists deadlines and source health: silence would mean the tool is broken. The subject
// counts what is inside.
import type {
  BuiltMail,
  DeadlineEntry,
  DigestRecipient,
  EvidenceEntry,
  MailLinks,
  SourceHealth,
  StatusChangeEntry,
} from "./model.js";
import { type DigestPeriod, formatDay, formatDayTime } from "./period.js";
import {
  evidenceHtml,
  evidenceText,
  footerHtml,
  footerText,
  greeting,
  groupEvidence,
  itemTitle,
  page,
  STYLE as S,
} from "./render.js";
import { cleanText, html, link, plural, type SafeHtml, safeHttpUrl, shorten, statusWords } from "./text.js";

export const DEADLINE_WINDOW_DAYS = 60;

export interface DigestInput {
  subscriber: DigestRecipient;
  period: DigestPeriod;
  /** What the digest covers: from `since` (the last digest, or one period back) to `asOf`. */
  since: Date;
  asOf: Date;
  evidence: EvidenceEntry[];
  statusChanges: StatusChangeEntry[];
  /** Every dated milestone of the subscriber's areas; the digest picks what is due soon. */
  deadlines: DeadlineEntry[];
  sources: SourceHealth;
  links: MailLinks;
}

export interface BuiltDigest extends BuiltMail {
  counts: {
    evidence: number;
    statusChanges: number;
    overdue: number;
    dueSoon: number;
    sourceProblems: number;
  };
}

const DONE = new Set(["achieved", "partially_achieved", "ongoing"]);

/** Overdue milestones (most late first) and those due within the window (soonest first). */
export function selectDeadlines(all: DeadlineEntry[]): {
  overdue: DeadlineEntry[];
  dueSoon: DeadlineEntry[];
} {
  const open = all.filter((d) => !DONE.has(d.status));
  return {
    overdue: open.filter((d) => d.daysLeft < 0).sort((a, b) => a.daysLeft - b.daysLeft),
    dueSoon: open
      .filter((d) => d.daysLeft >= 0 && d.daysLeft <= DEADLINE_WINDOW_DAYS)
      .sort((a, b) => a.daysLeft - b.daysLeft || a.milestoneTitle.localeCompare(b.milestoneTitle)),
  };
}

function daysWords(d: DeadlineEntry): string {
  if (d.daysLeft < 0) return `${plural(-d.daysLeft, "day")} overdue`;
  if (d.daysLeft === 0) return "due today";
  return `${plural(d.daysLeft, "day")} left`;
}

function dueDay(d: DeadlineEntry): string {
  return formatDay(new Date(`${d.due}T12:00:00Z`), "UTC");
}

function sourceWords(p: SourceHealth["problems"][number], zone: string): string {
  const parts = [`${shorten(cleanText(p.name), 80)}: ${cleanText(p.state)}`];
  if (p.consecutiveFailures > 0) parts.push(`${plural(p.consecutiveFailures, "failure")} in a row`);
  parts.push(p.lastSuccessAt ? `last success ${formatDay(p.lastSuccessAt, zone)}` : "never succeeded");
  const message = shorten(cleanText(p.message), 160);
  return message ? `${parts.join(", ")} (${message})` : parts.join(", ");
}

export function digestSubject(input: DigestInput, counts: BuiltDigest["counts"]): string {
  const parts: string[] = [];
  if (counts.evidence > 0) parts.push(`${counts.evidence} new evidence`);
  if (counts.statusChanges > 0) parts.push(plural(counts.statusChanges, "status change"));
  if (parts.length === 0) parts.push("nothing new");
  if (counts.overdue > 0) parts.push(`${counts.overdue} overdue`);
  if (counts.dueSoon > 0)
    parts.push(`${plural(counts.dueSoon, "deadline")} within ${DEADLINE_WINDOW_DAYS} days`);
  if (counts.sourceProblems > 0) parts.push(`${plural(counts.sourceProblems, "source")} unhealthy`);
  const label = input.period.frequency === "weekly" ? `week of ${input.period.label}` : input.period.label;
  return `policywatch ${input.period.frequency}, ${label}: ${parts.join(", ")}`;
}

export function buildDigest(input: DigestInput): BuiltDigest {
  const zone = input.subscriber.timeZone;
  const grouped = groupEvidence(input.evidence);
  const { overdue, dueSoon } = selectDeadlines(input.deadlines);
  const counts = {
    evidence: input.evidence.length,
    statusChanges: input.statusChanges.length,
    overdue: overdue.length,
    dueSoon: dueSoon.length,
    sourceProblems: input.sources.problems.length,
  };
  const subject = digestSubject(input, counts);
  const nothingNew = counts.evidence === 0 && counts.statusChanges === 0;
  const sinceWords = `since ${formatDayTime(input.since, zone)} (${cleanText(zone)})`;
  const title = `policywatch ${input.period.frequency} digest, ${input.period.frequency === "weekly" ? `week of ${input.period.label}` : formatDay(input.asOf, zone)}`;
  const summary = nothingNew
    ? `Nothing new ${sinceWords}: no new evidence and no milestone status changes. policywatch is running and checked its sources; this mail says so.`
    : `New ${sinceWords}: ${[
        counts.evidence > 0 ? `${counts.evidence} new evidence` : "",
        counts.statusChanges > 0 ? plural(counts.statusChanges, "status change") : "",
      ]
        .filter(Boolean)
        .join(", ")}.`;

  // ---- plain text
  const text: string[] = [title, "", greeting(input.subscriber), "", summary, ""];
  if (counts.evidence > 0) {
    text.push("NEW EVIDENCE", "");
    text.push(...evidenceText(grouped.areas, zone));
  }
  if (counts.statusChanges > 0) {
    text.push("STATUS CHANGES", "");
    for (const c of input.statusChanges) {
      text.push(
        `  * ${cleanText(c.milestoneTitle)} (${cleanText(c.areaTitle)}): ${statusWords(c.fromStatus)} -> ${statusWords(c.toStatus)}, ${formatDay(c.at, zone)}`,
      );
      text.push(`    Why: ${shorten(cleanText(c.reason), 300)}`);
      for (const e of c.evidence) {
        const url = safeHttpUrl(e.url);
        text.push(
          `    Evidence: ${itemTitle({ itemTitle: e.title })} (${shorten(cleanText(e.sourceName), 80)}, ${formatDay(e.date, zone)})${url ? ` ${url}` : ""}`,
        );
      }
    }
    text.push("");
  }
  if (overdue.length + dueSoon.length > 0) {
    text.push(`DEADLINES (overdue or due within ${DEADLINE_WINDOW_DAYS} days)`, "");
    for (const d of [...overdue, ...dueSoon]) {
      text.push(
        `  * ${cleanText(d.milestoneTitle)} (${cleanText(d.areaTitle)}): due ${dueDay(d)}, ${daysWords(d)}; ${statusWords(d.status)}`,
      );
    }
    text.push("");
  }
  text.push("SOURCE HEALTH", "");
  if (counts.sourceProblems === 0) {
    text.push(
      input.sources.total === 0
        ? "  No sources are configured yet."
        : `  All ${plural(input.sources.total, "source")} are healthy.`,
    );
  } else {
    text.push(`  ${counts.sourceProblems} of ${plural(input.sources.total, "source")} need attention:`);
    for (const p of input.sources.problems) text.push(`  * ${sourceWords(p, zone)}`);
  }
  text.push("", ...footerText(input.subscriber, input.links));

  // ---- HTML
  const sections: SafeHtml[] = [
    html`<h1 style="font-size:20px;margin:0 0 12px">${title}</h1><p>${greeting(input.subscriber)}</p><p>${summary}</p>`,
  ];
  if (counts.evidence > 0)
    sections.push(html`<h2 style="${S.h2}">New evidence</h2>${evidenceHtml(grouped.areas, zone)}`);
  if (counts.statusChanges > 0) {
    sections.push(
      html`<h2 style="${S.h2}">Status changes</h2><ul style="padding-left:20px">${input.statusChanges.map(
        (c) =>
          html`<li style="${S.li}"><strong>${cleanText(c.milestoneTitle)}</strong> (${cleanText(c.areaTitle)}): ${statusWords(c.fromStatus)} → <strong>${statusWords(c.toStatus)}</strong>, ${formatDay(c.at, zone)}<br><span style="${S.meta}">Why: ${shorten(cleanText(c.reason), 300)}</span>${c.evidence.map(
            (e) =>
              html`<br><span style="${S.meta}">Evidence: ${link(e.url, itemTitle({ itemTitle: e.title }), S.link)} (${shorten(cleanText(e.sourceName), 80)}, ${formatDay(e.date, zone)})</span>`,
          )}</li>`,
      )}</ul>`,
    );
  }
  if (overdue.length + dueSoon.length > 0) {
    sections.push(
      html`<h2 style="${S.h2}">Deadlines</h2><ul style="padding-left:20px">${[...overdue, ...dueSoon].map(
        (d) =>
          html`<li style="${S.li}"><strong>${cleanText(d.milestoneTitle)}</strong> (${cleanText(d.areaTitle)}): due ${dueDay(d)}, <strong${d.daysLeft < 0 ? html` style="color:#b3261e"` : ""}>${daysWords(d)}</strong>; ${statusWords(d.status)}</li>`,
      )}</ul>`,
    );
  }
  sections.push(
    counts.sourceProblems === 0
      ? html`<h2 style="${S.h2}">Source health</h2><p>${input.sources.total === 0 ? "No sources are configured yet." : `All ${plural(input.sources.total, "source")} are healthy.`}</p>`
      : html`<h2 style="${S.h2}">Source health</h2><p>${counts.sourceProblems} of ${plural(input.sources.total, "source")} need attention:</p><ul style="padding-left:20px">${input.sources.problems.map(
          (p) => html`<li>${sourceWords(p, zone)}</li>`,
        )}</ul>`,
  );
  sections.push(footerHtml(input.subscriber, input.links));

  return {
    subject,
    text: `${text.join("\n").replace(/\n{3,}/g, "\n\n")}\n`,
    html: page(subject, html`${sections}`),
    counts,
  };
}
