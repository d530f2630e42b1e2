// OPML 2.0, the list-of-feeds format every feed reader imports and exports.
// Reading: every <outline> with an `xmlUrl` (a feed) or `type="link"` and a `url` (a page) is a
// source, however deeply nested in folders; other outlines are folders and are walked through.
// policywatch writes its own details (kind, schedule, language, voice, selectors) as attributes in its
// own namespace, so an export imports back exactly, while other readers simply ignore them. A
// source's proxy (`policywatch:proxy`) is written with its credentials masked: they are secrets,
// given again after an import. Its mirrors are `policywatch:mirrors`, space-separated URLs.
// XML is read by sax in strict mode: no DTD, no external entities, malformed files are reported
// in words with the line where they break. Pure: text in, values out.
import sax from "sax";
import { categorizedError } from "./error-category.js";
import { maskCredentials } from "./proxy-rules.js";
import { isVoice, type SourceVoice, VOICES } from "./source-voice.js";

export const OPML_NAMESPACE = "https://github.com/policywatch/policywatch/opml";
const PREFIX = "policywatch";

export interface OpmlEntry {
  url: string;
  /** `text`, else `title` of the outline. */
  title: string | null;
  /** policywatch's own attributes, when the file came from policywatch. */
  kind: string | null;
  schedule: string | null;
  language: string | null;
  /** `policywatch:voice`: official | press; null when absent or not one of them. */
  voice: SourceVoice | null;
  options: Record<string, unknown> | null;
  paused: boolean;
  /** The outline's `type` (rss, atom, link …), lower-cased. */
  type: string | null;
}

export class OpmlError extends categorizedError("OpmlError", "invalid") {}

export interface OpmlDocument {
  title: string | null;
  entries: OpmlEntry[];
  /** Outlines that looked like sources but could not be used, in words. */
  problems: string[];
}

export function parseOpml(text: string): OpmlDocument {
  const parser = sax.parser(true, { trim: true, position: true });
  const entries: OpmlEntry[] = [];
  const problems: string[] = [];
  const stack: string[] = [];
  let rootSeen = false;
  let bodySeen = false;
  let title: string | null = null;
  let inHeadTitle = false;
  let failure: string | null = null;

  parser.onerror = (err) => {
    failure ??= `it is not well-formed XML (line ${parser.line + 1}: ${err.message.split("\n")[0]})`;
    // Stop at the first error: sax would otherwise go on reporting every later symptom.
    throw new OpmlError(`This is not an OPML file: ${failure}.`);
  };
  parser.onopentag = (node) => {
    const name = node.name.toLowerCase();
    if (stack.length === 0) {
      rootSeen = true;
      if (name !== "opml") failure ??= `its root element is <${node.name}>, not <opml>`;
    }
    stack.push(name);
    if (name === "body" && stack.length === 2) bodySeen = true;
    if (name === "title" && stack.length === 3 && stack[1] === "head") inHeadTitle = true;
    if (name !== "outline" || !stack.includes("body")) return;
    const attrs = node.attributes as Record<string, string>;
    const attr = (key: string): string | null => {
      const v =
        attrs[key] ?? attrs[Object.keys(attrs).find((k) => k.toLowerCase() === key.toLowerCase()) ?? ""];
      return v === undefined || v.trim() === "" ? null : v.trim();
    };
    const type = attr("type")?.toLowerCase() ?? null;
    const url = attr("xmlUrl") ?? (type === "link" || attr(`${PREFIX}:kind`) ? attr("url") : null);
    if (url === null) return; // a folder
    const label = attr("text") ?? attr("title");
    let options: Record<string, unknown> | null = null;
    const rawOptions = attr(`${PREFIX}:options`);
    if (rawOptions) {
      try {
        const parsed = JSON.parse(rawOptions);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) options = parsed;
        else problems.push(`${url}: its ${PREFIX}:options is not a JSON object; ignored.`);
      } catch {
        problems.push(`${url}: its ${PREFIX}:options is not valid JSON; ignored.`);
      }
    }
    const reach = readReach(attr(`${PREFIX}:proxy`), attr(`${PREFIX}:mirrors`), url, problems);
    if (reach) options = { ...(options ?? {}), ...reach };
    const rawVoice = attr(`${PREFIX}:voice`);
    if (rawVoice !== null && !isVoice(rawVoice)) {
      problems.push(
        `${url}: its ${PREFIX}:voice "${rawVoice}" is not ${VOICES.join(" or ")}; its kind's voice is used.`,
      );
    }
    entries.push({
      url,
      title: label,
      kind: attr(`${PREFIX}:kind`),
      schedule: attr(`${PREFIX}:schedule`),
      language: attr(`${PREFIX}:language`),
      voice: isVoice(rawVoice) ? rawVoice : null,
      options,
      paused: attr(`${PREFIX}:paused`) === "true",
      type,
    });
  };
  parser.ontext = (t) => {
    if (inHeadTitle) title = (title ?? "") + t;
  };
  parser.onclosetag = () => {
    if (stack.at(-1) === "title") inHeadTitle = false;
    stack.pop();
  };

  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof OpmlError) throw err;
    failure ??= `it is not well-formed XML (${(err as Error).message.split("\n")[0]})`;
  }
  if (!failure && !rootSeen) failure = "it is empty";
  if (!failure && !bodySeen) failure = "it has no <body> element";
  if (failure) throw new OpmlError(`This is not an OPML file: ${failure}.`);
  return { title, entries, problems };
}

function readReach(
  proxy: string | null,
  mirrors: string | null,
  url: string,
  problems: string[],
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (proxy) {
    if (proxy.includes("***@")) {
      problems.push(`${url}: its proxy's credentials were masked on export; the proxy is kept without them.`);
    }
    out.proxy = proxy.replace(/\*\*\*@/, "");
  }
  const list = mirrors?.split(/\s+/).filter((m) => m !== "") ?? [];
  if (list.length > 0) out.mirrors = list;
  return Object.keys(out).length > 0 ? out : null;
}

export interface OpmlSource {
  name: string;
  url: string;
  /** A feed other readers can subscribe to: written as type="rss" with xmlUrl, else a link. */
  feed: boolean;
  kind: string;
  schedule: string;
  language: string | null;
  voice?: string | null;
  options: Record<string, unknown>;
  paused?: boolean;
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;");
}

export function buildOpml(sources: readonly OpmlSource[], opts: { title?: string; now?: Date } = {}): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:${PREFIX}="${OPML_NAMESPACE}">`,
    "  <head>",
    `    <title>${escapeXml(opts.title ?? "policywatch sources")}</title>`,
    `    <dateCreated>${(opts.now ?? new Date()).toUTCString()}</dateCreated>`,
    "  </head>",
    "  <body>",
  ];
  for (const s of sources) {
    const attrs: [string, string][] = s.feed
      ? [
          ["type", "rss"],
          ["text", s.name],
          ["title", s.name],
          ["xmlUrl", s.url],
        ]
      : [
          ["type", "link"],
          ["text", s.name],
          ["title", s.name],
          ["url", s.url],
        ];
    attrs.push([`${PREFIX}:kind`, s.kind], [`${PREFIX}:schedule`, s.schedule]);
    if (s.language) attrs.push([`${PREFIX}:language`, s.language]);
    if (s.voice) attrs.push([`${PREFIX}:voice`, s.voice]);
    const { proxy, mirrors, ...options } = s.options;
    if (Object.keys(options).length > 0) attrs.push([`${PREFIX}:options`, JSON.stringify(options)]);
    if (typeof proxy === "string") attrs.push([`${PREFIX}:proxy`, maskCredentials(proxy)]);
    if (Array.isArray(mirrors) && mirrors.length > 0) attrs.push([`${PREFIX}:mirrors`, mirrors.join(" ")]);
    if (s.paused) attrs.push([`${PREFIX}:paused`, "true"]);
    lines.push(`    <outline ${attrs.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(" ")}/>`);
  }
  lines.push("  </body>", "</opml>", "");
  return lines.join("\n");
}
