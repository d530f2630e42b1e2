// The overview: the five areas as sections, each milestone with its status (word and colour),
// due date and days left. Reads fine without JavaScript.
import type { StatusReport } from "../../services/status-service.js";
import { Layout } from "./layout.js";

const STATUS_WORD: Record<string, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  at_risk: "At risk",
  achieved: "Achieved",
  partially_achieved: "Partially achieved",
  stalled: "Stalled",
  overdue: "Overdue",
  ongoing: "Ongoing",
};

function daysLeftText(daysLeft: number | null): string {
  if (daysLeft === null) return "no fixed date";
  if (daysLeft < 0) return `${-daysLeft} days overdue`;
  if (daysLeft === 0) return "due today";
  return `${daysLeft} days left`;
}

export function OverviewPage({ report }: { report: StatusReport }) {
  return (
    <Layout title="Milestone status">
      <p class="asof">Status as of {report.asOf}</p>
      {report.areas.map((area) => (
        <section class="area" id={`area-${area.slug}`}>
          <h2>{area.title}</h2>
          <p class="objective">
            {area.objective} <span class="horizon">Horizon: {area.horizon}</span>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">Days left</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {area.milestones.map((m) => (
                <tr class={`status-${m.status}`}>
                  <td>{m.title}</td>
                  <td>
                    <span class={`badge badge-${m.status}`}>{STATUS_WORD[m.status] ?? m.status}</span>
                  </td>
                  <td>{m.due ?? "—"}</td>
                  <td>{daysLeftText(m.daysLeft)}</td>
                  <td>{m.evidenceCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}
