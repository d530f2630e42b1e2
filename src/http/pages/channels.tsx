// Alert channels: where alerts go besides mail (signed webhooks, Slack-compatible hooks, Telegram
// chats), each with its latest message and whether it arrived; adding, testing and removing them.
// Targets are shown masked; a webhook's generated secret is shown once, on the page that answers
// the add.
import type { ChannelView } from "../../domain/channels/channel-input.js";
import type { ChannelWithDelivery, DeliveryView } from "../../domain/channels/delivery-rules.js";
import { AreaChoice, Csrf, formatDateTime, Pager, type PagerView } from "./format.js";
import { canWrite, Layout, type PageFrame, WriteNotice } from "./layout.js";

export type ChannelFormValues = {
  type?: string;
  url?: string;
  chatId?: string;
  apiUrl?: string;
  minScore?: string;
  allMatches?: string;
  areas?: string[];
};

function where(c: ChannelView): string {
  return c.type === "telegram" ? `chat ${c.target} via ${c.apiUrl ?? ""}` : c.target;
}

const DELIVERY_WORD: Record<DeliveryView["status"], string> = {
  delivered: "Delivered",
  failed: "Failed",
  pending: "Pending",
};
const DELIVERY_STATE: Record<DeliveryView["status"], string> = {
  delivered: "healthy",
  failed: "failing",
  pending: "pending",
};

function LastDelivery({ d }: { d: DeliveryView | null }) {
  if (!d) return <span class="muted">Nothing sent yet</span>;
  const tries = `${d.attempts} ${d.attempts === 1 ? "try" : "tries"}`;
  return (
    <>
      <span class={`state state-${DELIVERY_STATE[d.status]}`}>{DELIVERY_WORD[d.status]}</span>{" "}
      {formatDateTime(d.at)}
      <div class="muted">
        {d.event}
        {d.pollId === null ? "" : `, poll ${d.pollId}`}
        {d.status === "failed" ? `, ${tries}, ${d.retrying ? "tried again later" : "not retried"}` : ""}
      </div>
      {d.error ? <div>{d.error}</div> : null}
    </>
  );
}

function ChannelTable({
  channels,
  areaTitle,
  frame,
}: {
  channels: ChannelWithDelivery[];
  areaTitle: Map<string, string>;
  frame: PageFrame;
}) {
  const writable = canWrite(frame.viewer);
  if (channels.length === 0) return <p class="muted">No alert channels yet: alerts go by mail only.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Areas</th>
            <th scope="col">Sends</th>
            <th scope="col">Last message</th>
            <th scope="col">Added</th>
            {writable ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr id={`channel-${c.id}`}>
              <td>
                <strong>{c.type}</strong> <span class="muted">#{c.id}</span>
                <div>
                  <code>{where(c)}</code>
                </div>
              </td>
              <td>
                {c.areas.length === 0 ? "All areas" : c.areas.map((a) => areaTitle.get(a) ?? a).join(", ")}
              </td>
              <td>
                {c.allMatches ? "Every match" : "Progress only"}
                {c.minScore > 0 ? `, score at least ${c.minScore}` : ""}
              </td>
              <td>
                <LastDelivery d={c.lastDelivery} />
              </td>
              <td>{formatDateTime(c.createdAt)}</td>
              {writable ? (
                <td>
                  <div class="actions">
                    <form method="post" action={`/channels/${c.id}/test`}>
                      <Csrf token={frame.viewer.csrf} />
                      <button
                        type="submit"
                        class="small"
                        aria-label={`Send a test message to channel ${c.id}`}
                      >
                        Test
                      </button>
                    </form>
                    <form method="post" action={`/channels/${c.id}/remove`}>
                      <Csrf token={frame.viewer.csrf} />
                      <button type="submit" class="small danger" aria-label={`Remove channel ${c.id}`}>
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
  );
}

function AddChannelForm({
  frame,
  areas,
  values,
}: {
  frame: PageFrame;
  areas: { slug: string; title: string }[];
  values: ChannelFormValues;
}) {
  return (
    <section aria-labelledby="add-channel-h">
      <h2 id="add-channel-h">Add a channel</h2>
      <WriteNotice viewer={frame.viewer} action="add alert channels" />
      {canWrite(frame.viewer) ? (
        <form method="post" action="/channels">
          <Csrf token={frame.viewer.csrf} />
          <fieldset>
            <legend>Channel</legend>
            <div class="row">
              <div class="field">
                <label for="ch-type">Type</label>
                <select id="ch-type" name="type">
                  {[
                    ["webhook", "Webhook (signed JSON)"],
                    ["slack", "Slack, Mattermost or Rocket.Chat hook"],
                    ["telegram", "Telegram chat"],
                  ].map(([value, label]) => (
                    <option value={value} selected={(values.type ?? "webhook") === value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="ch-url">Hook URL (webhook, Slack)</label>
                <input type="url" id="ch-url" name="url" value={values.url ?? ""} autocomplete="off" />
              </div>
              <div class="field">
                <label for="ch-secret">Webhook secret (optional: one is generated)</label>
                <input type="password" id="ch-secret" name="secret" autocomplete="off" />
              </div>
            </div>
            <div class="row">
              <div class="field">
                <label for="ch-token">Telegram bot token</label>
                <input type="password" id="ch-token" name="botToken" autocomplete="off" />
              </div>
              <div class="field">
                <label for="ch-chat">Telegram chat id</label>
                <input
                  type="text"
                  id="ch-chat"
                  name="chatId"
                  value={values.chatId ?? ""}
                  placeholder="-1001234567890"
                />
              </div>
              <div class="field">
                <label for="ch-api">Telegram API (optional)</label>
                <input
                  type="url"
                  id="ch-api"
                  name="apiUrl"
                  value={values.apiUrl ?? ""}
                  placeholder="https://api.telegram.org"
                />
              </div>
            </div>
            <div class="row">
              <div class="field">
                <label for="ch-min">Minimum score (0–1)</label>
                <input
                  type="text"
                  id="ch-min"
                  name="minScore"
                  value={values.minScore ?? "0"}
                  inputmode="decimal"
                />
              </div>
              <label class="check">
                <input type="checkbox" name="allMatches" value="on" checked={values.allMatches === "on"} />{" "}
                Every match, not only progress
              </label>
            </div>
            <AreaChoice areas={areas} checked={values.areas} />
            <button type="submit" class="primary">
              Add channel
            </button>
          </fieldset>
        </form>
      ) : null}
    </section>
  );
}

export function ChannelsPage({
  frame,
  channels,
  pager = null,
  areas,
  values = {},
  error,
  notice,
}: {
  frame: PageFrame;
  /** One page of them; null: the viewer may not see channels (not signed in). */
  channels: ChannelWithDelivery[] | null;
  pager?: PagerView | null;
  areas: { slug: string; title: string }[];
  values?: ChannelFormValues;
  error?: string;
  /** Shown once, after an add: the generated secret, or a test's outcome. */
  notice?: { text: string; secret?: string };
}) {
  const areaTitle = new Map(areas.map((a) => [a.slug, a.title]));
  return (
    <Layout title="Alert channels" frame={frame}>
      {error ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <div class="notice notice-ok" role="status">
          <p>{notice.text}</p>
          {notice.secret ? (
            <p>
              Its signing secret, shown only now (keep it to verify <code>X-Policywatch-Signature</code>):{" "}
              <code>{notice.secret}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      <div class="page-head">
        <h1>Alert channels</h1>
        <p class="muted">
          Progress alerts go to these besides mail, one message per poll that finds something new.
        </p>
      </div>
      {channels === null ? (
        <WriteNotice viewer={frame.viewer} action="see and manage alert channels (they hold secrets)" />
      ) : (
        <>
          <ChannelTable channels={channels} areaTitle={areaTitle} frame={frame} />
          {pager ? <Pager pager={pager} noun="channels" /> : null}
          <AddChannelForm frame={frame} areas={areas} values={values} />
        </>
      )}
    </Layout>
  );
}
