// robots.txt as RFC 9309 defines it, so a site operator's wishes are respected.
// Rules, in the order they apply:
//  1. The groups whose `user-agent` names our product token (case-insensitive) apply, all merged;
//     when none does, the `*` groups apply; when there is no `*` group either, everything is allowed.
//  2. Among the `allow`/`disallow` rules of those groups, the longest matching pattern wins; on a
//     tie `allow` wins. No matching rule means allowed. An empty `disallow:` allows everything.
//  3. Patterns match the start of the path plus query; `*` is any run of characters, a final `$`
//     anchors the end. Both sides are compared percent-encoded with upper-case hex.
//  4. `/robots.txt` itself is always allowed.
// `crawl-delay` is not in the RFC but widely used; it is read from the same groups.
// Pure: the fetcher downloads the file and asks this module.

export interface RobotsRule {
  allow: boolean;
  pattern: string;
}

interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
  crawlDelaySeconds: number | null;
}

export interface RobotsTxt {
  groups: RobotsGroup[];
}

/** robots.txt with no rules: everything allowed (404, empty file, unreachable file). */
export const ALLOW_ALL_ROBOTS: RobotsTxt = { groups: [] };

/** Parses robots.txt text; never throws, unknown lines are ignored as the RFC asks. */
export function parseRobotsTxt(text: string): RobotsTxt {
  const groups: RobotsGroup[] = [];
  let current: RobotsGroup | null = null;
  // A run of user-agent lines opens one group; the first rule line after them closes the run.
  let collectingAgents = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!current || !collectingAgents) {
        current = { agents: [], rules: [], crawlDelaySeconds: null };
        groups.push(current);
        collectingAgents = true;
      }
      current.agents.push(value.toLowerCase());
      continue;
    }
    if (!current) continue; // rules before any user-agent line belong to no group
    collectingAgents = false;
    if (key === "allow" || key === "disallow") {
      // An empty disallow means "nothing is disallowed": it adds no rule.
      if (value === "") continue;
      current.rules.push({ allow: key === "allow", pattern: normalizeEncoding(value) });
    } else if (key === "crawl-delay") {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
    }
  }
  return { groups };
}

/** The groups that apply to `productToken` (e.g. "policywatch"). */
function applicableGroups(robots: RobotsTxt, productToken: string): RobotsGroup[] {
  const token = productToken.toLowerCase();
  const named = robots.groups.filter((g) =>
    g.agents.some((a) => a === token || (a.split("/")[0] ?? "").trim() === token),
  );
  if (named.length > 0) return named;
  return robots.groups.filter((g) => g.agents.includes("*"));
}

/** Whether `pathAndQuery` (e.g. "/feed?x=1") may be fetched by `productToken`. */
export function isAllowedByRobots(robots: RobotsTxt, productToken: string, pathAndQuery: string): boolean {
  const path = normalizeEncoding(pathAndQuery || "/");
  if (path === "/robots.txt") return true;
  let best: RobotsRule | null = null;
  for (const group of applicableGroups(robots, productToken)) {
    for (const rule of group.rules) {
      if (!patternMatches(rule.pattern, path)) continue;
      if (
        !best ||
        rule.pattern.length > best.pattern.length ||
        (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
      ) {
        best = rule;
      }
    }
  }
  return best ? best.allow : true;
}

/** The crawl delay the site asks of `productToken`, in seconds, or null. */
export function robotsCrawlDelaySeconds(robots: RobotsTxt, productToken: string): number | null {
  let delay: number | null = null;
  for (const group of applicableGroups(robots, productToken)) {
    if (group.crawlDelaySeconds !== null) delay = Math.max(delay ?? 0, group.crawlDelaySeconds);
  }
  return delay;
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  if (!body.includes("*")) return anchored ? path === body : path.startsWith(body);
  // Greedy-free matching of `*` pieces, left to right: each piece must appear after the previous.
  const pieces = body.split("*");
  let pos = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (i === 0) {
      if (!path.startsWith(piece)) return false;
      pos = piece.length;
      continue;
    }
    if (i === pieces.length - 1 && anchored) {
      // The last piece must end the path, and must not overlap what earlier pieces consumed.
      return path.length - piece.length >= pos && path.endsWith(piece);
    }
    const found = path.indexOf(piece, pos);
    if (found < 0) return false;
    pos = found + piece.length;
  }
  return true;
}

// Percent-encode what is not ASCII and upper-case existing escapes, so "/café" and "/caf%c3%a9"
// compare equal to the URL's own serialization.
function normalizeEncoding(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code > 0x7e || code < 0x21) {
      // A lone surrogate cannot be encoded; it cannot match a real URL either.
      try {
        out += encodeURIComponent(ch);
      } catch {
        out += "%EF%BF%BD";
      }
    } else {
      out += ch;
    }
  }
  return out.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}
