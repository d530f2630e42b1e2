// How a source is reached, from its options: its own proxy (which wins over HTTP(S)_PROXY and
// NO_PROXY) and the mirrors a poll falls back to when the primary URL fails.
import type { SourceConfig } from "../sources/types.js";

type WithOptions = Pick<SourceConfig, "options"> | { options?: Record<string, unknown> | null };

/** The source's own proxy (`direct` turns the environment's off), or null: the environment decides. */
export function sourceProxy(source: WithOptions): string | null {
  const proxy = source.options?.proxy;
  return typeof proxy === "string" && proxy.trim() !== "" ? proxy.trim() : null;
}

/** The fetch option carrying the source's proxy, to spread into every fetch made for it. */
export function proxyInit(source: WithOptions): { proxy?: string } {
  const proxy = sourceProxy(source);
  return proxy ? { proxy } : {};
}

/** Other URLs serving the same content, tried in order when the primary fails. */
export function sourceMirrors(source: WithOptions): string[] {
  const mirrors = source.options?.mirrors;
  return Array.isArray(mirrors) ? mirrors.filter((m): m is string => typeof m === "string" && m !== "") : [];
}
