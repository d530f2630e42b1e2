// Compiles the TypeScript (src/, jobs/, bench/) to plain JavaScript in .build/<key>/ so that the
// `policywatch` executable runs on Node alone. Running through tsx instead costs every process
// ~80 MB more (its module hooks run on a thread of their own, holding every source it
// translated) and a slower start: for a `poll` that must stay under 250 MB, that is a third.
//
// No build step to remember: bin/policywatch.js calls `compiledEntry`, which builds when the
// sources changed (the key is their paths, sizes and modification times) and otherwise only
// stats them (a few milliseconds). When it cannot build (no esbuild, a read-only checkout) it
// returns null and the caller runs the TypeScript through tsx as before.
//
// Each compiled file keeps its source's `import.meta.url`, so paths computed from it (migrations,
// the agenda file, static assets, package.json) resolve exactly as when running the sources.
//   node scripts/build.mjs          build now (npm run build)
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_DIRS = ["src", "jobs", "bench"];
const OUT = path.join(root, ".build");
const KEEP = 3;

function sources() {
  const out = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  return out.sort();
}

/** The build's key: every source's path, size and modification time, and this script's. */
function keyOf(files) {
  const hash = createHash("sha256");
  for (const f of [...files, fileURLToPath(import.meta.url)]) {
    const s = statSync(f);
    hash.update(`${path.relative(root, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

async function build(files, dir) {
  const esbuild = await import("esbuild");
  // Each file's own URL in place of import.meta.url (see the header).
  const keepUrl = {
    name: "keep-import-meta-url",
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        const text = readFileSync(args.path, "utf8").replaceAll(
          "import.meta.url",
          JSON.stringify(pathToFileURL(args.path).href),
        );
        return { contents: text, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
      });
    },
  };
  await esbuild.build({
    entryPoints: files,
    outdir: dir,
    outbase: root,
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    plugins: [keepUrl],
    logLevel: "silent",
  });
  // Node reads .js under .build/ as ESM only with a package.json saying so.
  writeFileSync(path.join(dir, "package.json"), '{"type":"module"}\n');
}

/** Removes all but the newest few builds. */
function prune(current) {
  let dirs;
  try {
    dirs = readdirSync(OUT, { withFileTypes: true }).filter((d) => d.isDirectory());
  } catch {
    return;
  }
  const builds = dirs
    .map((d) => ({ name: d.name, at: statSync(path.join(OUT, d.name)).mtimeMs }))
    .filter((d) => d.name !== current)
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(KEEP - 1))
    rmSync(path.join(OUT, old.name), { recursive: true, force: true });
}

/**
 * The compiled file for `entry` (a path relative to the repository, such as "src/cli/main.ts"),
 * built first when the sources changed; null when no build can be made.
 */
export async function compiledEntry(entry) {
  try {
    const files = sources();
    const key = keyOf(files);
    const dir = path.join(OUT, key);
    const target = path.join(dir, entry.replace(/\.tsx?$/, ".js"));
    if (existsSync(path.join(dir, "package.json"))) return target;
    // Built aside and renamed into place: processes starting together never see half a build.
    const temp = `${dir}.tmp-${process.pid}`;
    mkdirSync(OUT, { recursive: true });
    try {
      await build(files, temp);
      try {
        renameSync(temp, dir);
      } catch {
        // Another process finished the same build first: use it.
        rmSync(temp, { recursive: true, force: true });
      }
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      throw err;
    }
    prune(key);
    return existsSync(target) ? target : null;
  } catch {
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const out = await compiledEntry("src/cli/main.ts");
  if (!out) {
    process.stderr.write(
      "build: could not compile (is esbuild installed?); policywatch runs through tsx instead.\n",
    );
    process.exit(1);
  }
  process.stdout.write(
    `build: ${path.relative(root, path.dirname(path.dirname(path.dirname(out))))} in ${Date.now() - started} ms\n`,
  );
}
