// npm run bench [-- --json]: every benchmark, on this machine, against servers it starts itself.
// Prints a table, or with --json one JSON object with every figure. Timings live here, never in tests.
//
// Each step runs in a child process of its own (bench/step.ts), so each has its own peak memory
// (process.resourceUsage().maxRSS). The loopback feeds are served from this process.
//   - poll: 1,000 sources (small RSS feeds, ~20 items each, each on its own loopback address) polled
//     through the real app: first when all are new, then when all answer 304; on PostgreSQL (a
//     scratch database) and on the embedded PGlite on disk. The floor, in the same run: the same
//     fetches and parses with no database and no matching; the poll's time is reported as a ratio.
//   - ingest: 100,000 items into PostgreSQL through the pipeline's plan and store, against a plain
//     multi-row INSERT … ON CONFLICT of the same rows.
//   - classify: items per second with the shipped agenda and a tenfold synthetic agenda.
//   - cli: the "what it must show" run: `sources import` of the 1,000 feeds as OPML, then `poll`
//     twice, each a whole `policywatch` process timed end to end by /usr/bin/time.
//   - start: `serve` (what `npm start` runs) on a new embedded database, then again on the same
//     one: the service's memory once it is up and settled (what a fresh machine keeps paying).
//   - service: `serve` with the sources due every 30 s, its first-start poll and ticks against
//     `poll` doing the same work (bench/service.ts); on PostgreSQL when DATABASE_URL is set.
//   - pages: `serve` with the agenda, idle, loaded at 16 connections page by page (bench/pages.ts).
//   - huge: `poll` (a whole process) of one feed of 100,000 items: the items kept and left, and the
//     process's peak memory.
// Options: --json; --only poll,ingest,classify,cli,start,service,pages,huge; --sources N (default 1000);
// --ticks N (service: ticks watched, default 3); --instances N (service on PostgreSQL: default 1).
import { execFileSync, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { compiledEntry } from "../scripts/build.mjs";
import { START_ENV, V8_FLAGS, V8_START_FLAGS } from "../scripts/start-flags.mjs";
import { type FeedFarm, startFeedFarm } from "./feed-farm.js";
import { serviceBench } from "./service.js";
import { pagesBench, statusLoadUntil } from "./pages.js";

interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: string;
  met?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
const argv = process.argv.slice(2);
const json = argv.includes("--json");
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = new Set((flag("--only") ?? "poll,ingest,classify,cli,start,service,pages,huge").split(","));
const SOURCES = Number(flag("--sources") ?? 1000);
const ITEMS_PER_FEED = 20;
const CONCURRENCY = 16; // POLL_CONCURRENCY's default
const INGEST_ITEMS = 100_000;
const INGEST_BATCH = 100;

const figures: Figure[] = [];
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function add(
  name: string,
  value: number | null,
  unit: string,
  target?: { text: string; ok: (v: number) => boolean },
) {
  figures.push({
    name,
    value,
    unit,
    ...(target ? { target: target.text, met: value !== null && target.ok(value) } : {}),
  });
}

// ---- child processes ----------------------------------------------------------------------

type StepFigures = Record<string, number | string | null>;

// Steps run the compiled JavaScript, as the `policywatch` executable does (scripts/build.mjs);
// through tsx only when no build can be made.
const compiledStep = await compiledEntry("bench/step.ts");
const stepCommand = compiledStep ? [compiledStep] : [...process.execArgv, path.join(here, "step.ts")];

function runStep(step: string, args: unknown): Promise<StepFigures> {
  return new Promise((resolve, reject) => {
    // The step starts as the executable does and sets the V8 flags it sets (bench/step-flags.ts).
    const child = spawn(process.execPath, [...V8_START_FLAGS, ...stepCommand], {
      cwd: repoRoot,
      env: { ...process.env, ...START_ENV, POLICYWATCH_BENCH_V8_FLAGS: JSON.stringify(V8_FLAGS) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").at(-1);
      if (code !== 0 || !last) reject(new Error(`bench step ${step} failed (exit ${code}):\n${err}${out}`));
      else resolve(JSON.parse(last) as StepFigures);
    });
    child.stdin.end(JSON.stringify({ step, args }));
  });
}

const policywatchBin = path.join(repoRoot, "bin", "policywatch.js");

/** Node's arguments and environment for a `policywatch` process, started as its executable starts. */
function policywatchProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): { nodeArgs: string[]; env: NodeJS.ProcessEnv } {
  return { nodeArgs: [...V8_START_FLAGS, policywatchBin, ...args], env: { ...env, ...START_ENV } };
}

/** This process's environment for a policywatch process on the embedded database in `dataDir`. */
function embeddedEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _unset, ...rest } = process.env;
  // ENV_FILE empty: a .env in the repository (DATABASE_URL above all) must not change what is measured.
  return { ...rest, DATA_DIR: dataDir, DEFAULT_SOURCES: "off", ENV_FILE: "", ...extra };
}

/** A whole `policywatch` process, timed end to end; peak memory from /usr/bin/time when present. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; peakRssMB: number | null; stdout: string }> {
  const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
  const run = policywatchProcess(args, env);
  const [cmd, cmdArgs] = timeBin
    ? [timeBin, ["-f", "PEAK_RSS_KB=%M", process.execPath, ...run.nodeArgs]]
    : [process.execPath, run.nodeArgs];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd: repoRoot, env: run.env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`policywatch ${args.join(" ")} exited ${code}:\n${err}`));
      const m = /PEAK_RSS_KB=(\d+)/.exec(err);
      resolve({ seconds, peakRssMB: m ? Math.round(Number(m[1]) / 1024) : null, stdout: out });
    });
  });
}

// ---- scratch PostgreSQL databases -----------------------------------------------------------

const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";
const scratch: string[] = [];

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function scratchDatabase(label: string): Promise<string> {
  const name = `policywatch_bench_${process.pid}_${label}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  scratch.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropScratch(): Promise<void> {
  if (scratch.length === 0) return;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  for (const name of scratch) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

const tempDirs: string[] = [];
function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `policywatch-bench-${label}-`));
  tempDirs.push(dir);
  return dir;
}

// ---- the benchmarks -------------------------------------------------------------------------

const ratioTarget = { text: "≤ 3", ok: (v: number) => v <= 3 };
const pollRssTarget = { text: "≤ 200", ok: (v: number) => v <= 200 };

async function floors(farm: FeedFarm): Promise<{ first: StepFigures; unchanged: StepFigures }> {
  const etags = Object.fromEntries(farm.etags);
  const first = await runStep("floor-poll", { urls: farm.urls, concurrency: CONCURRENCY, etags: null });
  const unchanged = await runStep("floor-poll", { urls: farm.urls, concurrency: CONCURRENCY, etags });
  return { first, unchanged };
}

async function pollBench(farm: FeedFarm, havePostgres: boolean): Promise<void> {
  log(`poll: ${SOURCES} sources × ${ITEMS_PER_FEED} items on loopback; floor first…`);
  // The floor is measured before and after the pipeline runs; the faster of each counts (the
  // stricter comparison).
  const before = await floors(farm);
  const backends: { label: string; target: { databaseUrl?: string; dataDir: string } }[] = [];
  if (havePostgres)
    backends.push({
      label: "postgres",
      target: { databaseUrl: await scratchDatabase("poll"), dataDir: tempDir("pg") },
    });
  backends.push({ label: "pglite", target: { dataDir: tempDir("pglite") } });
  const results: Record<string, { first: StepFigures; unchanged: StepFigures }> = {};
  for (const b of backends) {
    log(`poll: ${b.label}: importing ${SOURCES} sources, then the first and the unchanged poll…`);
    await runStep("setup", { target: b.target, opml: farm.opml() });
    const first = await runStep("pipeline-poll", { target: b.target, concurrency: CONCURRENCY });
    const unchanged = await runStep("pipeline-poll", { target: b.target, concurrency: CONCURRENCY });
    if (first.newItems !== SOURCES * ITEMS_PER_FEED || first.failed !== 0)
      throw new Error(`${b.label} first poll stored ${first.newItems} items with ${first.failed} failures`);
    if (unchanged.notModified !== SOURCES)
      throw new Error(`${b.label} unchanged poll: ${unchanged.notModified} answers 304`);
    results[b.label] = { first, unchanged };
  }
  const after = await floors(farm);
  const floorFirst = Math.min(Number(before.first.pollMs), Number(after.first.pollMs));
  const floorUnchanged = Math.min(Number(before.unchanged.pollMs), Number(after.unchanged.pollMs));
  add("poll.floor.first.seconds", round(floorFirst / 1000), "s");
  add(
    "poll.floor.first.cpuSeconds",
    round(Math.min(Number(before.first.pollCpuMs), Number(after.first.pollCpuMs)) / 1000),
    "s",
  );
  add("poll.floor.unchanged.seconds", round(floorUnchanged / 1000), "s");
  add(
    "poll.floor.peakRssMB",
    Math.max(Number(before.first.peakRssMB), Number(before.unchanged.peakRssMB)),
    "MB",
  );
  for (const [label, r] of Object.entries(results)) {
    const first = Number(r.first.pollMs);
    const unchanged = Number(r.unchanged.pollMs);
    add(`poll.${label}.first.seconds`, round(first / 1000), "s");
    add(`poll.${label}.first.cpuSeconds`, round(Number(r.first.pollCpuMs) / 1000), "s");
    add(`poll.${label}.first.ratio`, round(first / floorFirst), "×", ratioTarget);
    add(`poll.${label}.first.peakRssMB`, Number(r.first.peakRssMB), "MB", pollRssTarget);
    add(`poll.${label}.unchanged.seconds`, round(unchanged / 1000), "s", { text: "≤ 5", ok: (v) => v <= 5 });
    add(`poll.${label}.unchanged.ratio`, round(unchanged / floorUnchanged), "×", ratioTarget);
    add(`poll.${label}.unchanged.peakRssMB`, Number(r.unchanged.peakRssMB), "MB", pollRssTarget);
    add(`poll.${label}.openSeconds`, round(Number(r.unchanged.openMs) / 1000), "s");
    add(`poll.${label}.closeSeconds`, round(Number(r.unchanged.closeMs) / 1000), "s");
  }
}

async function ingestBench(): Promise<void> {
  log(`ingest: ${INGEST_ITEMS.toLocaleString("en")} items into PostgreSQL, pipeline and plain INSERT…`);
  let pipeline: StepFigures | undefined;
  let floor: StepFigures | undefined;
  // Two rounds, alternating; the faster of each counts.
  for (let r = 0; r < 2; r++) {
    const args = { items: INGEST_ITEMS, batch: INGEST_BATCH, concurrency: 8 };
    const f = await runStep("ingest-floor", {
      ...args,
      databaseUrl: await scratchDatabase(`ingest_floor_${r}`),
    });
    const p = await runStep("ingest-pipeline", {
      ...args,
      databaseUrl: await scratchDatabase(`ingest_pipe_${r}`),
    });
    if (p.items !== INGEST_ITEMS || f.items !== INGEST_ITEMS)
      throw new Error(`ingest stored ${p.items} / ${f.items} items`);
    if (!floor || Number(f.ingestMs) < Number(floor.ingestMs)) floor = f;
    if (!pipeline || Number(p.ingestMs) < Number(pipeline.ingestMs)) pipeline = p;
  }
  add("ingest.floor.seconds", round(Number(floor!.ingestMs) / 1000), "s");
  add("ingest.pipeline.seconds", round(Number(pipeline!.ingestMs) / 1000), "s");
  add("ingest.pipeline.itemsPerSecond", Number(pipeline!.itemsPerSecond), "items/s");
  add("ingest.ratio", round(Number(pipeline!.ingestMs) / Number(floor!.ingestMs)), "×", ratioTarget);
  add("ingest.pipeline.peakRssMB", Number(pipeline!.peakRssMB), "MB");
}

async function classifyBench(): Promise<void> {
  log("classify: 50,000 items, shipped agenda and a tenfold synthetic agenda…");
  const one = await runStep("classify", { scale: 1, items: 50_000 });
  const ten = await runStep("classify", { scale: 10, items: 50_000 });
  const ratio = Number(one.itemsPerSecond) / Number(ten.itemsPerSecond);
  add("classify.itemsPerSecond", Number(one.itemsPerSecond), "items/s", {
    text: "≥ 20000",
    ok: (v) => v >= 20_000,
  });
  add("classify.tenfold.itemsPerSecond", Number(ten.itemsPerSecond), "items/s");
  add("classify.tenfold.costRatio", round(ratio), "×", { text: "≤ 2", ok: (v) => v <= 2 });
  add("classify.milestones", Number(one.milestones), "");
  add("classify.tenfold.milestones", Number(ten.milestones), "");
  add("classify.peakRssMB", Math.max(Number(one.peakRssMB), Number(ten.peakRssMB)), "MB");
}

async function cliBench(farm: FeedFarm, havePostgres: boolean): Promise<void> {
  const opml = path.join(tempDir("opml"), "feeds.opml");
  writeFileSync(opml, farm.opml());
  const backends: { label: string; env: NodeJS.ProcessEnv }[] = [];
  const base = (dataDir: string) => embeddedEnv(dataDir, { ALLOW_PRIVATE_SOURCES: "true" });
  backends.push({ label: "pglite", env: base(tempDir("cli-pglite")) });
  if (havePostgres)
    backends.push({
      label: "postgres",
      env: { ...base(tempDir("cli-pg")), DATABASE_URL: await scratchDatabase("cli") },
    });
  for (const b of backends) {
    log(`cli: ${b.label}: sources import, poll, poll (each a whole process)…`);
    const imported = await runCli(["sources", "import", opml, "--json"], b.env);
    if (JSON.parse(imported.stdout).added !== SOURCES) throw new Error(`import: ${imported.stdout}`);
    const first = await runCli(["poll", "--json"], b.env);
    const second = await runCli(["poll", "--json"], b.env);
    const s1 = JSON.parse(first.stdout);
    const s2 = JSON.parse(second.stdout);
    if (s1.newItems !== SOURCES * ITEMS_PER_FEED) throw new Error(`first poll: ${first.stdout}`);
    if (s2.notModified !== SOURCES) throw new Error(`second poll: ${second.stdout}`);
    add(`cli.${b.label}.import.seconds`, round(imported.seconds), "s");
    add(`cli.${b.label}.firstPoll.seconds`, round(first.seconds), "s");
    add(`cli.${b.label}.firstPoll.peakRssMB`, first.peakRssMB, "MB");
    add(`cli.${b.label}.unchangedPoll.seconds`, round(second.seconds), "s", {
      text: "≤ 10",
      ok: (v) => v <= 10,
    });
    add(`cli.${b.label}.unchangedPoll.peakRssMB`, second.peakRssMB, "MB", {
      text: "≤ 250",
      ok: (v) => v <= 250,
    });
  }
}

/** RSS of a process in MB, from /proc (Linux); null where there is none. */
function rssOf(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** `serve` as `npm start` runs it, until it says it is up; its RSS three seconds later; then stopped. */
function serveSettledRss(env: NodeJS.ProcessEnv): Promise<{ upSeconds: number; rssMB: number | null }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const run = policywatchProcess(["serve"], env);
    const child = spawn(process.execPath, run.nodeArgs, { cwd: repoRoot, env: run.env });
    let out = "";
    let up = false;
    const onData = (d: Buffer) => {
      out += d;
      if (up || !/is running on/.test(out)) return;
      up = true;
      const upSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      setTimeout(() => {
        const rssMB = rssOf(child.pid!);
        child.once("exit", () => resolve({ upSeconds, rssMB }));
        child.kill("SIGTERM");
      }, 3000);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!up) reject(new Error(`serve stopped before it was up (exit ${code}):\n${out}`));
    });
  });
}

async function startBench(): Promise<void> {
  log("start: serve on a new embedded database, then on the same one again…");
  const env = embeddedEnv(tempDir("start"), { PORT: "0", HOST: "127.0.0.1", SCHEDULER: "off" });
  const fresh = await serveSettledRss(env);
  const again = await serveSettledRss(env);
  add("start.pglite.new.upSeconds", round(fresh.upSeconds), "s");
  add("start.pglite.new.settledRssMB", fresh.rssMB, "MB");
  add("start.pglite.existing.upSeconds", round(again.upSeconds), "s");
  add("start.pglite.existing.settledRssMB", again.rssMB, "MB");
}

const HUGE_ITEMS = 100_000;

/** One RSS feed of `n` items, a minute apart (the newest last), each ~100 bytes. */
function hugeFeed(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().slice(0, 16);
    items.push(
      `<item><title>E${i}</title><link>http://h.example/${i}</link><dc:date>${at}Z</dc:date></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Huge</title>${items.join("")}</channel></rss>`;
}

async function hugeFeedBench(): Promise<void> {
  log(`huge: poll of one feed of ${HUGE_ITEMS.toLocaleString("en")} items (a whole process)…`);
  const body = hugeFeed(HUGE_ITEMS);
  const server = http.createServer((req, res) => {
    if (req.url !== "/huge.xml") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/rss+xml" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const env = embeddedEnv(tempDir("huge"), { ALLOW_PRIVATE_SOURCES: "true" });
    await runCli(["sources", "add", `http://127.0.0.1:${port}/huge.xml`, "--kind", "rss", "--json"], env);
    const poll = await runCli(["poll", "--json"], env);
    const listed = JSON.parse((await runCli(["sources", "list", "--json"], env)).stdout);
    add("huge.feedMB", round(body.length / 2 ** 20), "MB");
    add("huge.poll.seconds", round(poll.seconds), "s");
    add("huge.poll.newItems", JSON.parse(poll.stdout).newItems, "", { text: "≤ 1000", ok: (v) => v <= 1000 });
    add("huge.itemsDropped", listed[0].health.itemsDropped, "");
    add("huge.poll.peakRssMB", poll.peakRssMB, "MB", { text: "≤ 300", ok: (v) => v <= 300 });
  } finally {
    server.close();
  }
}

// ---- main ---------------------------------------------------------------------------------

const started = Date.now();
const havePostgres =
  (only.has("poll") || only.has("ingest") || only.has("cli")) && (await postgresReachable());
if (!havePostgres && (only.has("poll") || only.has("ingest") || only.has("cli")))
  log(`PostgreSQL is not reachable at ${adminUrl}: its figures are left out.`);
let farm: FeedFarm | undefined;
try {
  if (only.has("poll") || only.has("cli"))
    farm = await startFeedFarm({ feeds: SOURCES, perFeed: ITEMS_PER_FEED });
  if (only.has("poll")) await pollBench(farm!, havePostgres);
  if (only.has("ingest") && havePostgres) await ingestBench();
  if (only.has("classify")) await classifyBench();
  if (only.has("cli")) await cliBench(farm!, havePostgres);
  if (only.has("start")) await startBench();
  if (only.has("service")) {
    // Embedded by default, as a user's first start; PostgreSQL when DATABASE_URL names one.
    const onPostgres = Boolean(process.env.DATABASE_URL) && (await postgresReachable());
    await serviceBench({
      sources: SOURCES,
      perFeed: ITEMS_PER_FEED,
      ticks: Number(flag("--ticks") ?? 3),
      instances: onPostgres ? Number(flag("--instances") ?? 1) : 1,
      databaseUrl: onPostgres ? await scratchDatabase("service") : undefined,
      cliDatabaseUrl: onPostgres ? await scratchDatabase("service_cli") : undefined,
      log,
      add,
      tempDir,
      embeddedEnv,
      runCli,
      policywatchProcess,
      duringTicks: statusLoadUntil,
    });
  }
  if (only.has("pages")) await pagesBench(add, log);
  if (only.has("huge")) await hugeFeedBench();
} finally {
  await farm?.close();
  await dropScratch().catch(() => {});
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}

let cpu = "unknown";
try {
  cpu = execFileSync("sh", ["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], {
    encoding: "utf8",
  }).trim();
} catch {
  // Not Linux: the table says so.
}
const machine = {
  cpus: (await import("node:os")).availableParallelism(),
  cpu,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};
add("bench.seconds", Math.round((Date.now() - started) / 1000), "s");

if (json) {
  const out: Record<string, unknown> = { machine };
  for (const f of figures) out[f.name] = f.value;
  out.targets = Object.fromEntries(
    figures.filter((f) => f.target).map((f) => [f.name, { target: f.target, met: f.met }]),
  );
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  process.stdout.write(
    `machine: ${machine.cpus} cores, ${machine.cpu}, Node ${machine.node}, ${machine.date}\n`,
  );
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const f of figures) {
    const verdict =
      f.met === undefined ? "" : f.met ? `  (target ${f.target}: met)` : `  (target ${f.target}: NOT met)`;
    process.stdout.write(
      `${f.name.padEnd(width)}  ${String(f.value ?? "n/a").padStart(10)} ${f.unit}${verdict}\n`,
    );
  }
}
