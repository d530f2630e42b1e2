// Subscribers: who gets which mail, adding and removing them, and a preview of the digest a
// subscriber would get now (shown in a sandboxed frame: it is an e-mail, with its own styles).
import { DIGEST_FREQUENCIES } from "../../domain/digest/period.js";
import type { SubscriberView } from "../../services/subscriber-service.js";
import { AreaChoice, Csrf, formatDateTime, Pager, type PagerView } from "./format.js";
import { canWrite, Layout, type PageFrame, WriteNotice } from "./layout.js";

/** What the page shows of a subscriber: the subscriber service's view of it. */
export type SubscriberRow = SubscriberView;

export interface DigestPreviewView {
  email: string;
  frequency: string;
  period: string;
  subject: string;
  sample: boolean;
  /** Where the HTML part is served for the frame. */
  htmlUrl: string;
  text: string;
}

const WEEKDAYS = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function when(s: SubscriberRow): string {
  const hour = `${String(s.hour).padStart(2, "0")}:00 ${s.timeZone}`;
  if (s.frequency === "immediate") return "Immediately, when progress is found";
  if (s.frequency === "weekly") return `Weekly, ${WEEKDAYS[s.weekday] ?? "Monday"}s at ${hour}`;
  return `Daily at ${hour}`;
}

type FormValues = {
  email?: string;
  name?: string;
  frequency?: string;
  timeZone?: string;
  hour?: string;
  areas?: string[];
};

/** Who is subscribed, to what and how often, with their actions for a signed-in viewer. */
function SubscriberTable({
  subscribers,
  areaTitle,
  frame,
}: {
  subscribers: SubscriberRow[];
  areaTitle: Map<string, string>;
  frame: PageFrame;
}) {
  const writable = canWrite(frame.viewer);
  return (
    <>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Areas</th>
              <th scope="col">Mail</th>
              <th scope="col">Status</th>
              <th scope="col">Last digest</th>
              {writable ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {subscribers.map((s) => (
              <tr id={`subscriber-${s.id}`}>
                <td>
                  <strong>{s.email}</strong>
                  {s.name ? <div class="muted">{s.name}</div> : null}
                </td>
                <td>
                  {s.areas.length === 0 ? "All areas" : s.areas.map((a) => areaTitle.get(a) ?? a).join(", ")}
                </td>
                <td>{when(s)}</td>
                <td>{s.status === "active" ? "Active" : "Unsubscribed"}</td>
                <td>{s.lastDigestAt ? formatDateTime(s.lastDigestAt) : "none yet"}</td>
                {writable ? (
                  <td>
                    <div class="actions">
                      <a
                        class="button small"
                        href={`/subscribers?preview=${encodeURIComponent(s.email)}#digest`}
                      >
                        Preview digest
                      </a>
                      <form method="post" action={`/subscribers/${s.id}/remove`}>
                        <Csrf token={frame.viewer.csrf} />
                        <button type="submit" class="small danger" aria-label={`Remove ${s.email}`}>
                          Remove
                        </button>
                      </form>
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {subscribers.length === 0 ? <p class="muted">Nobody is subscribed yet.</p> : null}
    </>
  );
}

/** The add-subscriber form, refilled with what was typed when it was refused. */
function AddSubscriberForm({
  frame,
  areas,
  values,
}: {
  frame: PageFrame;
  areas: { slug: string; title: string }[];
  values: FormValues;
}) {
  const writable = canWrite(frame.viewer);
  return (
    <section aria-labelledby="add-sub-h">
      <h2 id="add-sub-h">Add a subscriber</h2>
      <WriteNotice viewer={frame.viewer} action="add subscribers" />
      {writable ? (
        <form method="post" action="/subscribers">
          <Csrf token={frame.viewer.csrf} />
          <fieldset>
            <legend>Subscriber</legend>
            <div class="row">
              <div class="field">
                <label for="sub-email">E-mail address</label>
                <input
                  type="email"
                  id="sub-email"
                  name="email"
                  required
                  value={values.email ?? ""}
                  autocomplete="off"
                />
              </div>
              <div class="field">
                <label for="sub-name">Name (optional)</label>
                <input type="text" id="sub-name" name="name" value={values.name ?? ""} />
              </div>
            </div>
            <div class="row">
              <div class="field">
                <label for="sub-frequency">How often</label>
                <select id="sub-frequency" name="frequency">
                  {[...DIGEST_FREQUENCIES, "immediate"].map((f) => (
                    <option value={f} selected={(values.frequency ?? "daily") === f}>
                      {f === "immediate"
                        ? "Immediately, on progress"
                        : f === "daily"
                          ? "Daily digest"
                          : "Weekly digest (Mondays)"}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="sub-tz">Time zone</label>
                <input
                  type="text"
                  id="sub-tz"
                  name="timeZone"
                  value={values.timeZone ?? "UTC"}
                  placeholder="Europe/Moscow"
                />
              </div>
              <div class="field">
                <label for="sub-hour">Hour</label>
                <input type="number" id="sub-hour" name="hour" min="0" max="23" value={values.hour ?? "8"} />
              </div>
            </div>
            <AreaChoice areas={areas} checked={values.areas} />
            <button type="submit" class="primary">
              Add subscriber
            </button>
          </fieldset>
        </form>
      ) : null}
    </section>
  );
}

/** The digest a subscriber would get now, in a sandboxed frame (it is an e-mail with its own styles). */
function DigestPreview({ preview }: { preview: DigestPreviewView | null }) {
  return (
    <section aria-labelledby="digest-h" id="digest">
      <h2 id="digest-h">Digest preview</h2>
      <form method="get" action="/subscribers" class="form-actions">
        <label for="preview-frequency" class="label">
          Digest
        </label>
        <select id="preview-frequency" name="frequency">
          {DIGEST_FREQUENCIES.map((f) => (
            <option value={f} selected={preview?.frequency === f}>
              {f}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      {preview ? (
        <>
          <p>
            What {preview.sample ? "a subscriber to all areas" : preview.email} would get now for{" "}
            {preview.period}: <strong>{preview.subject}</strong>
          </p>
          <iframe
            class="digest-frame"
            src={preview.htmlUrl}
            title={`Digest preview: ${preview.subject}`}
            sandbox="allow-same-origin"
          />
          <details class="more">
            <summary>Plain-text part</summary>
            <pre class="digest-text">{preview.text}</pre>
          </details>
        </>
      ) : (
        <p class="muted">No digest preview is available.</p>
      )}
    </section>
  );
}
export function SubscribersPage({
  frame,
  subscribers,
  pager,
  areas,
  preview,
  values = {},
  error,
}: {
  frame: PageFrame;
  /** One page of them; null: the viewer may not see subscribers (not signed in). */
  subscribers: SubscriberRow[] | null;
  pager: PagerView | null;
  areas: { slug: string; title: string }[];
  preview: DigestPreviewView | null;
  values?: FormValues;
  error?: string;
}) {
  const areaTitle = new Map(areas.map((a) => [a.slug, a.title]));
  const active = subscribers?.filter((s) => s.status === "active").length ?? 0;
  if (subscribers === null) {
    return (
      <Layout title="Subscribers" frame={frame}>
        <div class="page-head">
          <h1>Subscribers</h1>
        </div>
        <WriteNotice
          viewer={frame.viewer}
          action="see and manage subscribers (their addresses are personal data)"
        />
      </Layout>
    );
  }
  return (
    <Layout title="Subscribers" frame={frame}>
      {error ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="page-head">
        <h1>Subscribers</h1>
        <p class="muted">
          {active} active of {subscribers.length}
          {pager && pager.total > subscribers.length ? ` shown (${pager.total} subscribers in all)` : ""}
        </p>
      </div>
      <SubscriberTable subscribers={subscribers} areaTitle={areaTitle} frame={frame} />
      {pager ? <Pager pager={pager} noun="subscribers" /> : null}
      <AddSubscriberForm frame={frame} areas={areas} values={values} />
      <DigestPreview preview={preview} />
    </Layout>
  );
}
