// Telegram channel addresses: `t.me/<channel>` (the channel's page), `t.me/s/<channel>` (its web
// preview, the page the adapter reads) and `t.me/<channel>/<id>` (one message).

const HOSTS = new Set(["t.me", "telegram.me", "www.t.me", "www.telegram.me"]);
const CHANNEL = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

export function isTelegramHost(url: string): boolean {
  try {
    return HOSTS.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** The channel a t.me URL names (`t.me/x`, `t.me/s/x`, `t.me/x/123`), or null. */
export function channelFromUrl(url: string): string | null {
  if (!isTelegramHost(url)) return null;
  const parts = new URL(url).pathname.split("/").filter((p) => p !== "");
  const name = parts[0] === "s" ? parts[1] : parts[0];
  return name && CHANNEL.test(name) ? name : null;
}

/**
 * The web preview to read for a source URL: a t.me channel address becomes its `t.me/s/` page
 * (keeping `?before=`); any other URL is read as given (`--kind telegram` on a page of that shape).
 */
export function previewUrl(url: string): string {
  const channel = channelFromUrl(url);
  if (!channel) return url;
  const before = new URL(url).searchParams.get("before");
  const base = `https://t.me/s/${channel}`;
  return before && /^\d+$/.test(before) ? `${base}?before=${before}` : base;
}

/** A message's public address. */
export function messageUrl(channel: string, id: string): string {
  return `https://t.me/${channel}/${id}`;
}
