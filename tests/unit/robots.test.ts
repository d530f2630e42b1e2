import { describe, expect, it } from "vitest";
import { isAllowedByRobots, parseRobotsTxt, robotsCrawlDelaySeconds } from "../../src/domain/robots.js";

const ROBOTS = `
# comment
User-agent: Googlebot
Disallow: /

User-agent: *
User-agent: otherbot
Disallow: /search
Disallow: /private/
Allow: /private/public
Disallow: /*.pdf$
Disallow: /tmp*/draft
Crawl-delay: 2

User-agent: PolicyWatch
Disallow: /events/secret
Crawl-delay: 5
`;

describe("robots.txt", () => {
  const robots = parseRobotsTxt(ROBOTS);

  it("uses the group naming our token, case-insensitively, instead of *", () => {
    expect(isAllowedByRobots(robots, "policywatch", "/events/secret/1")).toBe(false);
    expect(isAllowedByRobots(robots, "policywatch", "/search")).toBe(true);
    expect(robotsCrawlDelaySeconds(robots, "policywatch")).toBe(5);
  });

  it("falls back to the * group, with the longest match winning", () => {
    const ua = "somebot";
    expect(isAllowedByRobots(robots, ua, "/search?q=ai")).toBe(false);
    expect(isAllowedByRobots(robots, ua, "/private/x")).toBe(false);
    expect(isAllowedByRobots(robots, ua, "/private/public/x")).toBe(true);
    expect(isAllowedByRobots(robots, ua, "/news")).toBe(true);
    expect(robotsCrawlDelaySeconds(robots, ua)).toBe(2);
  });

  it("understands * and $ in patterns", () => {
    expect(isAllowedByRobots(robots, "x", "/files/report.pdf")).toBe(false);
    expect(isAllowedByRobots(robots, "x", "/files/report.pdf?download=1")).toBe(true);
    expect(isAllowedByRobots(robots, "x", "/tmp-2026/draft/1")).toBe(false);
    expect(isAllowedByRobots(robots, "x", "/tmp-2026/final")).toBe(true);
  });

  it("lets allow win a tie and ignores an empty disallow", () => {
    const r = parseRobotsTxt("User-agent: *\nDisallow: /feed\nAllow: /feed\n");
    expect(isAllowedByRobots(r, "policywatch", "/feed")).toBe(true);
    const open = parseRobotsTxt("User-agent: *\nDisallow:\n");
    expect(isAllowedByRobots(open, "policywatch", "/anything")).toBe(true);
  });

  it("allows everything when no group applies, and always allows /robots.txt", () => {
    const r = parseRobotsTxt("User-agent: googlebot\nDisallow: /\n");
    expect(isAllowedByRobots(r, "policywatch", "/feed")).toBe(true);
    const all = parseRobotsTxt("User-agent: *\nDisallow: /\n");
    expect(isAllowedByRobots(all, "policywatch", "/feed")).toBe(false);
    expect(isAllowedByRobots(all, "policywatch", "/robots.txt")).toBe(true);
  });

  it("compares non-ASCII paths percent-encoded", () => {
    const r = parseRobotsTxt("User-agent: *\nDisallow: /новости\n");
    expect(isAllowedByRobots(r, "policywatch", new URL("http://x/новости/1").pathname)).toBe(false);
  });

  it("survives garbage", () => {
    const r = parseRobotsTxt("<html>\0\ud800 not robots: at all\nDisallow /x\n:::");
    expect(isAllowedByRobots(r, "policywatch", "/x")).toBe(true);
  });
});
