// The fetcher against a real HTTP server on loopback serving each kind of good and bad answer a
// source can give. Nothing here contacts a non-loopback host: the address-guard tests also watch
// every socket the process opens and refuse any that would leave the machine.

import dc from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import zlib from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { forbiddenAddressReason } from "../../src/domain/address-policy.js";
import { FetchError, type FetchErrorKind } from "../../src/domain/fetch-error.js";
import { HttpFetcher } from "../../src/infra/http-fetcher.js";

const RUSSIAN = "Указ Президента Российской Федерации о развитии искусственного интеллекта";
const FEED = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${RUSSIAN}</title></feed>`;
const LAST_MODIFIED = "Wed, 01 Apr 2026 10:00:00 GMT";
const MiB = 1024 * 1024;

const hits = new Map<string, number>();
const seenHeaders = new Map<string, http.IncomingHttpHeaders>();
let server: http.Server;
let base: string;
let gzipBomb: Buffer;

function xml1251(): Buffer {
  return iconv.encode(
    `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>${RUSSIAN}</title></channel></rss>`,
    "windows-1251",
  );
}

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  seenHeaders.set(path, req.headers);
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) {
    const n = Number(chain[1]);
    if (n === 0) res.end("arrived");
    else res.writeHead(302, { location: `/chain/${n - 1}` }).end();
    return;
  }
  switch (path) {
    case "/robots.txt":
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(
        "User-agent: *\nDisallow: /private/\nAllow: /private/open\n\nUser-agent: someone-else\nDisallow: /\n",
      );
      return;
    case "/feed":
    case "/private/open":
    case "/private/feed":
      res.writeHead(200, {
        "content-type": "application/atom+xml; charset=utf-8",
        "cache-control": "public, max-age=600",
      });
      res.end(FEED);
      return;
    case "/etag":
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', "content-type": "application/atom+xml" }).end(FEED);
      return;
    case "/last-modified":
      if (req.headers["if-modified-since"] === LAST_MODIFIED) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { "last-modified": LAST_MODIFIED, "content-type": "application/rss+xml" }).end(FEED);
      return;
    case "/image.png":
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex"));
      return;
    case "/unlabelled-binary":
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(Buffer.from("504b0304140000000800a1b2c3d4000000000000000000000000", "hex"));
      return;
    case "/429":
      res.writeHead(429, { "retry-after": "120", "content-type": "text/plain" }).end("slow down");
      return;
    case "/429-date":
      res.writeHead(429, { "retry-after": new Date(Date.now() + 90_000).toUTCString() }).end();
      return;
    case "/503-retry":
      res.writeHead(503, { "retry-after": "60" }).end("maintenance");
      return;
    case "/trickle": {
      // Headers at once, then one byte every 50 ms, forever.
      res.writeHead(200, { "content-type": "application/xml" });
      const timer = setInterval(() => res.write("<"), 50);
      res.on("close", () => clearInterval(timer));
      return;
    }
    case "/silent":
      // Never answers at all.
      return;
    case "/huge":
      res.writeHead(200, { "content-type": "application/xml", "content-length": String(4 * MiB) });
      res.end(Buffer.alloc(4 * MiB, 0x61));
      return;
    case "/huge-chunked": {
      // No Content-Length: the cap must stop the endless stream by counting.
      res.writeHead(200, { "content-type": "application/xml" });
      const chunk = Buffer.alloc(64 * 1024, 0x62);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
      };
      res.on("drain", pump);
      pump();
      return;
    }
    case "/gzip-bomb":
      res.writeHead(200, { "content-type": "application/xml", "content-encoding": "gzip" });
      res.end(gzipBomb);
      return;
    case "/gzip":
      res.writeHead(200, {
        "content-type": "application/atom+xml; charset=utf-8",
        "content-encoding": "gzip",
      });
      res.end(zlib.gzipSync(FEED));
      return;
    case "/br":
      res.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8", "content-encoding": "br" });
      res.end(zlib.brotliCompressSync(FEED));
      return;
    case "/deflate":
      res.writeHead(200, {
        "content-type": "application/atom+xml; charset=utf-8",
        "content-encoding": "deflate",
      });
      res.end(zlib.deflateSync(FEED));
      return;
    case "/deflate-raw":
      res.writeHead(200, {
        "content-type": "application/atom+xml; charset=utf-8",
        "content-encoding": "deflate",
      });
      res.end(zlib.deflateRawSync(FEED));
      return;
    case "/cp1251-header":
      res.writeHead(200, { "content-type": "application/rss+xml; charset=windows-1251" });
      res.end(iconv.encode(`<rss><channel><title>${RUSSIAN}</title></channel></rss>`, "windows-1251"));
      return;
    case "/cp1251-xml-declaration":
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(xml1251());
      return;
    case "/cp1251-lying-header":
      // The server claims UTF-8; the bytes and the XML declaration say windows-1251.
      res.writeHead(200, { "content-type": "text/xml; charset=utf-8" });
      res.end(xml1251());
      return;
    case "/koi8-header":
      res.writeHead(200, { "content-type": "text/html; charset=KOI8-R" });
      res.end(iconv.encode(`<html><body><h1>${RUSSIAN}</h1></body></html>`, "koi8-r"));
      return;
    case "/koi8-meta":
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        iconv.encode(
          `<html><head><meta charset="koi8-r"></head><body><h1>${RUSSIAN}</h1></body></html>`,
          "koi8-r",
        ),
      );
      return;
    case "/koi8-http-equiv":
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        iconv.encode(
          `<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body><h1>${RUSSIAN}</h1></body></html>`,
          "koi8-r",
        ),
      );
      return;
    case "/bom-utf8":
      // The BOM outranks a wrong header.
      res.writeHead(200, { "content-type": "text/xml; charset=windows-1251" });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FEED, "utf8")]));
      return;
    case "/bom-utf16":
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FEED.replace("utf-8", "utf-16"), "utf16le")]),
      );
      return;
    case "/loop-a":
      res.writeHead(301, { location: "/loop-b" }).end();
      return;
    case "/loop-b":
      res.writeHead(302, { location: `${base}/loop-a` }).end();
      return;
    case "/captcha":
      // The shape of Reuters' DataDome wall.
      res.writeHead(403, { "content-type": "text/html" });
      res.end(
        '<html><head><title>reuters.com</title></head><body><p>Please enable JS and disable any ad blocker</p><script data-cfasync="false">var dd={"rt":"c","host":"geo.captcha-delivery.com"}</script></body></html>',
      );
      return;
    case "/cloudflare":
      res.writeHead(403, { "content-type": "text/html", "cf-mitigated": "challenge" });
      res.end("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>");
      return;
    case "/access-denied":
      // Compressed, as walls usually are: detection reads the decoded page.
      res.writeHead(401, { "content-type": "text/html", "content-encoding": "gzip" });
      res.end(
        zlib.gzipSync("<html><h1>Access denied</h1><p>You do not have access to www.reuters.com.</p></html>"),
      );
      return;
    case "/forbidden":
      res.writeHead(403, { "content-type": "text/html" }).end("<h1>403 Forbidden</h1><hr>nginx");
      return;
    case "/redirect-to-metadata":
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      return;
    case "/redirect-to-missing":
      res.writeHead(307, { location: "/missing" }).end();
      return;
    case "/redirect-to-private":
      res.writeHead(302, { location: "http://10.0.0.1/feed" }).end();
      return;
    default:
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
  }
}

// Fast settings for tests: no spacing between requests, short deadlines.
function makeFetcher(extra: ConstructorParameters<typeof HttpFetcher>[0] = {}): HttpFetcher {
  const f = new HttpFetcher({
    allowPrivateAddresses: true,
    perHostSpacingMs: 0,
    perHostConcurrency: 4,
    connectTimeoutMs: 2000,
    bodyTimeoutMs: 5000,
    ...extra,
  });
  opened.push(f);
  return f;
}
const opened: HttpFetcher[] = [];

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error("expected the fetch to fail");
}

// A failure a user reads: the right kind, the URL named, one sentence, no stack frames.
function expectFailure(error: FetchError, kind: FetchErrorKind, url: string): void {
  expect(error.kind).toBe(kind);
  expect(error.message).toContain(url);
  expect(error.message).not.toMatch(/\n\s*at /);
  expect(error.message).not.toMatch(/\.(c|cc|js|ts|mjs):\d+/);
  expect(error.message.split("\n")).toHaveLength(1);
}

beforeAll(async () => {
  gzipBomb = zlib.gzipSync(Buffer.alloc(64 * MiB)); // ~64 KiB on the wire, 64 MiB unpacked
  server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("HttpFetcher: ordinary answers", () => {
  it("fetches a feed with a real User-Agent and reports its freshness", async () => {
    const result = await makeFetcher().fetch(`${base}/feed`);
    expect(result).toMatchObject({
      notModified: false,
      status: 200,
      url: `${base}/feed`,
      maxAgeSeconds: 600,
    });
    expect(result.body).toBe(FEED);
    expect(result.contentType).toBe("application/atom+xml; charset=utf-8");
    expect(result.bytes).toBe(Buffer.byteLength(FEED));
    const headers = seenHeaders.get("/feed")!;
    expect(headers["user-agent"]).toMatch(/^policywatch\/\S+ \(\+https:\/\/\S+; /);
    expect(headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(headers.accept).toContain("application/atom+xml");
  });

  it("sends If-None-Match and reports 304 as not modified", async () => {
    const fetcher = makeFetcher();
    const first = await fetcher.fetch(`${base}/etag`);
    expect(first.etag).toBe('"v1"');
    const second = await fetcher.fetch(`${base}/etag`, { conditional: { etag: first.etag } });
    expect(second).toMatchObject({ notModified: true, status: 304, body: "", etag: '"v1"' });
    expect(seenHeaders.get("/etag")?.["if-none-match"]).toBe('"v1"');
  });

  it("sends If-Modified-Since and reports 304 as not modified", async () => {
    const fetcher = makeFetcher();
    const first = await fetcher.fetch(`${base}/last-modified`);
    expect(first.lastModified).toBe(LAST_MODIFIED);
    const second = await fetcher.fetch(`${base}/last-modified`, {
      conditional: { etag: null, lastModified: first.lastModified },
    });
    expect(second.notModified).toBe(true);
    expect(second.body).toBe("");
  });

  it.each(["/gzip", "/br", "/deflate", "/deflate-raw"])("decodes a compressed answer (%s)", async (path) => {
    const result = await makeFetcher().fetch(`${base}${path}`);
    expect(result.body).toBe(FEED);
    expect(result.bytes).toBe(Buffer.byteLength(FEED));
  });

  it("follows up to five redirects and reports the final URL", async () => {
    const result = await makeFetcher().fetch(`${base}/chain/5`);
    expect(result.body).toBe("arrived");
    expect(result.url).toBe(`${base}/chain/0`);
    expect(result.redirects).toBe(5);
  });
});

describe("HttpFetcher: charsets", () => {
  it.each([
    ["/cp1251-header", "windows-1251"],
    ["/cp1251-xml-declaration", "windows-1251"],
    ["/cp1251-lying-header", "windows-1251"],
    ["/koi8-header", "koi8-r"],
    ["/koi8-meta", "koi8-r"],
    ["/koi8-http-equiv", "koi8-r"],
    ["/bom-utf8", "utf-8"],
    ["/bom-utf16", "utf-16le"],
  ])("reads Russian text from %s", async (path, charset) => {
    const result = await makeFetcher().fetch(`${base}${path}`);
    expect(result.body).toContain(RUSSIAN);
    expect(result.body.charCodeAt(0)).not.toBe(0xfeff);
    expect(result.charset).toBe(charset);
  });
});

describe("HttpFetcher: failures in words", () => {
  it("reports 429 with Retry-After in seconds", async () => {
    const url = `${base}/429`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "rate-limited", url);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.message).toContain("429 Too Many Requests");
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const error = await failure(makeFetcher().fetch(`${base}/429-date`));
    expect(error.kind).toBe("rate-limited");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(91);
  });

  it("treats 503 with Retry-After as being asked to wait", async () => {
    const url = `${base}/503-retry`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "rate-limited", url);
    expect(error).toMatchObject({ status: 503, retryAfterSeconds: 60 });
  });

  it("gives up on a body that trickles forever at the body deadline", async () => {
    const url = `${base}/trickle`;
    const error = await failure(makeFetcher({ bodyTimeoutMs: 300 }).fetch(url));
    expectFailure(error, "timeout", url);
    expect(error.message).toContain("300 ms");
  });

  it("gives up on a server that never answers", async () => {
    const url = `${base}/silent`;
    const error = await failure(makeFetcher({ bodyTimeoutMs: 300 }).fetch(url));
    expectFailure(error, "timeout", url);
  });

  it("calls an image or other binary answer not-a-feed instead of watching it as text", async () => {
    for (const path of ["/image.png", "/unlabelled-binary"]) {
      const url = `${base}${path}`;
      const error = await failure(makeFetcher().fetch(url));
      expectFailure(error, "not-a-feed", url);
      expect(error.message).toMatch(/an image \(image\/png\)|a binary file/);
    }
  });

  it("refuses a body larger than the cap announced by Content-Length", async () => {
    const url = `${base}/huge`;
    const error = await failure(makeFetcher({ maxBytes: 256 * 1024 }).fetch(url));
    expectFailure(error, "too-large", url);
    expect(error.message).toContain("256 KiB");
  });

  it("stops reading an endless body at the cap", async () => {
    const url = `${base}/huge-chunked`;
    const error = await failure(makeFetcher({ maxBytes: 256 * 1024 }).fetch(url));
    expectFailure(error, "too-large", url);
  });

  it("applies the cap after decompression, so a gzip bomb is refused", async () => {
    const url = `${base}/gzip-bomb`;
    expect(gzipBomb.length).toBeLessThan(1 * MiB);
    const error = await failure(makeFetcher({ maxBytes: 1 * MiB }).fetch(url));
    expectFailure(error, "too-large", url);
  });

  it("refuses a malformed URL without any request", async () => {
    const error = await failure(makeFetcher().fetch("htp:/not a url"));
    expectFailure(error, "invalid-url", "htp:/not a url");
    const ftp = await failure(makeFetcher().fetch("ftp://example.org/feed"));
    expect(ftp.kind).toBe("invalid-url");
  });

  it("detects a redirect loop", async () => {
    const url = `${base}/loop-a`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "redirect-loop", url);
  });

  it("refuses a sixth redirect", async () => {
    const url = `${base}/chain/6`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "redirect-loop", url);
    expect(error.message).toContain("more than 5");
  });

  it("reports a host name that does not exist as a DNS failure", async () => {
    const url = "http://no-such-host.invalid/feed";
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "dns", url);
  });

  it("reports a refused connection", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}/feed`;
    const error = await failure(makeFetcher({ respectRobots: false }).fetch(url));
    expectFailure(error, "connection", url);
    expect(error.message).toContain("refused");
  });

  it.each([
    ["/captcha", 403, "DataDome"],
    ["/cloudflare", 403, "Cloudflare"],
    ["/access-denied", 401, "access-denied"],
  ])("reports a bot wall as blocked (%s)", async (path, status, words) => {
    const url = `${base}${path}`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "blocked", url);
    expect(error.status).toBe(status);
    expect(error.message).toContain(words);
  });

  it("reports a plain 403 as an HTTP error, not a bot wall", async () => {
    const error = await failure(makeFetcher().fetch(`${base}/forbidden`));
    expect(error).toMatchObject({ kind: "http", status: 403 });
  });

  it("reports 404 with its status in words", async () => {
    const url = `${base}/missing`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "http", url);
    expect(error.status).toBe(404);
    expect(error.message).toBe(`The server answered 404 Not Found for ${url}.`);
    expect(error.toJSON()).toMatchObject({ kind: "http", status: 404, url });
  });

  it("names both URLs when a redirect leads to the failure", async () => {
    const url = `${base}/redirect-to-missing`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "http", url);
    expect(error.message).toBe(
      `The server answered 404 Not Found for ${base}/missing (redirected from ${url}).`,
    );
  });

  it("rejects with cancelled when the caller aborts", async () => {
    const controller = new AbortController();
    const url = `${base}/silent`;
    const pending = makeFetcher().fetch(url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expectFailure(await failure(pending), "cancelled", url);
  });
});

describe("HttpFetcher: closing", () => {
  it("cancels requests in flight when closed, naming each URL", async () => {
    const fetcher = makeFetcher();
    const url = `${base}/silent`;
    const pending = fetcher.fetch(url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fetcher.close();
    expectFailure(await failure(pending), "cancelled", url);
    expectFailure(await failure(fetcher.fetch(`${base}/feed`)), "cancelled", `${base}/feed`);
  });
});

describe("HttpFetcher: TLS", () => {
  const cert = readFileSync(new URL("../fixtures/tls/loopback-cert.pem", import.meta.url));
  const key = readFileSync(new URL("../fixtures/tls/loopback-key.pem", import.meta.url));
  let secure: https.Server;
  let secureBase: string;

  beforeAll(async () => {
    secure = https.createServer({ cert, key }, handle);
    await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
    secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
  });

  it("refuses a certificate nobody vouches for", async () => {
    const url = `${secureBase}/feed`;
    const error = await failure(makeFetcher().fetch(url));
    expectFailure(error, "tls", url);
    expect(error.message).toContain("self-signed");
  });

  it("fetches over https when the certificate's authority is trusted", async () => {
    const result = await makeFetcher({ ca: cert }).fetch(`${secureBase}/gzip`);
    expect(result.body).toBe(FEED);
  });

  it("gives up when the connection opens but the TLS handshake never ends", async () => {
    const accepted: Socket[] = [];
    const silent = net.createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/feed`;
    try {
      const error = await failure(makeFetcher({ respectRobots: false, connectTimeoutMs: 200 }).fetch(url));
      expectFailure(error, "timeout", url);
      expect(error.message).toContain("Could not connect");
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("reports https spoken to a plain-http server as a TLS failure", async () => {
    const url = `${base.replace("http:", "https:")}/feed`;
    const error = await failure(makeFetcher({ respectRobots: false }).fetch(url));
    expectFailure(error, "tls", url);
  });
});

describe("HttpFetcher: robots.txt", () => {
  it("refuses a path robots.txt disallows, and fetches robots.txt once per host", async () => {
    const fetcher = makeFetcher();
    const before = hits.get("/robots.txt") ?? 0;
    const url = `${base}/private/feed`;
    const error = await failure(fetcher.fetch(url));
    expectFailure(error, "robots", url);
    expect(error.message).toContain("robots.txt");
    expect(hits.get("/private/feed") ?? 0).toBe(0);
    // Longest match wins: the Allow for /private/open beats the Disallow for /private/.
    await expect(fetcher.fetch(`${base}/private/open`)).resolves.toMatchObject({ status: 200 });
    await fetcher.fetch(`${base}/feed`);
    expect((hits.get("/robots.txt") ?? 0) - before).toBe(1);
  });

  it("can be told to ignore robots.txt", async () => {
    const result = await makeFetcher({ respectRobots: false }).fetch(`${base}/private/feed`);
    expect(result.status).toBe(200);
  });
});

describe("HttpFetcher: address guard", () => {
  // Every client socket the process opens during these tests; any not allowed is stopped before
  // it connects, so a broken guard fails the test instead of reaching the network.
  const sockets: string[] = [];
  let allowConnect: (host: string) => boolean = () => false;
  const watch = ({ socket }: { socket: Socket }) => {
    const original = socket.connect.bind(socket);
    (socket as { connect: (...args: unknown[]) => Socket }).connect = (...args: unknown[]) => {
      const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string };
      const host = String(first?.host ?? "");
      sockets.push(host);
      if (!allowConnect(host)) {
        process.nextTick(() => socket.destroy(new Error("test refused the connection")));
        return socket;
      }
      return (original as (...a: unknown[]) => Socket)(...args);
    };
  };
  beforeAll(() => dc.subscribe("net.client.socket", watch as (message: unknown) => void));
  afterAll(() => dc.unsubscribe("net.client.socket", watch as (message: unknown) => void));
  afterEach(() => {
    sockets.length = 0;
    allowConnect = () => false;
  });

  const guarded = (extra: ConstructorParameters<typeof HttpFetcher>[0] = {}) =>
    makeFetcher({ allowPrivateAddresses: false, ...extra });

  it("refuses loopback without sending a request", async () => {
    const before = hits.get("/feed") ?? 0;
    const url = `${base}/feed`;
    const error = await failure(guarded().fetch(url));
    expectFailure(error, "forbidden-address", url);
    expect(error.message).toContain("loopback");
    expect(error.message).toContain("ALLOW_PRIVATE_SOURCES");
    expect(hits.get("/feed") ?? 0).toBe(before);
    expect(sockets).toEqual([]);
  });

  it("refuses the IPv4-compatible form of loopback, http://[::127.0.0.1]/", async () => {
    const error = await failure(guarded().fetch("http://[::127.0.0.1]/"));
    expect(error.kind).toBe("forbidden-address");
    expect(error.message).toContain("loopback");
    expect(sockets).toEqual([]);
  });

  it("refuses localhost, judged by what the name resolves to", async () => {
    const url = `http://localhost:${new URL(base).port}/feed`;
    const error = await failure(guarded().fetch(url));
    expectFailure(error, "forbidden-address", url);
    expect(sockets).toEqual([]);
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://10.0.0.1/feed", "private"],
    ["http://[fd00:ec2::254]/latest/meta-data/", "metadata"],
    ["http://100.64.0.1/", "carrier-grade NAT"],
    ["http://[::7f00:1]/", "loopback"],
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://[::a9fe:a9fe]/latest/meta-data/", "metadata"],
  ])("refuses %s before any connection", async (url, words) => {
    const error = await failure(guarded().fetch(url));
    expectFailure(error, "forbidden-address", url);
    expect(error.message).toContain(words);
    expect(sockets).toEqual([]);
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const url = "http://mixed.example.test/feed";
    const fetcher = guarded({
      resolveHost: async () => [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.1", family: 4 },
      ],
    });
    const error = await failure(fetcher.fetch(url));
    expectFailure(error, "forbidden-address", url);
    expect(error.message).toContain("10.0.0.1");
    expect(sockets).toEqual([]);
  });

  it.each([
    ["/redirect-to-metadata", "169.254.169.254"],
    ["/redirect-to-private", "10.0.0.1"],
  ])("checks every redirect hop (%s)", async (path, target) => {
    // Only the loopback test server is allowed, as if it were a public site.
    allowConnect = (host) => host === "127.0.0.1";
    const fetcher = guarded({
      addressPolicy: (address) => (address === "127.0.0.1" ? null : forbiddenAddressReason(address)),
    });
    const url = `${base}${path}`;
    const error = await failure(fetcher.fetch(url));
    expectFailure(error, "forbidden-address", url);
    expect(error.message).toContain(target);
    expect(error.message).toContain("redirected from");
    expect(sockets.every((host) => host === "127.0.0.1")).toBe(true);
  });

  it("fetches private addresses when ALLOW_PRIVATE_SOURCES is set", async () => {
    allowConnect = (host) => host === "127.0.0.1";
    const result = await makeFetcher({ allowPrivateAddresses: true }).fetch(`${base}/feed`);
    expect(result.status).toBe(200);
  });
});
