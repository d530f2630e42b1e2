// Evidence and status changes as terminal lines and as the JSON the CLI prints.
import type { EvidenceEntry, StatusChangeRow } from "../services/status-service.js";
import { statusLabel } from "./format-status.js";

/** The JSON shape of `evidence list --json` (one object per evidence row). */
export function evidenceJson(e: EvidenceEntry) {
  return {
    id: e.id,
    milestone: e.milestoneSlug,
    area: e.areaSlug,
    score: e.score,
    progress: e.progress,
    nature: e.nature,
    deadline: e.deadline,
    review: e.review,
    reviewNote: e.reviewNote,
    reviewedAt: e.reviewedAt?.toISOString() ?? null,
    superseded: e.superseded,
    quote: e.quote,
    terms: e.terms,
    matcherVersion: e.matcherVersion,
    createdAt: e.createdAt.toISOString(),
    item: {
      id: e.item.id,
      title: e.item.title,
      url: e.item.url,
      language: e.item.language,
      publishedAt: e.item.publishedAt?.toISOString() ?? null,
      source: e.item.source.name,
      sourceId: e.item.source.id,
    },
  };
}

export function formatEvidence(e: EvidenceEntry): string {
  const date = (e.item.publishedAt ?? e.item.firstSeenAt).toISOString().slice(0, 10);
  const kind = e.progress ? (e.nature === "instruction" ? "instruction" : "progress") : "mention";
  const state = e.superseded ? `${e.review}, superseded` : e.review;
  const lines = [
    `#${e.id}  ${date}  ${e.milestoneSlug}  ${kind} ${e.score.toFixed(2)}  ${state}`,
    `    ${e.item.source.name}: ${e.item.title ?? "(no title)"}`,
    `    ${e.item.url}`,
  ];
  if (e.quote) lines.push(`    “${e.quote}”`);
  if (e.terms.length) lines.push(`    terms: ${e.terms.join(", ")}`);
  if (e.reviewNote) lines.push(`    note: ${e.reviewNote}`);
  return lines.join("\n");
}

export function formatChange(c: StatusChangeRow, slug: string): string {
  return `${slug}: ${statusLabel(c.fromStatus)} → ${statusLabel(c.toStatus)} (change #${c.id}) — ${c.reason}`;
}

export function changeJson(c: StatusChangeRow) {
  return {
    id: c.id,
    milestoneId: c.milestoneId,
    fromStatus: c.fromStatus,
    toStatus: c.toStatus,
    reason: c.reason,
    cause: c.cause,
    evidenceIds: c.evidenceIds,
    automatic: c.automatic,
    note: c.note,
    effectiveAt: c.effectiveAt.toISOString(),
    undoneAt: c.undoneAt?.toISOString() ?? null,
  };
}
