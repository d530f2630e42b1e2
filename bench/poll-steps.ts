// The poll benchmark's steps, each run in a child process of its own (bench/step.ts) so that each
// has its own peak memory:
//  - setup: a database with the feeds imported as sources (from OPML, as `sources import` does);
//  - pipeline: `pollAll()` through the real app (fetcher, adapters, ingest plan, store, health,
//    afterStore hooks), timed from the call to its return; opening and closing the app are timed
//    apart;
//  - floor: the same fetches and parses with no database and no matching: a keep-alive HTTP client
//    with the same concurrency, the same conditional headers, and the same adapter's parse. It asks
//    each site for its robots.txt once before its feed, as any polite poller must and as the
//    pipeline does in a process of its own (its robots.txt cache lives in memory).
import http from "node:http";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { getAdapter } from "../src/sources/registry.js";

export interface DbTarget {
  /** Unset: embedded PGlite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

export interface StepFigures {
  [name: string]: number | string | null;
}

function configFor(target: DbTarget, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: target.dataDir,
    DEFAULT_SOURCES: "off",
    ALLOW_PRIVATE_SOURCES: "true",
    SCHEDULER: "off",
    LOG_LEVEL: "warn",
    ...extra,
  };
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  else delete env.DATABASE_URL;
  return loadConfig(env);
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** A database with the farm's feeds imported as sources. */
export async function setup(target: DbTarget, opml: string): Promise<StepFigures> {
  const app = await openApp(configFor(target));
  try {
    const result = await app.services.sources.importOpml(opml);
    return { sources: result.added };
  } finally {
    await app.close();
  }
}

/** One `poll` of every source through the real app. */
export async function pipelinePoll(target: DbTarget, concurrency: number): Promise<StepFigures> {
  const t0 = process.hrtime.bigint();
  const app = await openApp(configFor(target, { POLL_CONCURRENCY: String(concurrency) }));
  const openMs = ms(t0);
  const t1 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const summary = await app.services.poll.pollAll();
  const pollMs = ms(t1);
  const cpu = process.cpuUsage(cpu0);
  // CPU time of this process (all its threads) during the poll: a figure other work on the machine
  // disturbs less than the wall-clock time.
  const pollCpuMs = (cpu.user + cpu.system) / 1000;
  const t2 = process.hrtime.bigint();
  await app.close();
  const closeMs = ms(t2);
  return { ...summary, openMs, pollMs, pollCpuMs, closeMs };
}

/**
 * The floor: each feed fetched (conditionally when `etags` are given) and parsed by the same
 * adapter, `concurrency` at a time, with nothing stored and nothing matched.
 */
export async function floorPoll(
  urls: string[],
  concurrency: number,
  etags: Record<string, string> | null,
): Promise<StepFigures> {
  const adapter = getAdapter("rss");
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 2 });
  const now = new Date();
  let items = 0;
  let notModified = 0;
  let failed = 0;
  const get = (url: string) =>
    new Promise<{ status: number; body: string; contentType: string | null }>((resolve, reject) => {
      const headers: Record<string, string> = {
        "user-agent": "policywatch-bench",
        "accept-encoding": "gzip, deflate, br",
      };
      const etag = etags?.[url];
      if (etag) headers["if-none-match"] = etag;
      const req = http.get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            contentType: res.headers["content-type"] ?? null,
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
    });
  const robots = new Map<string, Promise<unknown>>();
  const robotsOf = (url: string) => {
    const origin = new URL(url).origin;
    let pending = robots.get(origin);
    if (!pending) {
      pending = get(`${origin}/robots.txt`).catch(() => null);
      robots.set(origin, pending);
    }
    return pending;
  };
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      try {
        await robotsOf(url);
        const answer = await get(url);
        if (answer.status === 304) {
          notModified++;
          continue;
        }
        const parsed = adapter.parse(answer.body, {
          url,
          contentType: answer.contentType,
          source: { url, kind: "rss" },
          now,
        });
        items += parsed.items.length;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  const pollMs = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    sources: urls.length,
    items,
    notModified,
    failed,
    pollMs,
    pollCpuMs: (cpu.user + cpu.system) / 1000,
  };
}
