import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { buildAlert } from "../../src/domain/digest/alert.js";
import { buildAtomFeed, evidenceAtomEntry } from "../../src/domain/digest/atom.js";
import { buildDigest, type DigestInput } from "../../src/domain/digest/digest.js";
import type { DeadlineEntry, EvidenceEntry } from "../../src/domain/digest/model.js";
import { periodContaining } from "../../src/domain/digest/period.js";
import { validateSubscriber } from "../../src/domain/digest/subscriber-input.js";

const asOf = new Date("2026-11-26T08:00:00Z");

function evidence(over: Partial<EvidenceEntry> = {}): EvidenceEntry {
  return {
    id: 1,
    areaSlug: "education",
    areaTitle: "Education and workforce",
    milestoneSlug: "education-workforce-solutions",
    milestoneTitle: "Education and workforce solutions",
    itemTitle: "Government approves AI curriculum standards",
    itemUrl: "https://example.org/news/1",
    sourceName: "Kremlin (EN)",
    itemDate: new Date("2026-11-25T12:00:00Z"),
    recordedAt: new Date("2026-11-25T13:00:00Z"),
    quote: "The Government approved AI education standards for all universities.",
    progress: true,
    score: 0.9,
    review: "pending",
    ...over,
  };
}

const END_2026: DeadlineEntry[] = [
  [
    "education",
    "Education and workforce",
    "education-workforce-solutions",
    "Education and workforce solutions",
  ],
  [
    "risk",
    "Risk and threat assessment",
    "risk-assessment-proposals",
    "Risk assessment and mitigation proposals",
  ],
  [
    "international",
    "International expansion",
    "international-expansion-framework",
    "International expansion framework",
  ],
].map(([areaSlug, areaTitle, milestoneSlug, milestoneTitle]) => ({
  areaSlug: areaSlug!,
  areaTitle: areaTitle!,
  milestoneSlug: milestoneSlug!,
  milestoneTitle: milestoneTitle!,
  due: "2026-12-31",
  daysLeft: 35,
  status: "not_started",
}));

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    subscriber: {
      name: "Ana",
      email: "ana@example.org",
      timeZone: "UTC",
      areas: [],
      frequency: "daily",
      hour: 8,
      weekday: 1,
    },
    period: periodContaining(asOf, "daily", "UTC"),
    since: new Date("2026-11-25T08:00:00Z"),
    asOf,
    evidence: [evidence()],
    statusChanges: [],
    deadlines: [
      ...END_2026,
      {
        ...END_2026[0]!,
        milestoneSlug: "ai-all-sectors-2030",
        milestoneTitle: "AI in all sectors",
        due: "2030-12-31",
        daysLeft: 1496,
      },
    ],
    sources: { total: 4, problems: [] },
    links: {
      dashboard: "https://watch.example.org/",
      unsubscribe: "https://watch.example.org/unsubscribe/tok123",
    },
    ...over,
  };
}

describe("buildDigest", () => {
  it("says in the subject what is inside", () => {
    const d = buildDigest(
      input({
        statusChanges: [
          {
            id: 1,
            areaSlug: "risk",
            areaTitle: "Risk and threat assessment",
            milestoneSlug: "risk-assessment-proposals",
            milestoneTitle: "Risk assessment and mitigation proposals",
            fromStatus: "not_started",
            toStatus: "in_progress",
            reason: "progress reported",
            cause: "evidence",
            at: new Date("2026-11-25T14:00:00Z"),
            evidence: [
              {
                title: "Risk report",
                url: "https://example.org/risk",
                sourceName: "Reuters",
                date: new Date("2026-11-25T10:00:00Z"),
              },
            ],
          },
        ],
        evidence: [evidence({ id: 1 }), evidence({ id: 2 }), evidence({ id: 3, itemTitle: "Another" })],
      }),
    );
    expect(d.subject).toBe(
      "policywatch daily, 26 Nov: 3 new evidence, 1 status change, 3 deadlines within 60 days",
    );
    expect(d.text).toContain(
      "Risk assessment and mitigation proposals (Risk and threat assessment): not started -> in progress",
    );
    expect(d.text).toContain("Evidence: Risk report (Reuters, 25 Nov 2026) https://example.org/risk");
  });

  it("lists the evidence by area and milestone with title, source, date, quote and link, in both parts", () => {
    const d = buildDigest(input());
    expect(d.text).toMatch(
      /Education and workforce\n {2}Education and workforce solutions\n {4}\* \[progress\] Government approves AI curriculum standards\n {6}Kremlin \(EN\), 25 Nov 2026\n {6}"The Government approved AI education standards for all universities\."\n {6}https:\/\/example\.org\/news\/1/,
    );
    const $ = cheerio.load(d.html);
    const a = $('a[href="https://example.org/news/1"]');
    expect(a.text()).toBe("Government approves AI curriculum standards");
    expect($("blockquote").text()).toContain("AI education standards");
    expect($('a[href="https://watch.example.org/unsubscribe/tok123"]').text()).toBe("Unsubscribe");
    expect(d.text).toContain("Unsubscribe: https://watch.example.org/unsubscribe/tok123");
  });

  it("lists overdue and soon-due milestones with days left, and leaves far-off ones out", () => {
    const d = buildDigest(
      input({
        deadlines: [
          ...END_2026,
          { ...END_2026[0]!, milestoneTitle: "Late one", daysLeft: -3, due: "2026-11-23", status: "overdue" },
        ],
      }),
    );
    expect(d.text).toContain(
      "Education and workforce solutions (Education and workforce): due 31 Dec 2026, 35 days left; not started",
    );
    expect(d.text).toContain("Late one (Education and workforce): due 23 Nov 2026, 3 days overdue; overdue");
    expect(d.text.indexOf("Late one")).toBeLessThan(d.text.indexOf("Risk assessment"));
    expect(d.text).not.toContain("AI in all sectors");
    expect(d.subject).toContain("1 overdue, 3 deadlines within 60 days");
  });

  it("still goes out, short, when nothing happened", () => {
    const d = buildDigest(input({ evidence: [], deadlines: [] }));
    expect(d.subject).toBe("policywatch daily, 26 Nov: nothing new");
    expect(d.text).toContain(
      "Nothing new since 25 Nov 2026, 08:00 (UTC): no new evidence and no milestone status changes.",
    );
    expect(d.text).toContain("All 4 sources are healthy.");
    expect(d.text.split("\n").length).toBeLessThan(20);
  });

  it("reports unhealthy sources in one short section", () => {
    const d = buildDigest(
      input({
        sources: {
          total: 5,
          problems: [
            {
              name: "Reuters",
              url: "https://reuters.com",
              state: "blocked",
              message: "403 Forbidden",
              consecutiveFailures: 4,
              lastSuccessAt: new Date("2026-11-20T00:00:00Z"),
            },
          ],
        },
      }),
    );
    expect(d.text).toContain(
      "1 of 5 sources need attention:\n  * Reuters: blocked, 4 failures in a row, last success 20 Nov 2026 (403 Forbidden)",
    );
    expect(d.subject).toMatch(/1 source unhealthy$/);
  });

  it("escapes item text and links only http(s) URLs", () => {
    const hostile = evidence({
      itemTitle: '<script>alert("x")</script> & <b>bold</b>',
      quote: "He said <img src=x onerror=alert(1)>",
      sourceName: "Evil <i>feed</i>",
      itemUrl: "javascript:alert(1)",
    });
    const d = buildDigest(input({ evidence: [hostile] }));
    expect(d.html).not.toMatch(/<script|<img|<b>bold|<i>feed/);
    expect(d.html).not.toContain("javascript:");
    const $ = cheerio.load(d.html);
    expect($("li").first().text()).toContain('<script>alert("x")</script> & <b>bold</b>');
    expect($("script")).toHaveLength(0);
    expect(d.text).toContain('[progress] <script>alert("x")</script> & <b>bold</b>');
    expect(d.text).not.toContain("javascript:");
  });

  it("caps a flood of evidence and counts the rest", () => {
    const many = Array.from({ length: 12 }, (_, i) => evidence({ id: i + 1, itemTitle: `Item ${i + 1}` }));
    const d = buildDigest(input({ evidence: many }));
    expect(d.subject).toContain("12 new evidence");
    expect(d.text).toContain("… and 7 more on the dashboard");
    expect(d.text).not.toContain("Item 6\n");
  });

  it("names weekly digests by their week", () => {
    const d = buildDigest(
      input({
        period: periodContaining(asOf, "weekly", "UTC"),
        subscriber: { ...input().subscriber, frequency: "weekly" },
      }),
    );
    expect(d.subject).toMatch(/^policywatch weekly, week of 23–29 Nov: /);
  });
});

describe("buildAlert", () => {
  it("lists all the poll's progress evidence in one mail", () => {
    const a = buildAlert({
      subscriber: {
        name: null,
        email: "x@example.org",
        timeZone: "Europe/Moscow",
        areas: ["education"],
        frequency: "immediate",
        hour: 8,
        weekday: 1,
      },
      sourceName: "Kremlin (EN)",
      asOf,
      evidence: [evidence({ id: 1 }), evidence({ id: 2, itemTitle: "Second <item>" })],
      links: { dashboard: "https://w.example/", unsubscribe: "https://w.example/unsubscribe/t" },
    });
    expect(a.subject).toBe(
      "policywatch alert: progress on Education and workforce solutions (2 new evidence)",
    );
    expect(a.text).toContain("while checking Kremlin (EN) at 26 Nov 2026, 11:00 (Europe/Moscow)");
    expect(a.text).toContain("Second <item>");
    expect(a.html).toContain("Second &lt;item&gt;");
  });
});

describe("buildAtomFeed", () => {
  it("writes escaped, well-formed Atom", () => {
    const xml = buildAtomFeed({
      id: "https://w.example/feed.atom",
      title: "policywatch",
      selfUrl: "https://w.example/feed.atom",
      alternateUrl: "https://w.example/",
      generatedAt: asOf,
      entries: [
        evidenceAtomEntry(
          evidence({ itemTitle: "A <b>&amp; \u0001 title", itemUrl: "ftp://x" }),
          "https://w.example/feed",
        ),
      ],
    });
    const $ = cheerio.load(xml, { xml: true });
    expect($("feed > entry")).toHaveLength(1);
    expect($("entry > title").text()).toBe("Progress on Education and workforce solutions: A <b>&amp; title");
    expect($("entry > link")).toHaveLength(0);
    expect(xml).not.toContain("\u0001");
  });
});

describe("validateSubscriber", () => {
  const areas = ["economy", "education", "risk"];
  it("fills the defaults: all areas, daily at 08:00 UTC, Mondays", () => {
    expect(validateSubscriber({ email: " Ana@Example.ORG " }, areas)).toEqual({
      ok: true,
      value: {
        email: "ana@example.org",
        name: null,
        areas: [],
        frequency: "daily",
        timeZone: "UTC",
        hour: 8,
        weekday: 1,
      },
    });
  });
  it("names every problem", () => {
    const r = validateSubscriber(
      {
        email: "not-an-address",
        areas: "risk,space",
        frequency: "hourly",
        timeZone: "Mars/Base",
        hour: "25",
      },
      areas,
    );
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems.join("\n");
    expect(problems).toContain('"not-an-address" is not an email address');
    expect(problems).toContain('there is no area "space" (areas: economy, education, risk)');
    expect(problems).toContain('frequency must be immediate, daily or weekly, not "hourly"');
    expect(problems).toContain('"Mars/Base" is not a time zone');
    expect(problems).toContain('hour must be a whole number from 0 to 23, not "25"');
  });
});
