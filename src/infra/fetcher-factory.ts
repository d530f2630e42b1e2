// The HTTP fetcher as the configuration asks for it: timeouts, per-host politeness, and whether
// sources may point at private addresses (ALLOW_PRIVATE_SOURCES; off, the fetcher refuses them).
import type { Config } from "../config.js";
import { proxyEnvironment } from "../domain/proxy-rules.js";
import { HttpFetcher } from "./http-fetcher.js";

export function createHttpFetcher(
  config: Pick<
    Config,
    | "ALLOW_PRIVATE_SOURCES"
    | "FETCH_TIMEOUT_SECONDS"
    | "FETCH_CONNECT_TIMEOUT_SECONDS"
    | "FETCH_HOST_CONCURRENCY"
    | "FETCH_HOST_SPACING_MS"
  > &
    Partial<
      Record<"HTTP_PROXY" | "http_proxy" | "HTTPS_PROXY" | "https_proxy" | "ALL_PROXY" | "all_proxy", string>
    > &
    Partial<Record<"NO_PROXY" | "no_proxy", string>>,
): HttpFetcher {
  return new HttpFetcher({
    connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_SECONDS * 1000,
    bodyTimeoutMs: config.FETCH_TIMEOUT_SECONDS * 1000,
    perHostConcurrency: config.FETCH_HOST_CONCURRENCY,
    perHostSpacingMs: config.FETCH_HOST_SPACING_MS,
    allowPrivateAddresses: config.ALLOW_PRIVATE_SOURCES,
    maxRedirects: 5,
    respectRobots: true,
    proxies: proxyEnvironment(config),
  });
}
