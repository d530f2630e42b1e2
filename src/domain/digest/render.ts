// Pieces shared by digests and alerts: evidence grouped by area and milestone, the footer with
// the unsubscribe link, and the HTML page around a mail. Plain text and HTML say the same
// things; the HTML is simple enough for any mail client (inline styles, no scripts, no images).
import type { DigestRecipient, EvidenceEntry, MailLinks } from "./model.js";
import { formatDay } from "./period.js";
import { cleanText, html, link, plural, type SafeHtml, safeHttpUrl, shorten } from "./text.js";

export const MAX_EVIDENCE_PER_MILESTONE = 5;
export const MAX_EVIDENCE_TOTAL = 30;

export interface MilestoneGroup {
  milestoneSlug: string;
  milestoneTitle: string;
  shown: EvidenceEntry[];
  hidden: number;
}

export interface AreaGroup {
  areaSlug: string;
  areaTitle: string;
  milestones: MilestoneGroup[];
}

/**
 * Evidence grouped by area then milestone, in the order first met in `evidence` (the services
 * pass it in agenda order). At most MAX_EVIDENCE_PER_MILESTONE per milestone and
 * MAX_EVIDENCE_TOTAL overall are shown, so a backfill never turns a mail into a flood; the rest
 * are counted.
 */
export function groupEvidence(evidence: EvidenceEntry[]): { areas: AreaGroup[]; hidden: number } {
  const areas: AreaGroup[] = [];
  let shownTotal = 0;
  let hidden = 0;
  for (const e of evidence) {
    let area = areas.find((a) => a.areaSlug === e.areaSlug);
    if (!area) {
      area = { areaSlug: e.areaSlug, areaTitle: e.areaTitle, milestones: [] };
      areas.push(area);
    }
    let m = area.milestones.find((x) => x.milestoneSlug === e.milestoneSlug);
    if (!m) {
      m = { milestoneSlug: e.milestoneSlug, milestoneTitle: e.milestoneTitle, shown: [], hidden: 0 };
      area.milestones.push(m);
    }
    if (m.shown.length < MAX_EVIDENCE_PER_MILESTONE && shownTotal < MAX_EVIDENCE_TOTAL) {
      m.shown.push(e);
      shownTotal++;
    } else {
      m.hidden++;
      hidden++;
    }
  }
  return { areas, hidden };
}

export function itemTitle(e: { itemTitle: string | null }): string {
  return shorten(cleanText(e.itemTitle) || "(untitled item)", 200);
}

export function quoteOf(e: { quote: string | null }): string {
  return shorten(cleanText(e.quote), 400);
}

function kindLabel(e: EvidenceEntry): string {
  return e.progress ? "progress" : "mention";
}

export function evidenceText(groups: AreaGroup[], zone: string): string[] {
  const lines: string[] = [];
  for (const area of groups) {
    lines.push(`${cleanText(area.areaTitle)}`);
    for (const m of area.milestones) {
      lines.push(`  ${cleanText(m.milestoneTitle)}`);
      for (const e of m.shown) {
        lines.push(`    * [${kindLabel(e)}] ${itemTitle(e)}`);
        lines.push(`      ${shorten(cleanText(e.sourceName), 80)}, ${formatDay(e.itemDate, zone)}`);
        const quote = quoteOf(e);
        if (quote) lines.push(`      "${quote}"`);
        const url = safeHttpUrl(e.itemUrl);
        if (url) lines.push(`      ${url}`);
      }
      if (m.hidden > 0) lines.push(`    … and ${m.hidden} more on the dashboard`);
    }
    lines.push("");
  }
  return lines;
}

const S = {
  h2: "font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px",
  h3: "font-size:15px;margin:16px 0 4px",
  h4: "font-size:14px;margin:10px 0 4px;color:#333",
  li: "margin:0 0 10px",
  meta: "color:#666;font-size:13px",
  quote: "margin:4px 0 0;padding-left:8px;border-left:3px solid #ccc;color:#333",
  tag: "display:inline-block;font-size:11px;padding:0 4px;border-radius:3px;background:#e8f0fe;color:#174ea6",
  link: "color:#174ea6",
};
export const STYLE = S;

export function evidenceHtml(groups: AreaGroup[], zone: string): SafeHtml {
  return html`${groups.map(
    (area) =>
      html`<h3 style="${S.h3}">${cleanText(area.areaTitle)}</h3>${area.milestones.map(
        (m) =>
          html`<h4 style="${S.h4}">${cleanText(m.milestoneTitle)}</h4><ul style="margin:0;padding-left:20px">${m.shown.map(
            (e) => {
              const quote = quoteOf(e);
              return html`<li style="${S.li}"><span style="${S.tag}">${kindLabel(e)}</span> ${link(e.itemUrl, itemTitle(e), S.link)}<br><span style="${S.meta}">${shorten(cleanText(e.sourceName), 80)}, ${formatDay(e.itemDate, zone)}</span>${quote ? html`<blockquote style="${S.quote}">${quote}</blockquote>` : ""}</li>`;
            },
          )}${m.hidden > 0 ? html`<li style="${S.li}">… and ${m.hidden} more on the dashboard</li>` : ""}</ul>`,
      )}`,
  )}`;
}

export function areasWords(areas: string[]): string {
  return areas.length === 0 ? "all areas" : areas.map(cleanText).join(", ");
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

const WEEKDAY_NAMES = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function scheduleWords(r: DigestRecipient): string {
  if (r.frequency === "immediate") return "as soon as a poll finds progress";
  const time = `${pad2(r.hour)}:00 (${cleanText(r.timeZone)})`;
  return r.frequency === "daily"
    ? `daily at ${time}`
    : `every ${WEEKDAY_NAMES[r.weekday] ?? "Monday"} at ${time}`;
}

export function footerText(r: DigestRecipient, links: MailLinks): string[] {
  return [
    "--",
    `You get this ${scheduleWords(r)} for ${areasWords(r.areas)}.`,
    `Dashboard: ${safeHttpUrl(links.dashboard) ?? ""}`,
    `Unsubscribe: ${safeHttpUrl(links.unsubscribe) ?? ""}`,
  ];
}

export function footerHtml(r: DigestRecipient, links: MailLinks): SafeHtml {
  return html`<hr style="border:0;border-top:1px solid #ddd;margin:24px 0 8px"><p style="${S.meta}">You get this ${scheduleWords(r)} for ${areasWords(r.areas)}.<br>${link(links.dashboard, "Open the dashboard", S.link)} · ${link(links.unsubscribe, "Unsubscribe", S.link)}</p>`;
}

export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="margin:0;padding:16px;background:#fff"><div style="max-width:680px;margin:0 auto;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.45;color:#111">${body}</div></body></html>`
    .value;
}

export function greeting(r: DigestRecipient): string {
  const name = cleanText(r.name);
  return name ? `Hello ${shorten(name, 60)},` : "Hello,";
}

export { plural };
