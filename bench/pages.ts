// The pages benchmark (`npm run bench -- --only pages`, or `tsx bench/pages.ts` alone): `serve`, as
// `npm start` runs it (scheduler off), on a new embedded database holding the agenda, loaded at 16
// connections on each of the dashboard's and the API's busiest answers, one after the other.
// Reports requests per second, p50/p99 latency and answers other than 200 for each.
//
// The load generator is wrk where it is installed (it costs the 2-core machine far less CPU than a
// JavaScript one), else autocannon (or when BENCH_LOAD_TOOL=autocannon). `startLoad` is exported for other steps: it loads one URL until
// stopped (e.g. `/api/status` while the service step's tick runs) and returns the same figures.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { START_ENV, V8_START_FLAGS } from "../scripts/start-flags.mjs";

// /healthz does no work: its figures are this run's ceiling, to read the others against (the
// machine is shared, and its load moves every figure).
export const PAGE_PATHS = ["/healthz", "/api/status", "/", "/items", "/api/items", "/feed.atom"] as const;
export const CONNECTIONS = 16;

export interface LoadFigures {
  tool: "wrk" | "autocannon";
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers whose status was not 200, plus requests that got no answer (errors, timeouts). */
  non200: number;
  /** What the non-200 were: a count per status code, and per socket error kind ("connect", "read", …). */
  notOk: Record<string, number>;
}

export interface Load {
  /** Ends the load and gives its figures. */
  stop(): Promise<LoadFigures>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");

function hasWrk(): boolean {
  if (process.env.BENCH_LOAD_TOOL === "autocannon") return false;
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its version: it is there when it could be started.
    return (err as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

// Counts answers other than 200 in every thread and prints the figures as one JSON line.
const WRK_SCRIPT = `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0; codes = "" end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1; codes = codes .. status .. "," end
end
function done(summary, latency, requests)
  local n = 0
  local all = ""
  for _, t in ipairs(threads) do n = n + t:get("non200"); all = all .. t:get("codes") end
  local e = summary.errors
  io.write(string.format('WRK_FIGURES {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"non200":%d,"failed":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"codes":"%s"}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max, n,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout, all))
end
`;

function startWrk(url: string, connections: number, seconds: number): Load {
  const dir = mkdtempSync(path.join(tmpdir(), "policywatch-wrk-"));
  const script = path.join(dir, "figures.lua");
  writeFileSync(script, WRK_SCRIPT);
  const child = spawn("wrk", [
    "-t2",
    `-c${connections}`,
    `-d${seconds}s`,
    "--timeout",
    "10s",
    "-s",
    script,
    url,
  ]);
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const finished = new Promise<LoadFigures>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => {
      rmSync(dir, { recursive: true, force: true });
      const line = /WRK_FIGURES (\{.*\})/.exec(out)?.[1];
      if (!line) return reject(new Error(`wrk gave no figures for ${url}:\n${out}`));
      const f = JSON.parse(line) as Record<string, number> & { codes: string };
      resolve({
        tool: "wrk",
        requests: f.requests!,
        requestsPerSecond: Math.round(f.requests! / (f.durationUs! / 1e6)),
        p50Ms: f.p50Us! / 1000,
        p99Ms: f.p99Us! / 1000,
        maxMs: f.maxUs! / 1000,
        non200: f.non200! + f.failed!,
        notOk: wrkNotOk(f),
      });
    });
  });
  return {
    stop() {
      // wrk stops on SIGINT and still prints its figures.
      if (child.exitCode === null) child.kill("SIGINT");
      return finished;
    },
  };
}

/** Counts wrk's non-200 statuses by code and its socket errors by kind, leaving out zeros. */
function wrkNotOk(f: Record<string, number> & { codes: string }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of f.codes.split(",").filter(Boolean)) counts[code] = (counts[code] ?? 0) + 1;
  for (const kind of ["connect", "read", "write", "timeout"]) if (f[kind]) counts[kind] = f[kind]!;
  return counts;
}

function autocannonNotOk(r: AutocannonResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) if (code !== "200") counts[code] = s.count;
  if (r.errors) counts.errors = r.errors;
  if (r.timeouts) counts.timeout = r.timeouts;
  return counts;
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

async function startAutocannon(url: string, connections: number, seconds: number): Promise<Load> {
  const { default: autocannon } = (await import("autocannon")) as unknown as {
    default: (opts: object) => Promise<AutocannonResult> & { stop(): void };
  };
  const instance = autocannon({ url, connections, duration: seconds, timeout: 10 });
  return {
    async stop() {
      instance.stop();
      const r = await instance;
      const other = Object.entries(r.statusCodeStats ?? {})
        .filter(([code]) => code !== "200")
        .reduce((n, [, s]) => n + s.count, 0);
      return {
        tool: "autocannon",
        requests: r.requests.total,
        requestsPerSecond: Math.round(r.requests.average),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        non200: other + r.errors + r.timeouts,
        notOk: autocannonNotOk(r),
      };
    },
  };
}

/** Loads `url` at `connections` until stop() (or `maxSeconds`, a safety bound). */
export async function startLoad(
  url: string,
  opts: { connections?: number; maxSeconds?: number } = {},
): Promise<Load> {
  const connections = opts.connections ?? CONNECTIONS;
  const maxSeconds = opts.maxSeconds ?? 600;
  return hasWrk() ? startWrk(url, connections, maxSeconds) : startAutocannon(url, connections, maxSeconds);
}

/** Loads `url` for `seconds` and gives the figures. */
export async function loadFor(url: string, seconds: number, connections = CONNECTIONS): Promise<LoadFigures> {
  const load = await startLoad(url, { connections, maxSeconds: seconds });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return load.stop();
}

/**
 * For the service step (bench/service.ts `duringTicks`): loads `/api/status` of the service on
 * `port` at 16 connections until the time `until` (epoch ms), and names the figures.
 */
export async function statusLoadUntil(port: number, until: number): Promise<Record<string, number>> {
  const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  const load = await startLoad(`http://127.0.0.1:${port}/api/status`, { maxSeconds: seconds + 5 });
  await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())));
  const f = await load.stop();
  return {
    "apiStatus.requestsPerSecond": f.requestsPerSecond,
    "apiStatus.p50Ms": Number(f.p50Ms.toFixed(1)),
    "apiStatus.p99Ms": Number(f.p99Ms.toFixed(1)),
    "apiStatus.non200": f.non200,
    ...Object.fromEntries(Object.entries(f.notOk).map(([what, n]) => [`apiStatus.non200.${what}`, n])),
  };
}

interface Serving {
  base: string;
  stop(): Promise<void>;
}

/** `serve` as `npm start` runs it, on the embedded database in `dataDir`, scheduler off. */
function startServe(dataDir: string): Promise<Serving> {
  const { DATABASE_URL: _unset, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [...V8_START_FLAGS, path.join(repoRoot, "bin", "policywatch.js"), "serve"],
    {
      cwd: repoRoot,
      env: {
        ...env,
        ...START_ENV,
        DATA_DIR: dataDir,
        DEFAULT_SOURCES: "off",
        SCHEDULER: "off",
        PORT: "0",
        HOST: "127.0.0.1",
      },
    },
  );
  let out = "";
  let up = false;
  return new Promise((resolve, reject) => {
    // Read to the end even once up: a full pipe would stall the service.
    const onData = (d: Buffer) => {
      if (up) return;
      out += d;
      const port = /is running on http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (!port) return;
      up = true;
      resolve({
        base: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => {
      if (!up) out += d;
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`serve stopped before it was up (exit ${code}):\n${out}`)));
  });
}

type Add = (
  name: string,
  value: number | null,
  unit: string,
  target?: { text: string; ok: (v: number) => boolean },
) => void;

const TARGETS: Record<string, { rps: number; p99Ms: number }> = {
  "/api/status": { rps: 1000, p99Ms: 50 },
  "/": { rps: 300, p99Ms: 50 },
};

const figureName = (p: string) => (p === "/" ? "overview" : p.replace(/^\//, "").replace(/[/.]/g, "_"));

/** The step: every path in turn, after a short warm-up of each, with the service idle. */
export async function pagesBench(add: Add, log: (line: string) => void, seconds = 10): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "policywatch-bench-pages-"));
  try {
    const serving = await startServe(dataDir);
    try {
      for (const p of PAGE_PATHS) {
        log(`pages: ${p} at ${CONNECTIONS} connections for ${seconds} s…`);
        await loadFor(`${serving.base}${p}`, 2);
        const f = await loadFor(`${serving.base}${p}`, seconds);
        const name = `pages.${figureName(p)}`;
        const t = TARGETS[p];
        add(
          `${name}.requestsPerSecond`,
          f.requestsPerSecond,
          "req/s",
          t ? { text: `≥ ${t.rps}`, ok: (v) => v >= t.rps } : undefined,
        );
        add(`${name}.p50Ms`, Number(f.p50Ms.toFixed(1)), "ms");
        add(
          `${name}.p99Ms`,
          Number(f.p99Ms.toFixed(1)),
          "ms",
          t ? { text: `≤ ${t.p99Ms}`, ok: (v) => v <= t.p99Ms } : undefined,
        );
        add(`${name}.non200`, f.non200, "", t ? { text: "= 0", ok: (v) => v === 0 } : undefined);
        for (const [what, n] of Object.entries(f.notOk)) add(`${name}.non200.${what}`, n, "");
      }
    } finally {
      await serving.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Alone: `tsx bench/pages.ts [seconds]` prints the figures.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? 10);
  await pagesBench(
    (name, value, unit, target) => {
      const verdict =
        target && value !== null ? `  (target ${target.text}: ${target.ok(value) ? "met" : "NOT met"})` : "";
      process.stdout.write(`${name.padEnd(36)} ${String(value).padStart(9)} ${unit}${verdict}\n`);
    },
    (line) => process.stderr.write(`${line}\n`),
    seconds,
  );
}
