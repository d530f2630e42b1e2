// The only code that talks HTTP to sources. Every poll, preview and backfill goes through
// `HttpFetcher.fetch`, which behaves like a client a site operator would not block and a user can
// trust, and which rejects only with a `FetchError` whose message names the URL in plain words.
//
// Per request, in this order:
//  1. The URL must be http(s) (`invalid-url`).
//  2. The host is resolved (all A/AAAA answers, cached briefly) and every answer must be a public
//     address unless private sources are allowed (`forbidden-address`). The connection then goes to
//     exactly the addresses checked, through the socket's `lookup`, so DNS cannot rebind in between.
//  3. robots.txt of the origin (fetched once, cached for a day) must allow the path (`robots`).
//  4. The host's politeness slot is awaited: per-host concurrency and spacing between starts.
//  5. The request carries a real User-Agent, Accept-Encoding and, when given, If-None-Match /
//     If-Modified-Since. A connect timeout and a whole-answer deadline bound it (`timeout`).
//  6. The body is decompressed (gzip, deflate, br) and counted after decompression; reading stops
//     as soon as the cap is passed (`too-large`), so a gzip bomb costs at most the cap.
//  7. Redirects are followed, each hop going through steps 2-6 again, at most `maxRedirects` times
//     and never back to a URL already visited (`redirect-loop`).
//  Through a proxy (HTTP(S)_PROXY / NO_PROXY, or the source's own): steps 2-3 still run first, so
//  a forbidden target is refused before the proxy is asked; the connection is then set up by
//  proxy-tunnel.ts (CONNECT or SOCKS5), or, for http targets via an http proxy, sent in absolute form.
//  8. The final answer is classified: 304 → notModified; 2xx → text decoded by its charset;
//     429, or 503 with Retry-After → `rate-limited`; 401/403/503 showing a bot wall → `blocked`;
//     anything else → `http` with the status.

import dns from "node:dns";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import { isIP, type LookupFunction, type Socket } from "node:net";
import tls from "node:tls";
import { forbiddenAddressReason } from "../domain/address-policy.js";
import type { CategorizedError, ErrorCategory } from "../domain/error-category.js";
import { chooseProxy, type ProxyEnvironment, type ProxySpec, ProxyUrlError } from "../domain/proxy-rules.js";
import { FetchError, type FetchErrorInfo, isFetchError } from "../domain/fetch-error.js";
import {
  describeBinaryAnswer,
  detectBotWall,
  parseFreshnessSeconds,
  parseRetryAfter,
} from "../domain/http-answer.js";
import {
  ALLOW_ALL_ROBOTS,
  isAllowedByRobots,
  parseRobotsTxt,
  type RobotsTxt,
  robotsCrawlDelaySeconds,
} from "../domain/robots.js";
import { decodeText } from "../domain/text-decoding.js";
import {
  asFetchError,
  cancelled,
  describePlace,
  dnsError,
  formatSeconds,
  headerValue,
  isResetCode,
  networkError,
  type Place,
  parseHttpUrl,
} from "./fetch-failure.js";
import { HostLimiter, type Release } from "./host-limiter.js";
import { readBody } from "./http-body.js";
import {
  openTunnel,
  proxyAuthorization,
  proxyConnectError,
  proxyError,
  proxyStatusWords,
} from "./proxy-tunnel.js";
import { withTimeout } from "./deadline.js";

export interface FetcherOptions {
  /** Default: "policywatch/<version> (+https://github.com/policywatch/policywatch; self-hosted policy monitor)". */
  userAgent?: string;
  /** Time allowed to open the connection (TCP and TLS), and to resolve the host. Default 10 s. */
  connectTimeoutMs?: number;
  /** Deadline for one whole answer, from sending the request to the last body byte. Default 30 s. */
  bodyTimeoutMs?: number;
  /** Largest body, counted after decompression. Default 10 MiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  /** Requests in flight to one host. Default 2. */
  perHostConcurrency?: number;
  /** Least time between request starts to one host. Default 1000 ms. */
  perHostSpacingMs?: number;
  /** ALLOW_PRIVATE_SOURCES: let sources point at private, loopback and other internal addresses. */
  allowPrivateAddresses?: boolean;
  /** Obey robots.txt (fetched once per origin and cached). Default true. */
  respectRobots?: boolean;
  /** How long a robots.txt stays cached. Default 24 h. */
  robotsTtlMs?: number;
  /** Extra trusted certificate authorities (PEM) for https sources behind a private CA. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Replaces DNS resolution (tests, special resolvers); must return every address of the host. */
  resolveHost?: (hostname: string) => Promise<ResolvedAddress[]>;
  /**
   * Replaces the address check: returns why an address is refused, in words, or null to allow it.
   * Default: `forbiddenAddressReason`, or allow everything when `allowPrivateAddresses`.
   */
  addressPolicy?: (address: string) => string | null;
  /** HTTP_PROXY / HTTPS_PROXY / NO_PROXY as read from the environment (domain/proxy-rules.ts). */
  proxies?: ProxyEnvironment;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchInit {
  conditional?: ConditionalHeaders;
  /** Accept header; default prefers feeds, then XML, JSON and HTML. */
  accept?: string;
  signal?: AbortSignal;
  /** The source's own proxy (wins over the environment's); `direct` turns the proxy off. */
  proxy?: string | null;
}

export interface FetchResult {
  /** The server answered 304: nothing changed since the conditional headers. */
  notModified: boolean;
  status: number;
  /** Final URL after redirects. */
  url: string;
  /** Decoded text ('' when notModified). */
  body: string;
  contentType: string | null;
  /** Charset the body was decoded with (null when notModified). */
  charset: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Cache-Control max-age / s-maxage, else Expires − Date, in seconds. */
  maxAgeSeconds: number | null;
  retryAfterSeconds: number | null;
  /** Body size after decompression. */
  bytes: number;
  /** Redirects followed. */
  redirects: number;
}

export interface PostInit {
  body: string;
  /** Content-Type and any other headers (signatures, delivery ids). */
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** What a receiver answered a POST: any status is an answer, the caller judges it. */
export interface PostAnswer {
  status: number;
  /** The answer's text, cut at 64 KiB. */
  body: string;
  retryAfterSeconds: number | null;
}

export const DEFAULT_ACCEPT =
  "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, " +
  "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5";

/** The token robots.txt groups are matched against. */
export const ROBOTS_PRODUCT_TOKEN = "policywatch";

export const DEFAULT_USER_AGENT = `${ROBOTS_PRODUCT_TOKEN}/${packageVersion()} (+https://github.com/policywatch/policywatch; self-hosted policy monitor)`;

const MiB = 1024 * 1024;
const DNS_CACHE_MS = 60_000;
const ROBOTS_MAX_BYTES = 512 * 1024; // RFC 9309: parse at least 500 KiB
const ROBOTS_ERROR_TTL_MS = 10 * 60_000;
const CRAWL_DELAY_CAP_MS = 60_000;
const SNIPPET_BYTES = 64 * 1024; // enough of an error page to recognise a bot wall
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface ChainOptions {
  accept: string;
  conditional?: ConditionalHeaders;
  signal?: AbortSignal;
  /** Body cap for 2xx answers. */
  cap: number;
  /** Keep the first `cap` bytes instead of failing with too-large (robots.txt). */
  truncate: boolean;
  checkRobots: boolean;
  /** robots.txt itself: not held back by (nor restarting) the host's spacing. */
  unspaced?: boolean;
  /** A POST (channels): its body and extra headers. */
  post?: { body: string; headers: Record<string, string> };
  /** The source's own proxy, see FetchInit. */
  proxy?: string | null;
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  url: URL;
  bytes: Buffer;
  redirects: number;
}

// A keep-alive socket the server had already closed: the request never reached it, retry once.
class StaleSocketError extends Error implements CategorizedError {
  get category(): ErrorCategory {
    return "unavailable";
  }
}

export class HttpFetcher {
  private readonly userAgent: string;
  private readonly connectTimeoutMs: number;
  private readonly bodyTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly respectRobots: boolean;
  private readonly robotsTtlMs: number;
  private readonly policy: (address: string) => string | null;
  private readonly resolveHost: (hostname: string) => Promise<ResolvedAddress[]>;
  private readonly limiter: HostLimiter;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly proxies: ProxyEnvironment;
  private readonly ca?: string | Buffer | Array<string | Buffer>;
  private readonly dnsCache = new Map<string, { addresses: ResolvedAddress[]; expires: number }>();
  private readonly dnsInFlight = new Map<string, Promise<ResolvedAddress[]>>();
  private readonly robotsCache = new Map<string, { robots: RobotsTxt; expires: number }>();
  private readonly robotsInFlight = new Map<string, Promise<RobotsTxt>>();
  // How to cancel each request in flight, for close().
  private readonly inFlight = new Set<() => void>();
  private closed = false;

  constructor(options: FetcherOptions = {}) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000;
    this.maxBytes = options.maxBytes ?? 10 * MiB;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.respectRobots = options.respectRobots ?? true;
    this.robotsTtlMs = options.robotsTtlMs ?? 24 * 60 * 60_000;
    this.policy =
      options.addressPolicy ?? (options.allowPrivateAddresses ? () => null : forbiddenAddressReason);
    this.resolveHost = options.resolveHost ?? systemResolve;
    this.proxies = options.proxies ?? { httpProxy: null, httpsProxy: null, noProxy: null };
    this.ca = options.ca;
    const concurrency = Math.max(1, options.perHostConcurrency ?? 2);
    this.limiter = new HostLimiter(concurrency, Math.max(0, options.perHostSpacingMs ?? 1000));
    // Keep-alive: 1,000 sources are polled in seconds, often several per host, so a socket is reused
    // within a poll, never across polls minutes apart: an idle one is closed after 4 s rather than
    // held (with its buffers) until the next. LIFO reuse lets the surplus time out first; idle
    // sockets never hold the process open (node unrefs them).
    const agentOptions = {
      keepAlive: true,
      maxFreeSockets: concurrency,
      scheduling: "lifo" as const,
      timeout: 4_000,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(
      options.ca ? { ...agentOptions, ca: [...tls.rootCertificates, ...[options.ca].flat()] } : agentOptions,
    );
  }

  /** Fetches `url` and returns its decoded text; rejects only with a FetchError. */
  async fetch(url: string, init: FetchInit = {}): Promise<FetchResult> {
    const requested = parseHttpUrl(url);
    if (this.closed || init.signal?.aborted) throw cancelled({ requested, current: requested });
    try {
      const answer = await this.chain(requested, {
        accept: init.accept ?? DEFAULT_ACCEPT,
        conditional: init.conditional,
        signal: init.signal,
        cap: this.maxBytes,
        truncate: false,
        checkRobots: this.respectRobots,
        proxy: init.proxy,
      });
      return this.interpret(answer, { requested, current: answer.url });
    } catch (error) {
      throw asFetchError(error, { requested, current: requested });
    }
  }

  /**
   * POSTs `body` to `url` (alert channels) with the same address check, pinned connection and
   * timeouts as `fetch`; robots.txt and politeness spacing are for crawling, so neither applies,
   * and a redirect is returned as an answer, not followed (it would turn the POST into a GET).
   * Rejects only with a FetchError (bad URL, refused address, network, timeout).
   */
  async post(url: string, init: PostInit): Promise<PostAnswer> {
    const requested = parseHttpUrl(url);
    const place = { requested, current: requested };
    if (this.closed || init.signal?.aborted) throw cancelled(place);
    try {
      // Through HTTP(S)_PROXY like every fetch: a network that needs a proxy needs it for these too.
      const proxy = this.proxyFor(place, null);
      const addresses = await this.resolveChecked(place, init.signal, proxy);
      const opts: ChainOptions = {
        accept: "application/json, text/plain;q=0.9, */*;q=0.5",
        signal: init.signal,
        cap: SNIPPET_BYTES,
        truncate: true,
        checkRobots: false,
        post: { body: init.body, headers: init.headers },
      };
      const answer = await this.request(place, addresses, opts, true, proxy).catch((error) => {
        if (!(error instanceof StaleSocketError)) throw error;
        return this.request(place, addresses, opts, false, proxy);
      });
      return {
        status: answer.status,
        body: decodeText(answer.bytes, headerValue(answer.headers["content-type"])).text,
        retryAfterSeconds: parseRetryAfter(headerValue(answer.headers["retry-after"])),
      };
    } catch (error) {
      throw asFetchError(error, place);
    }
  }

  /** Stops every request in flight (they reject with `cancelled`) and closes idle connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.limiter.close();
    for (const cancel of [...this.inFlight]) cancel();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  // ---- redirects ---------------------------------------------------------------------------

  private async chain(requested: URL, opts: ChainOptions): Promise<RawAnswer> {
    const seen = new Set([requested.href]);
    let current = requested;
    for (let redirects = 0; ; redirects++) {
      const place = { requested, current };
      const answer = await this.hop(place, opts);
      const location = REDIRECT_STATUSES.has(answer.status) ? headerValue(answer.headers.location) : null;
      let next: URL | null = null;
      try {
        next = location ? new URL(location, current) : null;
      } catch {
        next = null; // an unreadable Location: report the redirect status itself
      }
      if (!next) return { ...answer, redirects };
      next.hash = "";
      if (next.protocol !== "http:" && next.protocol !== "https:") {
        throw new FetchError({
          kind: "http",
          status: answer.status,
          url: requested.href,
          message: `${describePlace(place)} redirects to ${next.href}, which is not a web address.`,
        });
      }
      if (seen.has(next.href)) {
        throw new FetchError({
          kind: "redirect-loop",
          status: answer.status,
          url: requested.href,
          message: `${describePlace(place)} redirects in a loop, back to ${next.href}.`,
        });
      }
      if (redirects + 1 > this.maxRedirects) {
        throw new FetchError({
          kind: "redirect-loop",
          status: answer.status,
          url: requested.href,
          message: `${requested.href} redirected more than ${this.maxRedirects} times (last to ${next.href}).`,
        });
      }
      seen.add(next.href);
      current = next;
    }
  }

  // One request to one URL: address check, robots, politeness slot, then the request itself.
  private async hop(place: Place, opts: ChainOptions): Promise<RawAnswer> {
    const proxy = this.proxyFor(place, opts.proxy);
    const addresses = await this.resolveChecked(place, opts.signal, proxy);
    if (opts.checkRobots) await this.assertRobotsAllow(place, opts.signal, opts.proxy);
    const host = place.current.hostname.toLowerCase();
    let release: Release;
    try {
      release = await this.limiter.acquire(host, opts.signal, { unspaced: opts.unspaced });
    } catch {
      throw cancelled(place);
    }
    try {
      try {
        return await this.request(place, addresses, opts, true, proxy);
      } catch (error) {
        if (!(error instanceof StaleSocketError)) throw error;
        return await this.request(place, addresses, opts, false, proxy);
      }
    } finally {
      release();
    }
  }

  private proxyFor(place: Place, sourceProxy: string | null | undefined): ProxySpec | null {
    try {
      return chooseProxy(place.current, this.proxies, sourceProxy);
    } catch (error) {
      if (!(error instanceof ProxyUrlError)) throw error;
      throw new FetchError({ kind: "proxy", url: place.requested.href, message: `${error.message}` });
    }
  }

  // ---- address check -----------------------------------------------------------------------

  private async resolveChecked(
    place: Place,
    signal?: AbortSignal,
    proxy?: ProxySpec | null,
  ): Promise<ResolvedAddress[]> {
    const hostname = bareHostname(place.current);
    const literal = isIP(hostname);
    const addresses: ResolvedAddress[] = literal
      ? [{ address: hostname, family: literal as 4 | 6 }]
      : await this.resolveForPolicy(hostname, place, signal, proxy);
    for (const { address } of addresses) {
      const reason = this.policy(address);
      if (reason === null) continue;
      const how = literal ? "points at" : `resolves to ${address},`;
      throw new FetchError({
        kind: "forbidden-address",
        url: place.requested.href,
        message:
          `${describePlace(place)} ${how} ${literal ? `${address}, ` : ""}${reason}; policywatch does not fetch ` +
          "private or internal addresses (set ALLOW_PRIVATE_SOURCES=true to allow them).",
      });
    }
    return addresses;
  }

  // Behind a proxy that resolves names itself, this machine may have no outside DNS: a name that
  // does not resolve here is left to the proxy (it cannot point at this network's addresses).
  private async resolveForPolicy(
    hostname: string,
    place: Place,
    signal: AbortSignal | undefined,
    proxy: ProxySpec | null | undefined,
  ): Promise<ResolvedAddress[]> {
    try {
      return await this.resolve(hostname, place, signal);
    } catch (error) {
      const proxyResolves = proxy && proxy.protocol !== "socks5:";
      if (proxyResolves && isFetchError(error) && error.kind === "dns") return [];
      throw error;
    }
  }

  private async resolve(hostname: string, place: Place, signal?: AbortSignal): Promise<ResolvedAddress[]> {
    const key = hostname.toLowerCase();
    const cached = this.dnsCache.get(key);
    if (cached && cached.expires > Date.now()) return cached.addresses;
    let pending = this.dnsInFlight.get(key);
    if (!pending) {
      pending = withTimeout(this.resolveHost(key), this.connectTimeoutMs, dnsTimeout).finally(() =>
        this.dnsInFlight.delete(key),
      );
      this.dnsInFlight.set(key, pending);
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await abortable(pending, signal);
    } catch (error) {
      if (signal?.aborted) throw cancelled(place);
      throw dnsError(error, hostname, place, this.connectTimeoutMs);
    }
    if (addresses.length === 0) throw dnsError({ code: "ENOTFOUND" }, hostname, place, this.connectTimeoutMs);
    if (this.dnsCache.size > 5000) {
      const now = Date.now();
      for (const [k, v] of this.dnsCache) if (v.expires <= now) this.dnsCache.delete(k);
    }
    this.dnsCache.set(key, { addresses, expires: Date.now() + DNS_CACHE_MS });
    return addresses;
  }

  // ---- robots.txt --------------------------------------------------------------------------

  private async assertRobotsAllow(place: Place, signal?: AbortSignal, proxy?: string | null): Promise<void> {
    const url = place.current;
    if (url.pathname === "/robots.txt") return;
    const robots = await this.robotsFor(url.origin, place, signal, proxy);
    if (isAllowedByRobots(robots, ROBOTS_PRODUCT_TOKEN, url.pathname + url.search)) return;
    throw new FetchError({
      kind: "robots",
      url: place.requested.href,
      message: `${describePlace(place)} is disallowed by ${url.origin}/robots.txt for ${ROBOTS_PRODUCT_TOKEN}; the site asks not to fetch it.`,
    });
  }

  private async robotsFor(
    origin: string,
    place: Place,
    signal?: AbortSignal,
    proxy?: string | null,
  ): Promise<RobotsTxt> {
    const cached = this.robotsCache.get(origin);
    if (cached && cached.expires > Date.now()) return cached.robots;
    let pending = this.robotsInFlight.get(origin);
    if (!pending) {
      // Loaded without the caller's signal: the file serves every later fetch to this origin.
      pending = this.loadRobots(origin, proxy).finally(() => this.robotsInFlight.delete(origin));
      this.robotsInFlight.set(origin, pending);
    }
    try {
      return await abortable(pending, signal);
    } catch (error) {
      if (signal?.aborted) throw cancelled(place);
      throw error;
    }
  }

  // RFC 9309: a 4xx means no rules. A 5xx or an unreachable file would mean "disallow all", but
  // the page fetch that follows reports the real problem in better words, so we allow and ask
  // again in a few minutes instead of blaming robots.txt.
  private async loadRobots(origin: string, proxy?: string | null): Promise<RobotsTxt> {
    const remember = (robots: RobotsTxt, ttl: number) => {
      this.robotsCache.set(origin, { robots, expires: Date.now() + ttl });
      return robots;
    };
    try {
      const answer = await this.chain(new URL("/robots.txt", origin), {
        accept: "text/plain, */*;q=0.5",
        cap: ROBOTS_MAX_BYTES,
        truncate: true,
        checkRobots: false,
        unspaced: true,
        proxy,
      });
      if (answer.status >= 200 && answer.status < 300) {
        const robots = parseRobotsTxt(
          decodeText(answer.bytes, headerValue(answer.headers["content-type"])).text,
        );
        const delay = robotsCrawlDelaySeconds(robots, ROBOTS_PRODUCT_TOKEN);
        if (delay !== null) {
          this.limiter.setMinimumSpacing(
            new URL(origin).hostname.toLowerCase(),
            Math.min(delay * 1000, CRAWL_DELAY_CAP_MS),
          );
        }
        return remember(robots, this.robotsTtlMs);
      }
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
        return remember(ALLOW_ALL_ROBOTS, this.robotsTtlMs);
      }
      return remember(ALLOW_ALL_ROBOTS, ROBOTS_ERROR_TTL_MS);
    } catch (error) {
      if (isFetchError(error) && error.kind === "cancelled") throw error;
      return remember(ALLOW_ALL_ROBOTS, ROBOTS_ERROR_TTL_MS);
    }
  }

  // ---- one request -------------------------------------------------------------------------

  private request(
    place: Place,
    addresses: ResolvedAddress[],
    opts: ChainOptions,
    mayRetryStaleSocket: boolean,
    proxy: ProxySpec | null = null,
  ): Promise<RawAnswer> {
    const url = place.current;
    const isHttps = url.protocol === "https:";
    const headers = this.requestHeaders(opts);
    return new Promise<RawAnswer>((resolve, reject) => {
      let settled = false;
      let gotResponse = false;
      let response: IncomingMessage | null = null;
      let connectTimer: NodeJS.Timeout | undefined;
      let deadline: NodeJS.Timeout | undefined;

      const finish = (error: unknown, answer?: RawAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(deadline);
        this.inFlight.delete(onAbort);
        opts.signal?.removeEventListener("abort", onAbort);
        if (error) {
          response?.destroy();
          req.destroy();
          reject(error);
        } else {
          resolve(answer!);
        }
      };
      const onAbort = () => finish(cancelled(place));

      const req = (isHttps ? https : http).request(url, {
        method: opts.post ? "POST" : "GET",
        ...(proxy
          ? this.proxiedOptions(proxy, place, addresses, headers)
          : { agent: isHttps ? this.httpsAgent : this.httpAgent, headers, lookup: pinnedLookup(addresses) }),
      });
      // A tunnel arrives connected (openTunnel bounds its own setup); absolute form talks to the proxy.
      const tunneled = proxy !== null && (isHttps || proxy.protocol !== "http:");
      this.inFlight.add(onAbort);
      opts.signal?.addEventListener("abort", onAbort, { once: true });

      deadline = setTimeout(() => finish(this.answerTimeout(place, gotResponse)), this.bodyTimeoutMs);

      req.on("socket", (socket: Socket) => {
        if (req.reusedSocket || tunneled) return;
        connectTimer = setTimeout(() => finish(this.connectTimeout(place, proxy)), this.connectTimeoutMs);
        socket.once(isHttps && !proxy ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
      });

      req.on("error", (error: NodeJS.ErrnoException) => {
        if (!gotResponse && mayRetryStaleSocket && req.reusedSocket && isResetCode(error.code)) {
          finish(new StaleSocketError());
          return;
        }
        if (proxy && !tunneled && !gotResponse && !req.reusedSocket && !isFetchError(error)) {
          finish(proxyConnectError(proxy, place, error));
          return;
        }
        finish(networkError(error, place));
      });

      req.on("response", (res: IncomingMessage) => {
        gotResponse = true;
        response = res;
        clearTimeout(connectTimer);
        const status = res.statusCode ?? 0;
        if (proxy && !tunneled && status === 407) {
          finish(proxyStatusWords(proxy, place, status, url.host));
          return;
        }
        const { cap, truncate } = bodyLimit(status, opts);
        readBody(res, cap, truncate, place).then(
          (bytes) => finish(null, { status, headers: res.headers, url, bytes, redirects: 0 }),
          (error) => finish(error),
        );
      });

      req.end(opts.post?.body);
    });
  }

  private requestHeaders(opts: ChainOptions): Record<string, string> {
    const headers: Record<string, string> = {
      "user-agent": this.userAgent,
      accept: opts.accept,
      "accept-encoding": "gzip, deflate, br",
    };
    if (opts.conditional?.etag) headers["if-none-match"] = opts.conditional.etag;
    if (opts.conditional?.lastModified) headers["if-modified-since"] = opts.conditional.lastModified;
    if (opts.post) {
      for (const [name, value] of Object.entries(opts.post.headers)) headers[name.toLowerCase()] = value;
      headers["content-length"] = String(Buffer.byteLength(opts.post.body));
    }
    return headers;
  }

  private answerTimeout(place: Place, gotResponse: boolean): FetchError {
    const seconds = formatSeconds(this.bodyTimeoutMs);
    return new FetchError({
      kind: "timeout",
      url: place.requested.href,
      message: gotResponse
        ? `${describePlace(place)} did not finish sending its answer within ${seconds}.`
        : `${describePlace(place)} did not answer within ${seconds}.`,
    });
  }

  private connectTimeout(place: Place, proxy: ProxySpec | null): FetchError {
    const within = formatSeconds(this.connectTimeoutMs);
    return proxy
      ? proxyError(proxy, place, `did not accept a connection within ${within}`)
      : new FetchError({
          kind: "timeout",
          url: place.requested.href,
          message: `Could not connect to ${place.current.host} for ${describePlace(place)} within ${within}.`,
        });
  }

  // Request options through a proxy: an http target via an http proxy is asked of the proxy in
  // absolute form (on the keep-alive agent, whose pool is then the proxy's); anything else gets a
  // tunnel of its own from proxy-tunnel.ts, with the checked address for socks5://.
  private proxiedOptions(
    proxy: ProxySpec,
    place: Place,
    addresses: ResolvedAddress[],
    headers: Record<string, string>,
  ): http.RequestOptions {
    const url = place.current;
    const isHttps = url.protocol === "https:";
    if (!isHttps && proxy.protocol === "http:") {
      const auth = proxyAuthorization(proxy);
      return {
        hostname: proxy.host,
        port: proxy.port,
        path: url.href,
        agent: this.httpAgent,
        headers: { ...headers, host: url.host, ...(auth ? { "proxy-authorization": auth } : {}) },
      };
    }
    const target = {
      host: bareHostname(url),
      port: Number(url.port) || (isHttps ? 443 : 80),
      address: addresses[0]?.address ?? null,
      tls: isHttps,
      ca: this.ca,
    };
    const createConnection = (_options: unknown, done: (error: Error | null, socket?: Socket) => void) => {
      openTunnel(proxy, target, place, this.connectTimeoutMs).then(
        (socket) => done(null, socket),
        (error: NodeJS.ErrnoException) => done(isFetchError(error) ? error : networkError(error, place)),
      );
      return undefined;
    };
    return {
      headers: { ...headers, host: url.host },
      agent: undefined,
      createConnection,
    } as http.RequestOptions;
  }

  // ---- classification ----------------------------------------------------------------------

  private interpret(answer: RawAnswer, place: Place): FetchResult {
    const { status, headers } = answer;
    const contentType = headerValue(headers["content-type"]);
    const retryAfterSeconds = parseRetryAfter(headerValue(headers["retry-after"]));
    const common = {
      status,
      url: answer.url.href,
      contentType,
      etag: headerValue(headers.etag),
      lastModified: headerValue(headers["last-modified"]),
      maxAgeSeconds: parseFreshnessSeconds({
        cacheControl: headerValue(headers["cache-control"]),
        expires: headerValue(headers.expires),
        date: headerValue(headers.date),
      }),
      retryAfterSeconds,
      redirects: answer.redirects,
    };
    if (status === 304) return { ...common, notModified: true, body: "", charset: null, bytes: 0 };
    if (status >= 200 && status < 300) {
      const binary = describeBinaryAnswer(answer.bytes, contentType);
      if (binary) {
        throw new FetchError({
          status,
          url: place.requested.href,
          kind: "not-a-feed",
          message: `${describePlace(place)} answered with ${binary}, not a feed or a page of text.`,
        });
      }
      const decoded = decodeText(answer.bytes, contentType);
      return {
        ...common,
        notModified: false,
        body: decoded.text,
        charset: decoded.charset,
        bytes: answer.bytes.length,
      };
    }

    const words = `${status} ${http.STATUS_CODES[status] ?? "(unknown status)"}`;
    const base: Pick<FetchErrorInfo, "status" | "url"> = { status, url: place.requested.href };
    if (status === 401 || status === 403 || status === 503) {
      const wall = detectBotWall(headers, decodeText(answer.bytes, contentType).text);
      if (wall) {
        throw new FetchError({
          ...base,
          kind: "blocked",
          message: `${describePlace(place)} answered ${words} with ${wall} instead of the page: the site is blocking automated requests.`,
        });
      }
    }
    if (status === 429 || (status === 503 && retryAfterSeconds !== null)) {
      const wait = retryAfterSeconds !== null ? ` and asked to wait ${retryAfterSeconds} seconds` : "";
      throw new FetchError({
        ...base,
        kind: "rate-limited",
        retryAfterSeconds: retryAfterSeconds ?? undefined,
        message: `The server answered ${words} for ${describePlace(place)}${wait}.`,
      });
    }
    throw new FetchError({
      ...base,
      kind: "http",
      message: `The server answered ${words} for ${describePlace(place)}.`,
    });
  }
}

// ---- small helpers -------------------------------------------------------------------------

function bareHostname(url: URL): string {
  const h = url.hostname;
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

// The socket connects to exactly the addresses that passed the check: no second DNS answer.
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((
    _hostname: string,
    options: dns.LookupOptions | number,
    callback: (...args: unknown[]) => void,
  ) => {
    const family = typeof options === "number" ? options : options?.family;
    const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (wanted.length === 0) {
      callback(Object.assign(new Error(`no IPv${family} address`), { code: "ENOTFOUND" }));
      return;
    }
    if (typeof options === "object" && options?.all) callback(null, wanted);
    else callback(null, wanted[0]!.address, wanted[0]!.family);
  }) as LookupFunction;
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function packageVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require("../../package.json") as { version?: string }).version ?? "0";
  } catch {
    return "0";
  }
}

/** How much of an answer's body is read: a success's up to the caller's cap, an error's a snippet. */
function bodyLimit(status: number, opts: ChainOptions): { cap: number; truncate: boolean } {
  const success = status >= 200 && status < 300;
  const cap = status === 304 || status === 204 ? 0 : success ? opts.cap : SNIPPET_BYTES;
  return { cap, truncate: success ? opts.truncate : true };
}

const dnsTimeout = () => Object.assign(new Error("timeout"), { code: "ETIMEOUT" });
