// Which proxy, if any, a fetch goes through, following the conventions curl documents:
// `http_proxy`/`HTTP_PROXY` for http targets, `https_proxy`/`HTTPS_PROXY` for https targets,
// `all_proxy`/`ALL_PROXY` for both when the specific one is unset (lower case wins when both cases
// are set), and `no_proxy`/`NO_PROXY` listing hosts reached directly: `*` for all; a name matches
// itself and its subdomains (a leading dot or `*.` is the same); an IP address or CIDR range
// matches the target's IP literal. A source's own proxy wins over all of these; `direct` (or
// `none`) sends that source straight out whatever the environment says.
// Pure: the fetcher asks `chooseProxy` before every request.

import ipaddr from "ipaddr.js";
import type { CategorizedError, ErrorCategory } from "./error-category.js";

export const PROXY_PROTOCOLS = ["http:", "socks5:", "socks5h:"] as const;
export type ProxyProtocol = (typeof PROXY_PROTOCOLS)[number];

export interface ProxySpec {
  protocol: ProxyProtocol;
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  /** The proxy's address with any credentials masked: the only form ever shown. */
  shown: string;
}

export interface ProxyEnvironment {
  httpProxy: string | null;
  httpsProxy: string | null;
  noProxy: string | null;
}

/** Per-source values that mean "no proxy for this source, whatever the environment says". */
export const DIRECT_WORDS = ["direct", "none"] as const;

export class ProxyUrlError extends Error implements CategorizedError {
  get category(): ErrorCategory {
    return "invalid";
  }
}

const DEFAULT_PORT = 1080; // curl's default proxy port

/** Reads a proxy address (`http://user:pass@host:3128`, `socks5h://host:1080`, `host:3128`). */
export function parseProxyUrl(raw: string): ProxySpec {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new ProxyUrlError(
      `"${maskCredentials(text)}" is not a proxy address (e.g. http://proxy.corp:3128).`,
    );
  }
  const protocol = u.protocol.toLowerCase();
  if (!(PROXY_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new ProxyUrlError(
      `the proxy ${maskCredentials(text)} uses ${protocol.replace(/:$/, "")}://, which is not supported: ` +
        "use http://, socks5:// or socks5h:// (an http:// proxy still carries https sites encrypted, via CONNECT).",
    );
  }
  if (!u.hostname || (u.pathname !== "/" && u.pathname !== "") || u.search) {
    throw new ProxyUrlError(
      `"${maskCredentials(text)}" is not a proxy address: give scheme://host:port only.`,
    );
  }
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port ? Number(u.port) : DEFAULT_PORT;
  const username = u.username ? decodeURIComponent(u.username) : null;
  const password = u.password ? decodeURIComponent(u.password) : null;
  const credentials = username || password ? "***@" : "";
  return {
    protocol: protocol as ProxyProtocol,
    host: hostname,
    port,
    username,
    password,
    shown: `${protocol}//${credentials}${u.hostname}:${port}`,
  };
}

/** A URL with its user name and password replaced by `***` (anything unparsable is masked whole). */
export function maskCredentials(raw: string): string {
  return raw.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)?([^/@\s]*@)/i,
    (_m, scheme: string | undefined) => `${scheme ?? ""}***@`,
  );
}

/** True for a per-source value that turns the environment's proxy off for that source. */
export function isDirect(value: string | null | undefined): boolean {
  return !!value && (DIRECT_WORDS as readonly string[]).includes(value.trim().toLowerCase());
}

/** The proxy variables of an environment, lower case first as curl reads them. */
export function proxyEnvironment(env: Partial<Record<string, unknown>>): ProxyEnvironment {
  const pick = (name: string) => {
    const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
  };
  const all = pick("ALL_PROXY");
  return {
    httpProxy: pick("HTTP_PROXY") ?? all,
    httpsProxy: pick("HTTPS_PROXY") ?? all,
    noProxy: pick("NO_PROXY"),
  };
}

function bareHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

function matchesEntry(host: string, entry: string): boolean {
  if (entry === "*") return true;
  if (ipaddr.isValid(host)) {
    try {
      if (entry.includes("/")) {
        const [range, bits] = ipaddr.parseCIDR(entry);
        const addr = ipaddr.parse(host);
        return addr.kind() === range.kind() && addr.match(range, bits);
      }
      return ipaddr.parse(entry).toNormalizedString() === ipaddr.parse(host).toNormalizedString();
    } catch {
      return false;
    }
  }
  const name = entry.replace(/^\*?\./, "");
  return name !== "" && (host === name || host.endsWith(`.${name}`));
}

/** True when NO_PROXY says `hostname` is reached directly. */
export function bypassesProxy(hostname: string, noProxy: string | null): boolean {
  if (!noProxy) return false;
  const host = bareHost(hostname);
  return (
    noProxy
      .split(/[,\s]+/)
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== "")
      // An entry's port (host:8080, [::1]:8080) is ignored, as curl does.
      .map((e) =>
        e.startsWith("[") ? e.slice(1, e.indexOf("]")) : /^[^:]+:\d+$/.test(e) ? e.split(":")[0]! : e,
      )
      .some((e) => matchesEntry(host, e))
  );
}

/**
 * The proxy a request to `target` goes through, or null for a direct connection. A source's own
 * proxy (`sourceProxy`) wins over the environment, NO_PROXY included.
 */
export function chooseProxy(
  target: URL,
  env: ProxyEnvironment,
  sourceProxy?: string | null,
): ProxySpec | null {
  if (sourceProxy && sourceProxy.trim() !== "") {
    return isDirect(sourceProxy) ? null : parseProxyUrl(sourceProxy);
  }
  const raw = target.protocol === "https:" ? env.httpsProxy : env.httpProxy;
  if (!raw || bypassesProxy(target.hostname, env.noProxy)) return null;
  return parseProxyUrl(raw);
}

/** Checks a per-source proxy value as a user typed it: null when fine, else the problem in words. */
export function proxyValueProblem(value: string): string | null {
  if (isDirect(value)) return null;
  try {
    parseProxyUrl(value);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
