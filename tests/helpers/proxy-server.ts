// Real proxies on 127.0.0.1 for the proxy tests: an HTTP proxy answering absolute-form requests
// and CONNECT tunnels the way squid does (407 when it wants credentials, 502 when it cannot reach
// the site), and a SOCKS5 proxy (no authentication, CONNECT only). Both forward to loopback
// targets only and record every request they were asked, so a test can tell whether a fetch went
// through them, and with which credentials.
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";

export interface ProxyRequest {
  /** `GET http://127.0.0.1:1234/feed`, `CONNECT 127.0.0.1:443`, `SOCKS localhost:8080`. */
  line: string;
  authorization: string | null;
}

export interface TestProxy {
  url: string;
  port: number;
  requests: ProxyRequest[];
  close(): Promise<void>;
}

export interface HttpProxyOptions {
  /** `user:password` the proxy requires (407 otherwise). */
  credentials?: string;
  /** Answer every CONNECT with 502 Bad Gateway (the proxy cannot reach the site). */
  badGateway?: boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function hostOf(authority: string): string {
  return authority.startsWith("[")
    ? authority.slice(0, authority.indexOf("]") + 1)
    : authority.split(":")[0]!;
}

function closer(server: net.Server, sockets: Set<net.Socket>) {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

export async function startHttpProxy(options: HttpProxyOptions = {}): Promise<TestProxy> {
  const requests: ProxyRequest[] = [];
  const sockets = new Set<net.Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(options.credentials).toString("base64")}`
    : null;
  const authorized = (req: http.IncomingMessage) => {
    const authorization = req.headers["proxy-authorization"] ?? null;
    requests.push({ line: `${req.method} ${req.url}`, authorization });
    return expected === null || authorization === expected;
  };
  const server = http.createServer((req, res) => {
    if (!authorized(req)) {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="test proxy"' }).end();
      return;
    }
    const target = new URL(req.url ?? "");
    if (!LOOPBACK.has(target.hostname)) {
      res.writeHead(403).end();
      return;
    }
    const { "proxy-authorization": _auth, ...headers } = req.headers;
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    if (!authorized(req)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\n\r\n',
      );
      return;
    }
    const authority = req.url ?? "";
    if (options.badGateway || !LOOPBACK.has(hostOf(authority))) {
      client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      return;
    }
    const port = Number(authority.slice(authority.lastIndexOf(":") + 1));
    const upstream = net.connect(port, hostOf(authority).replace(/^\[|\]$/g, ""), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const auth = options.credentials ? `${options.credentials}@` : "";
  return { url: `http://${auth}127.0.0.1:${port}`, port, requests, close: closer(server, sockets) };
}

// SOCKS5 (RFC 1928), just enough for a client's CONNECT with no authentication.
export async function startSocksProxy(): Promise<TestProxy> {
  const requests: ProxyRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    client.once("data", () => {
      client.write(Buffer.from([5, 0])); // version 5, no authentication
      client.once("data", (req: Buffer) => {
        const type = req[3];
        let host: string;
        let offset: number;
        if (type === 1) {
          host = [...req.subarray(4, 8)].join(".");
          offset = 8;
        } else if (type === 3) {
          host = req.subarray(5, 5 + req[4]!).toString();
          offset = 5 + req[4]!;
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0])); // address type not supported
          return;
        }
        const port = req.readUInt16BE(offset);
        requests.push({ line: `SOCKS ${host}:${port}`, authorization: null });
        if (!LOOPBACK.has(host)) {
          client.end(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0])); // not allowed by ruleset
          return;
        }
        const upstream = net.connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on("error", () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `socks5://127.0.0.1:${port}`, port, requests, close: closer(server as net.Server, sockets) };
}
