// An immediate alert: one mail per poll, listing all the new progress evidence that poll found
// in the subscriber's areas. Pure, like the digest.
import type { BuiltMail, DigestRecipient, EvidenceEntry, MailLinks } from "./model.js";
import { formatDayTime } from "./period.js";
import {
  evidenceHtml,
  evidenceText,
  footerHtml,
  footerText,
  greeting,
  groupEvidence,
  page,
} from "./render.js";
import { cleanText, html, plural, shorten } from "./text.js";

export interface AlertInput {
  subscriber: DigestRecipient;
  /** The source the poll checked, when known. */
  sourceName: string | null;
  asOf: Date;
  /** Progress evidence in the subscriber's areas (non-empty). */
  evidence: EvidenceEntry[];
  links: MailLinks;
}

export function alertSubject(input: AlertInput): string {
  const milestones = [...new Map(input.evidence.map((e) => [e.milestoneSlug, e.milestoneTitle])).values()];
  const what =
    milestones.length === 1 ? shorten(cleanText(milestones[0]), 90) : `${milestones.length} milestones`;
  const count = input.evidence.length > 1 ? ` (${input.evidence.length} new evidence)` : "";
  return `policywatch alert: progress on ${what}${count}`;
}

export function buildAlert(input: AlertInput): BuiltMail {
  const zone = input.subscriber.timeZone;
  const subject = alertSubject(input);
  const grouped = groupEvidence(input.evidence);
  const where = input.sourceName ? ` while checking ${shorten(cleanText(input.sourceName), 80)}` : "";
  const intro = `policywatch found ${plural(input.evidence.length, "new piece", "new pieces")} of progress evidence${where} at ${formatDayTime(input.asOf, zone)} (${cleanText(zone)}).`;
  const text = [
    subject,
    "",
    greeting(input.subscriber),
    "",
    intro,
    "",
    ...evidenceText(grouped.areas, zone),
    ...footerText(input.subscriber, input.links),
  ];
  const body = html`<h1 style="font-size:20px;margin:0 0 12px">${subject}</h1><p>${greeting(input.subscriber)}</p><p>${intro}</p>${evidenceHtml(grouped.areas, zone)}${footerHtml(input.subscriber, input.links)}`;
  return { subject, text: `${text.join("\n").replace(/\n{3,}/g, "\n\n")}\n`, html: page(subject, body) };
}
