// The `service` step of `npm run bench`: the service as users run it. `serve` (embedded database,
// or PostgreSQL when DATABASE_URL is set) with N loopback sources due every 30 seconds
// (FETCH_HOST_SPACING_MS=0 FETCH_HOST_CONCURRENCY=16), the feeds served by a process of their own
// that logs every request. Timed: the first-start poll (all sources never polled, all new) and each
// following tick, from its first fetch to its last store (the Poll rows' finishedAt); checked:
// each source fetched once per 30-second slot; sampled: the service's RSS (VmHWM is its peak).
// `poll` (the CLI) does the same first and unchanged work on a database of its own in the same
// run, so that the ratio holds on a busy machine. With --instances 2 (PostgreSQL only) two
// services share one database, and each source must still be fetched once per slot between them.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const SLOT_MS = 30_000;
const SCHEDULE = "*/30 * * * * *";

export interface ServiceBenchContext {
  sources: number;
  perFeed: number;
  /** Full ticks to watch after the first-start poll. */
  ticks: number;
  instances: number;
  /** Scratch PostgreSQL databases for the service and for `poll`, or undefined for embedded ones. */
  databaseUrl?: string;
  cliDatabaseUrl?: string;
  log(line: string): void;
  add(
    name: string,
    value: number | null,
    unit: string,
    target?: { text: string; ok: (v: number) => boolean },
  ): void;
  tempDir(label: string): string;
  embeddedEnv(dataDir: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  runCli(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ seconds: number; peakRssMB: number | null; stdout: string }>;
  policywatchProcess(args: string[], env: NodeJS.ProcessEnv): { nodeArgs: string[]; env: NodeJS.ProcessEnv };
  /**
   * Where the HTTP load joins in (bench/service-load.ts): called once the first-start poll is over,
   * with the first instance's port and when the watch ends; its figures are added as they are.
   */
  duringTicks?: (port: number, until: number) => Promise<Record<string, number>>;
}

type Request = [feed: number, at: number, status: number];

interface Farm {
  child: ChildProcess;
  opml: string;
  take(): Promise<Request[]>;
  stop(): Promise<void>;
}

async function startFarmProcess(sources: number, perFeed: number): Promise<Farm> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(here, "feed-farm-process.ts"), String(sources), String(perFeed)],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const first = await new Promise<{ opml: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { opml: string }));
    child.once("exit", (code) => reject(new Error(`the feed farm exited (${code})`)));
  });
  const take = () =>
    new Promise<Request[]>((resolve) => {
      child.once("message", (m) => resolve((m as { requests: Request[] }).requests));
      child.send({ take: true });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.send({ stop: true });
    });
  return { child, opml: first.opml, take, stop };
}

/** The farm's OPML with every source on the 30-second schedule. */
function scheduledOpml(opml: string): string {
  return opml
    .replace(
      '<opml version="2.0">',
      `<opml version="2.0" xmlns:policywatch="https://github.com/policywatch/policywatch/opml">`,
    )
    .replaceAll('<outline type="rss"', `<outline type="rss" policywatch:schedule="${SCHEDULE}"`);
}

function procStatus(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

interface Serve {
  child: ChildProcess;
  port: Promise<number>;
  exited: Promise<number | null>;
}

function serve(ctx: ServiceBenchContext, env: NodeJS.ProcessEnv): Serve {
  const run = ctx.policywatchProcess(["serve"], env);
  const child = spawn(process.execPath, run.nodeArgs, { env: run.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const port = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /running on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited (${code}) before it was up:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, port, exited };
}

interface PollRow {
  sourceId: number;
  startedAt: number;
  finishedAt: number | null;
}

async function readPolls(env: NodeJS.ProcessEnv): Promise<{ polls: PollRow[]; sourceIds: number[] }> {
  const app = await openApp(loadConfig(env), { seedAgenda: false });
  try {
    const polls = await app.db.raw.query<PollRow>(
      `SELECT "sourceId", (extract(epoch from "startedAt") * 1000)::float8 AS "startedAt",
              (extract(epoch from "finishedAt") * 1000)::float8 AS "finishedAt"
       FROM "Poll" ORDER BY id`,
    );
    const ids = await app.db.raw.query<{ id: number }>(`SELECT id FROM "Source" ORDER BY id`);
    return {
      polls: polls.map((p) => ({
        sourceId: Number(p.sourceId),
        startedAt: Number(p.startedAt),
        finishedAt: p.finishedAt === null ? null : Number(p.finishedAt),
      })),
      sourceIds: ids.map((r) => Number(r.id)),
    };
  } finally {
    await app.close();
  }
}

interface Tick {
  slot: number;
  sources: number;
  duplicates: number;
  seconds: number | null;
}

/** Fetches of a feed beyond its first within the same 30-second slot. */
function sameSlotRepeats(requests: Request[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const [feed, at] of requests) {
    const key = `${feed}@${Math.floor(at / SLOT_MS)}`;
    if (seen.has(key)) repeats++;
    else seen.add(key);
  }
  return repeats;
}

/** The first-start poll and the ticks of each 30-second slot after it, from the farm's log and the Poll rows. */
function analyse(requests: Request[], polls: PollRow[], sources: number) {
  const fetched = requests.filter(([feed, , status]) => feed >= 0 && (status === 200 || status === 304));
  const firstOf = new Map<number, number>();
  for (const [feed, at] of fetched) if (!firstOf.has(feed)) firstOf.set(feed, at);
  const firstPolls = new Map<number, PollRow>();
  for (const p of polls) if (!firstPolls.has(p.sourceId)) firstPolls.set(p.sourceId, p);
  const firstFetch = Math.min(...firstOf.values());
  const firstStored = Math.max(...[...firstPolls.values()].map((p) => p.finishedAt ?? Number.NaN));
  const firstStart = {
    complete: firstOf.size === sources && firstPolls.size === sources,
    seconds: (firstStored - firstFetch) / 1000,
    // A source polled early in a first start that crosses a slot boundary is due again in the next
    // slot, as its schedule says: only a second fetch within one slot is a duplicate.
    duplicates: sameSlotRepeats(fetched.filter(([, at]) => at <= firstStored)),
  };
  // Ticks: the slots after the one the first-start poll ended in.
  const after = Math.floor(firstStored / SLOT_MS) + 1;
  const bySlot = new Map<number, Request[]>();
  for (const r of fetched) {
    const slot = Math.floor(r[1] / SLOT_MS);
    if (slot >= after) bySlot.set(slot, [...(bySlot.get(slot) ?? []), r]);
  }
  const ticks: Tick[] = [];
  for (const [slot, list] of [...bySlot].sort((a, b) => a[0] - b[0])) {
    const feeds = new Set(list.map((r) => r[0]));
    const start = slot * SLOT_MS;
    const stores = polls.filter(
      (p) => p.startedAt >= start && p.startedAt < start + SLOT_MS && p.finishedAt !== null,
    );
    const last = Math.max(...stores.map((p) => p.finishedAt!));
    const first = Math.min(...list.map((r) => r[1]));
    ticks.push({
      slot,
      sources: feeds.size,
      duplicates: list.length - feeds.size,
      seconds: stores.length ? (last - first) / 1000 : null,
    });
  }
  return { firstStart, ticks };
}

export async function serviceBench(ctx: ServiceBenchContext): Promise<void> {
  const label = ctx.databaseUrl ? "postgres" : "pglite";
  const prefix = ctx.instances > 1 ? `service.${label}.x${ctx.instances}` : `service.${label}`;
  ctx.log(
    `service: ${ctx.sources} sources every 30 s on ${label}, ${ctx.instances} instance(s); feeds in a process of their own…`,
  );
  const farm = await startFarmProcess(ctx.sources, ctx.perFeed);
  try {
    const opmlFile = path.join(ctx.tempDir("service-opml"), "feeds.opml");
    writeFileSync(opmlFile, scheduledOpml(farm.opml));
    const base = { ALLOW_PRIVATE_SOURCES: "true", FETCH_HOST_SPACING_MS: "0", FETCH_HOST_CONCURRENCY: "16" };

    // `poll` on a database of its own: the same first (all new) and unchanged work.
    ctx.log("service: the same work through `policywatch poll`…");
    const cliEnv = ctx.embeddedEnv(ctx.tempDir("service-cli"), base);
    if (ctx.cliDatabaseUrl) cliEnv.DATABASE_URL = ctx.cliDatabaseUrl;
    await ctx.runCli(["sources", "import", opmlFile, "--json"], cliEnv);
    const cliFirst = await ctx.runCli(["poll", "--json"], cliEnv);
    const cliUnchanged = await ctx.runCli(["poll", "--json"], cliEnv);
    ctx.add(`${prefix}.cliPoll.first.seconds`, round(cliFirst.seconds), "s");
    ctx.add(`${prefix}.cliPoll.unchanged.seconds`, round(cliUnchanged.seconds), "s");

    const env = ctx.embeddedEnv(ctx.tempDir("service"), {
      ...base,
      PORT: "0",
      HOST: "127.0.0.1",
      SCHEDULER: "on",
    });
    if (ctx.databaseUrl) env.DATABASE_URL = ctx.databaseUrl;
    await ctx.runCli(["sources", "import", opmlFile, "--json"], env);
    await farm.take();
    ctx.log(`service: serve, then the first-start poll and ${ctx.ticks} ticks…`);
    const started = Date.now();
    const services = Array.from({ length: ctx.instances }, () => serve(ctx, env));
    const port = await services[0]!.port;
    await Promise.all(services.map((s) => s.port));
    const upSeconds = (Date.now() - started) / 1000;
    const requests: Request[] = [];
    const rss: number[] = [];
    // Watch until every source was fetched once, then for the ticks asked for, and a little more.
    let until = Number.POSITIVE_INFINITY;
    let load: Promise<Record<string, number>> | null = null;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      for (const s of services) rss.push(procStatus(s.child.pid!, "VmRSS") ?? 0);
      requests.push(...(await farm.take()));
      const feeds = new Set(requests.filter((r) => r[0] >= 0).map((r) => r[0]));
      if (until === Number.POSITIVE_INFINITY && feeds.size >= ctx.sources) {
        until = (Math.floor(Date.now() / SLOT_MS) + 1 + ctx.ticks) * SLOT_MS + 10_000;
        if (ctx.duringTicks) load = ctx.duringTicks(port, until);
      }
      if (Date.now() - started > 10 * 60_000 && until === Number.POSITIVE_INFINITY)
        throw new Error("the first-start poll did not fetch every source within 10 minutes");
    }
    // The load ends before the services stop: requests cut off by the stop are not the service's.
    const loadFigures = load ? await load : {};
    const peak = Math.max(...services.map((s) => procStatus(s.child.pid!, "VmHWM") ?? 0));
    const stopping = Date.now();
    for (const s of services) s.child.kill("SIGTERM");
    const codes = await Promise.all(services.map((s) => s.exited));
    const stopSeconds = (Date.now() - stopping) / 1000;
    requests.push(...(await farm.take()));

    const { polls } = await readPolls(env);
    const { firstStart, ticks } = analyse(requests, polls, ctx.sources);
    const full = ticks.filter((t) => t.sources === ctx.sources);
    const tickSeconds = full.map((t) => t.seconds ?? Number.NaN);
    ctx.add(`${prefix}.upSeconds`, round(upSeconds), "s");
    ctx.add(`${prefix}.firstStart.seconds`, round(firstStart.seconds), "s");
    ctx.add(`${prefix}.firstStart.ratioToCliPoll`, round(firstStart.seconds / cliFirst.seconds), "×", {
      text: "≤ 2",
      ok: (v) => v <= 2,
    });
    ctx.add(`${prefix}.firstStart.duplicateFetches`, firstStart.duplicates, "", {
      text: "= 0",
      ok: (v) => v === 0,
    });
    ctx.add(`${prefix}.ticks.seen`, ticks.length, "");
    ctx.add(`${prefix}.ticks.everySourceOnce`, full.length, "", {
      text: `= ticks seen, ≥ ${ctx.ticks}`,
      ok: (v) => v === ticks.length && v >= ctx.ticks,
    });
    ctx.add(
      `${prefix}.ticks.duplicateFetches`,
      ticks.reduce((n, t) => n + t.duplicates, 0),
      "",
      { text: "= 0", ok: (v) => v === 0 },
    );
    ctx.add(`${prefix}.tick.maxSeconds`, full.length ? round(Math.max(...tickSeconds)) : null, "s", {
      text: "≤ 5",
      ok: (v) => v <= 5,
    });
    ctx.add(`${prefix}.tick.medianSeconds`, full.length ? round(median(tickSeconds)) : null, "s");
    ctx.add(`${prefix}.peakRssMB`, peak, "MB", { text: "≤ 250", ok: (v) => v <= 250 });
    ctx.add(`${prefix}.tickRssMaxMB`, Math.max(...rss), "MB");
    ctx.add(`${prefix}.stopSeconds`, round(stopSeconds), "s");
    ctx.add(`${prefix}.stopExitCodes`, codes.every((c) => c === 0) ? 0 : 1, "", {
      text: "= 0",
      ok: (v) => v === 0,
    });
    for (const [name, value] of Object.entries(loadFigures)) ctx.add(`${prefix}.${name}`, value, "");
    for (const t of ticks)
      ctx.log(
        `service: tick at ${new Date(t.slot * SLOT_MS).toISOString()}: ${t.sources} sources, ${t.duplicates} twice, ${t.seconds ?? "?"} s`,
      );
  } finally {
    await farm.stop();
  }
}

function round(n: number): number {
  return Number(n.toFixed(2));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
