// Whether an item is about AI and tied to the agenda's state: AI terms, named anchors, the official
// site it is published on, the voice of its source, and the state words a domestic item may use.
import type { CompiledAgenda } from "./compile.js";
import { type Finds, targetSum } from "./finds.js";
import { stateSpeaks } from "./headline.js";
import type { MatchInput, Voice } from "./model.js";

export type { Voice } from "./model.js";

export interface AgendaTies {
  ai: number;
  foreign: number;
  /** Named anchors plus the official site or voice. */
  explicit: number;
  /** The named anchors alone. */
  named: number;
  /** The first actor the item names is foreign (in "Ukraine's ministry … Russia", Ukraine acts). */
  foreignFirst: boolean;
  /** Generic state words, counted when the country is named or the item is domestic. */
  state: number;
  implicit: number;
  /** explicit + state + implicit. */
  agenda: number;
  /** The official hosts the item's URL is on. */
  hostTerms: string[];
  /** The strongest single anchor weight of the site or voice (named anchors are added later). */
  siteAnchor: number;
  voice: Voice;
  lang: string;
}

/** What the AI, agenda, foreign and state terms, the URL and the source's voice say. */
export function weighAgendaTies(compiled: CompiledAgenda, item: MatchInput, finds: Finds): AgendaTies {
  const m = compiled.matching;
  const found = finds.found;
  const ai = targetSum(found, "ai");
  const foreign = targetSum(found, "foreign");
  const named = targetSum(found, "agenda");
  let explicit = named;
  const hosts = hostList(m.hosts);
  const host = item.url && mayBeOnHost(item.url, hosts) ? urlHost(item.url) : null;
  const hostTerms: string[] = [];
  let siteAnchor = 0;
  if (host) {
    for (const [suffix, weight] of hosts) {
      if (host === suffix || host.endsWith(`.${suffix}`)) {
        explicit += weight;
        siteAnchor = Math.max(siteAnchor, weight);
        hostTerms.push(suffix);
      }
    }
  }
  // An official source is the state speaking: it names no country because it is the country. Its
  // items are tied as an official site's are, whatever host (a mirror, a proxy) serves them.
  const voice: Voice = item.voice ?? (hostTerms.length > 0 ? "official" : "press");
  if (voice === "official" && hostTerms.length === 0) {
    siteAnchor = officialWeight(hosts, m.thresholds.agenda);
    explicit += siteAnchor;
  }
  const lang = finds.lang;
  // A Russian-language item that names no foreign actor is domestic news.
  const domestic = foreign === 0 && (m.implicitAgenda[lang] ?? 0) > 0;
  const implicit = domestic ? m.implicitAgenda[lang]! : 0;
  // A partner bloc (BRICS, SCO) says where Russia sits, not that a Russian actor acts: a press item
  // that is not domestic and names no anchor but blocs is a forum's own news.
  if (
    voice === "press" &&
    !domestic &&
    hostTerms.length === 0 &&
    named > 0 &&
    namesOnlyBlocs(compiled, finds) &&
    !stateSpeaks(finds)
  ) {
    explicit -= named;
  }
  // "The government" is this agenda's government only when the item names the country or is domestic.
  const state = explicit > 0 || domestic ? targetSum(found, "state") : 0;
  // A press item needs the agenda's actor in its text: being written in Russian says where it was
  // published, not who acts ("schoolchildren use ChatGPT for homework").
  const tied = explicit > 0 || state > 0 ? implicit : 0;
  return {
    ai,
    foreign,
    explicit,
    named,
    foreignFirst: firstActorIsForeign(finds),
    state,
    implicit: tied,
    agenda: explicit + state + tied,
    hostTerms,
    siteAnchor,
    voice,
    lang,
  };
}

function urlHost(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return null;
  }
}

/** Every agenda anchor found is a partner bloc: a name that is also the cooperation area's term. */
function namesOnlyBlocs(compiled: CompiledAgenda, finds: Finds): boolean {
  const cooperation = compiled.cooperationArea?.target;
  if (cooperation === undefined) return false;
  for (const f of finds.found) {
    if (f.target !== "agenda") continue;
    if (!compiled.patterns[f.hit.pattern]!.usages.some((u) => u.target === cooperation)) return false;
  }
  return true;
}

function firstActorIsForeign(finds: Finds): boolean {
  for (const f of finds.found) {
    if (f.target === "foreign") return true;
    if (f.target === "agenda") return false;
  }
  return false;
}

/** What an official voice weighs: as much as the strongest official site. */
function officialWeight(hosts: readonly [string, number][], floor: number): number {
  let w = floor;
  for (const [, weight] of hosts) w = Math.max(w, weight);
  return w;
}

/** `matching.hosts` as a list, made once per agenda rather than once per item. */
const hostLists = new WeakMap<CompiledAgenda["matching"]["hosts"], [string, number][]>();
function hostList(hosts: CompiledAgenda["matching"]["hosts"]): [string, number][] {
  let list = hostLists.get(hosts);
  if (!list) {
    list = Object.entries(hosts);
    hostLists.set(hosts, list);
  }
  return list;
}

/**
 * Whether the URL's host may be one of `hosts` or under one, decided on the text where that is safe:
 * parsing a URL costs more than the rest of an item's first gate, and most items come from hosts that
 * are not official. For a URL of printable ASCII without `%`, the parser's host is a piece of the URL
 * lower-cased, so it can end with a host name only if the lower-cased URL contains that name. Anything
 * else (percent-escapes, non-ASCII letters the parser maps, tabs and line breaks it drops) is parsed,
 * as is every URL when a configured host has no letter (the parser rewrites numeric IPv4 hosts).
 */
function mayBeOnHost(url: string, hosts: readonly [string, number][]): boolean {
  let upper = false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 32 || c > 126 || c === 37) return true;
    if (c >= 65 && c <= 90) upper = true;
  }
  // Most URLs are lower case already; lower-casing would copy them.
  const lower = upper ? url.toLowerCase() : url;
  for (const [suffix] of hosts) {
    if (!/[a-z]/.test(suffix) || lower.includes(suffix)) return true;
  }
  return false;
}
