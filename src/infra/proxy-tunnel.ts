// Connection setup through a proxy, for the fetcher: an `http://` proxy's CONNECT tunnel, or a
// SOCKS5 connection (`socks5://` connects to the address policywatch resolved and checked;
// `socks5h://` lets the proxy resolve the name). The tunnel comes back as a socket to the target,
// already wrapped in TLS for https targets. Every failure is a FetchError of kind `proxy` whose
// words say what the proxy did (refused, unreachable, asked for credentials, could not reach the
// site); the proxy's credentials never appear in them.

import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { SocksClient } from "socks";
import { FetchError } from "../domain/fetch-error.js";
import type { ProxySpec } from "../domain/proxy-rules.js";
import { describePlace, firstLine, formatSeconds, type Place } from "./fetch-failure.js";
import { withTimeout } from "./deadline.js";

export interface TunnelTarget {
  /** Host name as the URL gives it (CONNECT, socks5h, TLS server name). */
  host: string;
  port: number;
  /** The checked address to connect to, for socks5:// (resolved here); null when the proxy resolves. */
  address: string | null;
  tls: boolean;
  ca?: string | Buffer | Array<string | Buffer>;
}

export function proxyError(
  proxy: ProxySpec,
  place: Place,
  what: string,
  extra: { status?: number; code?: string } = {},
) {
  return new FetchError({
    kind: "proxy",
    url: place.requested.href,
    ...extra,
    message: `The proxy ${proxy.shown} ${what} (fetching ${describePlace(place)}).`,
  });
}

/** A proxy's answer status in words, for the reasons a proxy gives them. */
export function proxyStatusWords(proxy: ProxySpec, place: Place, status: number, target: string): FetchError {
  const words = `${status} ${http.STATUS_CODES[status] ?? "(unknown status)"}`;
  const what =
    status === 407
      ? `answered ${words}: its user name and password are missing or wrong ` +
        "(give them in the proxy address, http://user:password@host:port)"
      : status === 502 || status === 504
        ? `answered ${words}: it could not reach ${target}`
        : status === 403 || status === 405
          ? `answered ${words}: it refuses to connect to ${target}`
          : `answered ${words} instead of opening a connection to ${target}`;
  return proxyError(proxy, place, what, { status });
}

/** The proxy itself could not be used: refused, unreachable, timed out. */
export function proxyConnectError(
  proxy: ProxySpec,
  place: Place,
  error: { code?: string; message?: string },
) {
  const code = error.code ?? "";
  const what =
    code === "ECONNREFUSED"
      ? "refused the connection (is it running on that port?)"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "could not be reached: its host name does not resolve"
        : code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT"
          ? "could not be reached (network unreachable)"
          : code === "ECONNRESET" || code === "EPIPE"
            ? "closed the connection before answering"
            : `failed: ${firstLine(error.message) || code || "unknown error"}`;
  return proxyError(proxy, place, what, { code: code || undefined });
}

// CONNECT host:port, read the proxy's answer head, and hand back the raw socket on 200.
function httpConnect(
  proxy: ProxySpec,
  target: TunnelTarget,
  place: Place,
  signal: AbortSignal,
): Promise<net.Socket> {
  const authority = `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
  return new Promise<net.Socket>((resolve, reject) => {
    const headers: Record<string, string> = { host: authority };
    const auth = proxyAuthorization(proxy);
    if (auth) headers["proxy-authorization"] = auth;
    const req = http.request({
      host: proxy.host,
      port: proxy.port,
      method: "CONNECT",
      path: authority,
      headers,
      agent: false,
      signal,
    });
    req.once("connect", (res, socket, head) => {
      if (res.statusCode === 200) {
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(proxyStatusWords(proxy, place, res.statusCode ?? 0, authority));
    });
    req.once("response", (res) => {
      res.resume();
      reject(proxyStatusWords(proxy, place, res.statusCode ?? 0, authority));
    });
    req.once("error", (e: NodeJS.ErrnoException) => reject(proxyConnectError(proxy, place, e)));
    req.end();
  });
}

async function socksConnect(proxy: ProxySpec, target: TunnelTarget, place: Place, timeoutMs: number) {
  const remote = proxy.protocol === "socks5:" && target.address ? target.address : target.host;
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: {
        host: proxy.host,
        port: proxy.port,
        type: 5,
        ...(proxy.username ? { userId: proxy.username, password: proxy.password ?? "" } : {}),
      },
      command: "connect",
      destination: { host: remote, port: target.port },
      timeout: timeoutMs,
    });
    return socket;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw proxyConnectError(proxy, place, err);
    const reason = firstLine(err.message).replace(/^Socks5? proxy rejected connection - /i, "");
    throw proxyError(proxy, place, `could not open a connection to ${remote}:${target.port}: ${reason}`);
  }
}

function startTls(socket: net.Socket, target: TunnelTarget): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const servername = net.isIP(target.host) ? undefined : target.host;
    const secure = tls.connect({
      socket,
      servername,
      ...(target.ca ? { ca: [...tls.rootCertificates, ...[target.ca].flat()] } : {}),
    });
    secure.once("secureConnect", () => resolve(secure));
    secure.once("error", reject);
  });
}

/** A connected (and, for https, secured) socket to the target through the proxy, within `timeoutMs`. */
export function openTunnel(
  proxy: ProxySpec,
  target: TunnelTarget,
  place: Place,
  timeoutMs: number,
): Promise<net.Socket> {
  let socket: net.Socket | null = null;
  const abandon = new AbortController();
  const setup = async (): Promise<net.Socket> => {
    const raw =
      proxy.protocol === "http:"
        ? await httpConnect(proxy, target, place, abandon.signal)
        : await socksConnect(proxy, target, place, timeoutMs);
    socket = raw;
    return target.tls ? await startTls(raw, target) : raw;
  };
  return withTimeout(
    setup(),
    timeoutMs,
    () =>
      proxyError(
        proxy,
        place,
        `did not open a connection to ${target.host}:${target.port} within ${formatSeconds(timeoutMs)}`,
      ),
    () => {
      abandon.abort();
      (socket as net.Socket | null)?.destroy();
    },
  );
}

export function proxyAuthorization(proxy: ProxySpec): string | null {
  if (!proxy.username && !proxy.password) return null;
  return `Basic ${Buffer.from(`${proxy.username ?? ""}:${proxy.password ?? ""}`).toString("base64")}`;
}
