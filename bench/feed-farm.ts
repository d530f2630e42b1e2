// The loopback web the benchmark polls: N small RSS feeds (about 20 items each), each on its own
// loopback address (127.1.x.y), as a thousand feeds from a thousand sites would be. One HTTP server
// answers them all through one listener per address, with an ETag and Last-Modified on each feed
// and 304 to a matching conditional request; robots.txt is absent (404), as on most sites.
// Bodies are built once, before anything is timed, so the server costs as little as it can.
import { createHash } from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { makeItems } from "./classify.js";

export interface FeedFarm {
  /** The feed URLs, one per source. */
  urls: string[];
  /** The ETag each feed answers with, by URL path. */
  etags: Map<string, string>;
  /** Requests answered, by status. */
  counts: { ok: number; notModified: number; other: number };
  /** Every feed listed as OPML 2.0 (what `sources import` reads). */
  opml(): string;
  /** Hears each request answered: the Host header, the path and the status. */
  onRequest?: (host: string, path: string, status: number) => void;
  close(): Promise<void>;
}

const LAST_MODIFIED = "Thu, 26 Nov 2026 08:00:00 GMT";

/** The loopback address of feed `i`: 127.1.0.1, 127.1.0.2, … (250 to a block). */
export function farmAddress(i: number): string {
  return `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Feed `i`'s RSS: `perFeed` items with distinct links and dates, text from the matcher benchmark. */
export function feedBody(i: number, origin: string, perFeed: number): string {
  const texts = makeItems(perFeed, i * perFeed);
  const base = Date.parse("2026-11-26T06:00:00Z");
  const entries = texts.map((t, j) => {
    const link = `${origin}/feeds/${i}/items/${j}`;
    const date = new Date(base - (i * perFeed + j) * 60_000).toUTCString();
    return `<item><title>${escapeXml(t.title)}</title><link>${link}</link><guid isPermaLink="true">${link}</guid><pubDate>${date}</pubDate><description>${escapeXml(t.summary)}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Feed ${i}</title><link>${origin}/</link><description>Benchmark feed ${i}</description><language>${i % 3 === 0 ? "en" : "ru"}</language>
${entries.join("\n")}
</channel></rss>`;
}

export async function startFeedFarm(opts: { feeds: number; perFeed: number }): Promise<FeedFarm> {
  const counts = { ok: 0, notModified: 0, other: 0 };
  const bodies = new Map<string, { body: Buffer; etag: string }>();
  const etags = new Map<string, string>();
  const heard = (req: http.IncomingMessage, status: number) =>
    farm.onRequest?.(req.headers.host ?? "", req.url ?? "/", status);
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    const feed = bodies.get(`${req.socket.localAddress}${path}`);
    if (!feed) {
      counts.other++;
      heard(req, 404);
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    if (req.headers["if-none-match"] === feed.etag) {
      counts.notModified++;
      heard(req, 304);
      res.writeHead(304, { etag: feed.etag, "last-modified": LAST_MODIFIED });
      res.end();
      return;
    }
    counts.ok++;
    heard(req, 200);
    res.writeHead(200, {
      "content-type": "application/rss+xml; charset=utf-8",
      "content-length": feed.body.length,
      etag: feed.etag,
      "last-modified": LAST_MODIFIED,
    });
    res.end(feed.body);
  });
  server.keepAliveTimeout = 30_000;
  // One listener per address, all handing their connections to the one HTTP server.
  const listeners: net.Server[] = [];
  const first = net.createServer((socket) => server.emit("connection", socket));
  await new Promise<void>((resolve, reject) => {
    first.once("error", reject);
    first.listen(0, farmAddress(0), resolve);
  });
  listeners.push(first);
  const port = (first.address() as AddressInfo).port;
  for (let i = 1; i < opts.feeds; i++) {
    const l = net.createServer((socket) => server.emit("connection", socket));
    await new Promise<void>((resolve, reject) => {
      l.once("error", reject);
      l.listen(port, farmAddress(i), resolve);
    });
    listeners.push(l);
  }
  const urls: string[] = [];
  for (let i = 0; i < opts.feeds; i++) {
    const address = farmAddress(i);
    const origin = `http://${address}:${port}`;
    const path = `/feeds/${i}/rss.xml`;
    const body = Buffer.from(feedBody(i, origin, opts.perFeed));
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    bodies.set(`${address}${path}`, { body, etag });
    etags.set(`${origin}${path}`, etag);
    urls.push(`${origin}${path}`);
  }
  const farm: FeedFarm = {
    urls,
    etags,
    counts,
    opml: () =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>benchmark feeds</title></head><body>\n${urls
        .map((u, i) => `<outline type="rss" text="Feed ${i}" title="Feed ${i}" xmlUrl="${u}"/>`)
        .join("\n")}\n</body></opml>\n`,
    close: async () => {
      server.closeAllConnections();
      await Promise.all(listeners.map((l) => new Promise((resolve) => l.close(resolve))));
    },
  };
  return farm;
}
