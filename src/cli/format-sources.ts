// Sources, previews and poll summaries as terminal text.
import type { FetchErrorInfo } from "../domain/fetch-error.js";
import type { PollSummary } from "../services/poll-service.js";
import type { PreviewItemView, SourceView } from "../services/source-service.js";

export function formatError(
  error: Pick<FetchErrorInfo, "message" | "status" | "retryAfterSeconds"> & { kind: string },
): string {
  const details: string[] = [];
  if (error.status !== undefined) details.push(`HTTP ${error.status}`);
  if (error.retryAfterSeconds !== undefined) details.push(`retry after ${error.retryAfterSeconds} s`);
  return `${error.kind}${details.length ? ` (${details.join(", ")})` : ""}: ${error.message}`;
}

export function formatPreviewItems(items: PreviewItemView[]): string[] {
  return items.map(
    (i) =>
      `  ${i.published ? i.published.slice(0, 10) : "(no date)  "}  ${i.title ?? "(no title)"}\n              ${i.url}`,
  );
}

function ago(iso: string | null, now: Date): string {
  if (!iso) return "never";
  const minutes = Math.round((now.getTime() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function formatSourceList(sources: SourceView[], now: Date): string {
  if (sources.length === 0) return "No sources yet. Add one with policywatch sources add URL.";
  const lines: string[] = [];
  for (const s of sources) {
    const h = s.health;
    const state = h.paused ? `${h.state}, paused` : h.state;
    lines.push(`${String(s.id).padStart(4)}  ${s.name}  [${s.kind}, ${state}]`);
    lines.push(`      ${s.url}`);
    lines.push(
      `      schedule ${s.schedule}; ${s.itemCount} items (${h.itemsLast7Days} in 7 days, ${h.itemsLast30Days} in 30); ` +
        `last success ${ago(h.lastSuccessAt, now)}`,
    );
    if (s.proxy) lines.push(`      through the proxy ${s.proxy}`);
    if (s.mirrors.length > 0) lines.push(`      mirrors: ${s.mirrors.join(", ")}`);
    if (h.answeredBy && h.answeredBy !== s.url)
      lines.push(`      last answered by the mirror ${h.answeredBy}`);
    if (h.itemsDropped > 0) {
      lines.push(`      last fetch kept the newest items and left ${h.itemsDropped} (MAX_ITEMS_PER_FETCH)`);
    }
    if (h.lastError && h.consecutiveFailures > 0) {
      lines.push(`      failing ${h.consecutiveFailures}× in a row: ${formatError(h.lastError)}`);
    }
  }
  return lines.join("\n");
}

export function formatPollSummary(s: PollSummary): string {
  return (
    `Polled ${s.sources} source${s.sources === 1 ? "" : "s"}: ${s.fetched} fetched, ${s.notModified} not modified, ` +
    `${s.failed} failed; ${s.newItems} new item${s.newItems === 1 ? "" : "s"}, ${s.updatedItems} updated.`
  );
}
