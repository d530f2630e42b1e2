// A real HTTP server on 127.0.0.1 serving saved feeds and pages the way real sites do: an ETag
// and Last-Modified on each answer, 304 to a matching conditional request, robots.txt absent.
// Tests change what a path serves between polls (a new entry, a changed title, an outage) and read
// back every request it saw.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  status?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Answer conditional requests (default true for 200 answers). */
  conditional?: boolean;
  /** Answer only once this settles (a slow or stalled site); the request is in `arrivals` meanwhile. */
  hold?: () => Promise<unknown>;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** What the server answered. */
  status: number;
}

export interface FeedServer {
  origin: string;
  url(path: string): string;
  set(path: string, route: Route): void;
  requests: SeenRequest[];
  /** Paths in the order requests arrived (answered or still held). */
  arrivals: string[];
  /** Requests to one path (robots.txt aside). */
  requestsTo(path: string): SeenRequest[];
  close(): Promise<void>;
}

const LAST_MODIFIED = "Fri, 10 Apr 2026 16:45:00 GMT";

export async function startFeedServer(routes: Record<string, Route> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const arrivals: string[] = [];
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("#")[0]!;
    arrivals.push(path);
    const route = table.get(path) ?? table.get(path.split("?")[0]!);
    if (route?.hold) await route.hold().catch(() => {});
    const answer = (status: number, headers: Record<string, string>, body?: string) => {
      requests.push({ method: req.method ?? "GET", path, headers: req.headers, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    if (!route) return answer(404, { "content-type": "text/plain" }, "not found");
    const status = route.status ?? 200;
    const body = route.body ?? "";
    const headers: Record<string, string> = {
      "content-type": route.contentType ?? "application/xml; charset=utf-8",
      ...route.headers,
    };
    if (status === 200 && route.conditional !== false) {
      const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
      headers.etag = etag;
      headers["last-modified"] = LAST_MODIFIED;
      if (req.headers["if-none-match"] === etag) return answer(304, { etag });
    }
    answer(status, headers, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    set: (path, route) => table.set(path, route),
    requests,
    arrivals,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
