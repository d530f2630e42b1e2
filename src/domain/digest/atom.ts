// An Atom feed (RFC 4287) of the same news the alerts carry: progress evidence and milestone
// status changes, for people who read feeds rather than mail. Pure: entries in, XML out. Every
// piece of text is escaped and stripped of characters XML does not allow; links are http(s) only.
import type { EvidenceEntry, StatusChangeEntry } from "./model.js";
import { cleanText, escapeMarkup, safeHttpUrl, shorten, statusWords } from "./text.js";

export interface AtomEntry {
  /** A permanent IRI: never changes for the same news. */
  id: string;
  title: string;
  updated: Date;
  link: string | null;
  summary: string;
  categories: string[];
}

export interface AtomFeedInput {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own URL. */
  selfUrl: string;
  /** The page the feed belongs to. */
  alternateUrl: string;
  entries: AtomEntry[];
  /** Used when there are no entries. */
  generatedAt: Date;
}

function text(value: string): string {
  return escapeMarkup(cleanText(value));
}

function linkTag(rel: string, href: string | null, type?: string): string {
  const safe = safeHttpUrl(href);
  if (!safe) return "";
  return `<link rel="${rel}" href="${escapeMarkup(safe)}"${type ? ` type="${type}"` : ""}/>`;
}

export function buildAtomFeed(feed: AtomFeedInput): string {
  const entries = [...feed.entries].sort((a, b) => b.updated.getTime() - a.updated.getTime());
  const updated = entries[0]?.updated ?? feed.generatedAt;
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${text(feed.id)}</id>`,
    `  <title>${text(feed.title)}</title>`,
    feed.subtitle ? `  <subtitle>${text(feed.subtitle)}</subtitle>` : "",
    `  <updated>${updated.toISOString()}</updated>`,
    `  ${linkTag("self", feed.selfUrl, "application/atom+xml")}`,
    `  ${linkTag("alternate", feed.alternateUrl, "text/html")}`,
    "  <author><name>policywatch</name></author>",
    "  <generator>policywatch</generator>",
  ];
  for (const e of entries) {
    out.push(
      "  <entry>",
      `    <id>${text(e.id)}</id>`,
      `    <title type="text">${text(e.title)}</title>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      e.link ? `    ${linkTag("alternate", e.link)}` : "",
      ...e.categories.map((c) => `    <category term="${text(c)}"/>`),
      `    <summary type="text">${escapeMarkup(stripForXml(e.summary))}</summary>`,
      "  </entry>",
    );
  }
  out.push("</feed>");
  return `${out.filter((l) => l.trim() !== "").join("\n")}\n`;
}

// Summaries keep their line breaks; only characters XML forbids go.
function stripForXml(value: string): string {
  return value
    .split("\n")
    .map((line) => cleanText(line))
    .join("\n");
}

/** An entry for a piece of progress evidence. */
export function evidenceAtomEntry(e: EvidenceEntry, idBase: string): AtomEntry {
  const title = cleanText(e.itemTitle) || "(untitled item)";
  const quote = shorten(cleanText(e.quote), 600);
  return {
    id: `${idBase}:evidence:${e.id}`,
    title: `Progress on ${cleanText(e.milestoneTitle)}: ${shorten(title, 160)}`,
    updated: e.recordedAt,
    link: e.itemUrl,
    summary: [
      `${cleanText(e.sourceName)}, ${e.itemDate.toISOString().slice(0, 10)}`,
      quote ? `"${quote}"` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    categories: [e.areaSlug, e.milestoneSlug],
  };
}

/** An entry for a milestone status change. */
export function statusChangeAtomEntry(
  c: StatusChangeEntry,
  idBase: string,
  milestoneUrl: string | null,
): AtomEntry {
  const evidence = c.evidence.map((e) =>
    `Evidence: ${cleanText(e.title) || "(untitled item)"} ${safeHttpUrl(e.url) ?? ""}`.trim(),
  );
  return {
    id: `${idBase}:status-change:${c.id}`,
    title: `${cleanText(c.milestoneTitle)}: ${statusWords(c.fromStatus)} → ${statusWords(c.toStatus)}`,
    updated: c.at,
    link: milestoneUrl ?? c.evidence[0]?.url ?? null,
    summary: [`Why: ${cleanText(c.reason)}`, ...evidence].join("\n"),
    categories: [c.areaSlug, c.milestoneSlug],
  };
}
