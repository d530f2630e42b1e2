// The fetcher through real proxies on loopback: an HTTP proxy (absolute form for http sites,
// CONNECT tunnels for https ones), a SOCKS5 proxy, NO_PROXY, a source's own proxy winning over the
// environment, and every way a proxy fails, each in words of kind `proxy`.
import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../../src/domain/fetch-error.js";
import type { ProxyEnvironment } from "../../src/domain/proxy-rules.js";
import { type FetcherOptions, HttpFetcher } from "../../src/infra/http-fetcher.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { startHttpProxy, startSocksProxy, type TestProxy } from "../helpers/proxy-server.js";

const FEED = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Указ</title></feed>';
const cert = readFileSync(new URL("../fixtures/tls/loopback-cert.pem", import.meta.url));
const key = readFileSync(new URL("../fixtures/tls/loopback-key.pem", import.meta.url));

let site: FeedServer;
let secure: https.Server;
let secureBase: string;
let proxy: TestProxy;
let other: TestProxy;
let locked: TestProxy;
let gateway: TestProxy;
let socks: TestProxy;

const NO_ENV: ProxyEnvironment = { httpProxy: null, httpsProxy: null, noProxy: null };
function fetcher(proxies: Partial<ProxyEnvironment>, extra: FetcherOptions = {}) {
  return new HttpFetcher({
    allowPrivateAddresses: true,
    perHostSpacingMs: 0,
    connectTimeoutMs: 2000,
    bodyTimeoutMs: 5000,
    ca: cert,
    proxies: { ...NO_ENV, ...proxies },
    ...extra,
  });
}
async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FetchError) return e;
    throw e;
  }
  throw new Error("expected the fetch to fail");
}
const lines = (p: TestProxy) => p.requests.map((r) => r.line);

beforeAll(async () => {
  site = await startFeedServer({ "/feed": { body: FEED } });
  secure = https.createServer({ cert, key }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/atom+xml" }).end(FEED);
  });
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  proxy = await startHttpProxy();
  other = await startHttpProxy({ credentials: "analyst:s3cret" });
  locked = await startHttpProxy({ credentials: "someone:else" });
  gateway = await startHttpProxy({ badGateway: true });
  socks = await startSocksProxy();
});
afterAll(async () => {
  secure?.closeAllConnections();
  await new Promise((resolve) => secure?.close(resolve));
  await Promise.all([site, proxy, other, locked, gateway, socks].map((s) => s?.close()));
});

describe("fetching through a proxy", () => {
  it("asks an http proxy for an http site in absolute form, and tunnels an https site with CONNECT", async () => {
    const f = fetcher({ httpProxy: proxy.url, httpsProxy: proxy.url });
    expect((await f.fetch(site.url("/feed"))).body).toBe(FEED);
    expect(lines(proxy)).toContain(`GET ${site.url("/feed")}`);
    expect((await f.fetch(`${secureBase}/feed`)).body).toBe(FEED);
    expect(lines(proxy)).toContain(`CONNECT ${secureBase.replace("https://", "")}`);
    await f.close();
  });

  it("goes direct to a NO_PROXY host", async () => {
    const before = proxy.requests.length;
    const f = fetcher({ httpProxy: proxy.url, noProxy: "example.org, 127.0.0.0/8" });
    expect((await f.fetch(site.url("/feed"))).body).toBe(FEED);
    expect(proxy.requests.length).toBe(before);
    await f.close();
  });

  it("uses the source's own proxy, with its credentials, over the environment's", async () => {
    const before = proxy.requests.length;
    const f = fetcher({ httpProxy: proxy.url, httpsProxy: proxy.url });
    expect((await f.fetch(site.url("/feed"), { proxy: other.url })).body).toBe(FEED);
    expect((await f.fetch(`${secureBase}/feed`, { proxy: other.url })).body).toBe(FEED);
    expect(proxy.requests.length).toBe(before);
    const basic = `Basic ${Buffer.from("analyst:s3cret").toString("base64")}`;
    expect(other.requests.filter((r) => r.authorization === basic).length).toBeGreaterThanOrEqual(2);
    // `direct` turns the environment's proxy off for that source.
    expect((await f.fetch(site.url("/feed"), { proxy: "direct" })).body).toBe(FEED);
    expect(proxy.requests.length).toBe(before);
    await f.close();
  });

  it("reaches http and https sites through a SOCKS5 proxy", async () => {
    const f = fetcher({ httpProxy: socks.url, httpsProxy: socks.url });
    expect((await f.fetch(site.url("/feed"))).body).toBe(FEED);
    expect((await f.fetch(`${secureBase}/feed`)).body).toBe(FEED);
    expect(lines(socks)).toContain(`SOCKS ${site.origin.replace("http://", "")}`);
    await f.close();
  });
});

describe("a proxy that fails says so, as kind `proxy`", () => {
  it("407: the proxy wants credentials (absolute form and CONNECT)", async () => {
    const f = fetcher({
      httpProxy: locked.url.replace("someone:else@", ""),
      httpsProxy: locked.url.replace("someone:else@", ""),
    });
    for (const url of [site.url("/feed"), `${secureBase}/feed`]) {
      const e = await failure(f.fetch(url));
      expect(e.kind).toBe("proxy");
      expect(e.status).toBe(407);
      expect(e.message).toContain("407 Proxy Authentication Required");
      expect(e.message).toContain("user name and password");
    }
    await f.close();
  });

  it("wrong credentials are never shown in the words", async () => {
    const f = fetcher({});
    const wrong = locked.url.replace("someone:else", "someone:wrong-secret");
    const e = await failure(f.fetch(site.url("/feed"), { proxy: wrong }));
    expect(e.status).toBe(407);
    expect(e.message).not.toContain("wrong-secret");
    expect(e.message).toContain("http://***@127.0.0.1:");
    await f.close();
  });

  it("502: the proxy could not reach the site", async () => {
    const f = fetcher({ httpsProxy: gateway.url });
    const e = await failure(f.fetch(`${secureBase}/feed`));
    expect(e.kind).toBe("proxy");
    expect(e.message).toContain("502 Bad Gateway");
    expect(e.message).toContain("could not reach");
    await f.close();
  });

  it("refused: nothing listens where the proxy should be", async () => {
    const closed = await startHttpProxy();
    await closed.close();
    const f = fetcher({ httpProxy: closed.url, httpsProxy: closed.url });
    for (const url of [site.url("/feed"), `${secureBase}/feed`]) {
      const e = await failure(f.fetch(url));
      expect(e.kind).toBe("proxy");
      expect(e.message).toContain("refused the connection");
    }
    const s = await failure(f.fetch(site.url("/feed"), { proxy: closed.url.replace("http:", "socks5:") }));
    expect(s.kind).toBe("proxy");
    await f.close();
  });

  it("unreachable: the proxy's name does not resolve", async () => {
    const f = fetcher({ httpProxy: "http://proxy.invalid:3128" });
    const e = await failure(f.fetch(site.url("/feed")));
    expect(e.kind).toBe("proxy");
    expect(e.message).toContain("could not be reached");
    await f.close();
  });

  it("a malformed proxy address is refused in words", async () => {
    const e = await failure(fetcher({}).fetch(site.url("/feed"), { proxy: "ftp://proxy:21" }));
    expect(e.kind).toBe("proxy");
    expect(e.message).toContain("not supported");
  });
});

describe("the address policy still guards targets behind a proxy", () => {
  it("refuses a private IP literal and a name resolving to loopback without asking the proxy", async () => {
    const guarded = fetcher(
      { httpProxy: proxy.url, httpsProxy: proxy.url },
      { allowPrivateAddresses: false },
    );
    const before = proxy.requests.length;
    for (const url of [
      "http://10.1.2.3/feed",
      "https://192.168.0.10/feed",
      `http://localhost:${site.origin.split(":")[2]}/feed`,
    ]) {
      const e = await failure(guarded.fetch(url));
      expect(e.kind).toBe("forbidden-address");
    }
    expect(proxy.requests.length).toBe(before);
    await guarded.close();
  });
});
