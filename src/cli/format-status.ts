// The status report as a terminal table.
import type { StatusReport } from "../services/status-service.js";

const LABEL: Record<string, string> = {
  not_started: "not started",
  in_progress: "in progress",
  at_risk: "AT RISK",
  achieved: "achieved",
  partially_achieved: "partially achieved",
  stalled: "stalled",
  overdue: "OVERDUE",
  ongoing: "ongoing",
};

export function statusLabel(status: string): string {
  return LABEL[status] ?? status;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n - 1) + "…" : s + " ".repeat(n - s.length);
}

export function formatStatusReport(report: StatusReport): string {
  const lines = [`Status as of ${report.asOf}`, ""];
  for (const area of report.areas) {
    lines.push(`${area.title} [${area.slug}] — ${area.horizon}`);
    for (const m of area.milestones) {
      const due = m.due ?? "—";
      const done = m.status === "achieved" || m.status === "partially_achieved";
      const left =
        m.daysLeft === null || done
          ? ""
          : m.daysLeft < 0
            ? `${-m.daysLeft} days late`
            : `${m.daysLeft} days left`;
      lines.push(
        `  ${pad(statusLabel(m.status), 19)} ${pad(m.title, 58)} due ${pad(due, 11)} ${pad(left, 15)} ${m.evidenceCount} evidence`,
      );
    }
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}
