// Stored items and evidence for dashboard tests, written straight into the database the way the
// pipeline and the matcher leave them (a source, its items, evidence on milestones).
import { createHash } from "node:crypto";
import type { App } from "../../src/app.js";

export interface SeedItem {
  title: string;
  url: string;
  summary?: string;
  language?: string;
  publishedAt: string;
  evidence?: {
    milestone: string;
    progress: boolean;
    score: number;
    quote: string;
    terms: string[];
    review?: string;
  }[];
}

export async function seedSource(
  app: App,
  name: string,
  url: string,
  items: SeedItem[],
): Promise<{ sourceId: number; evidenceIds: number[]; itemIds: number[] }> {
  const source = await app.db.prisma.source.create({
    data: { name, url, kind: "rss", state: "healthy", lastSuccessAt: app.now() },
  });
  const evidenceIds: number[] = [];
  const itemIds: number[] = [];
  for (const it of items) {
    const item = await app.db.prisma.item.create({
      data: {
        sourceId: source.id,
        guid: it.url,
        dedupKey: `url:${it.url}`,
        url: it.url,
        title: it.title,
        summary: it.summary ?? null,
        language: it.language ?? "en",
        publishedAt: new Date(it.publishedAt),
        firstSeenAt: new Date(it.publishedAt),
        contentHash: createHash("sha256")
          .update(it.title + (it.summary ?? ""))
          .digest("hex"),
      },
    });
    itemIds.push(item.id);
    for (const e of it.evidence ?? []) {
      const m = await app.repos.agenda.findMilestone(e.milestone);
      if (!m) throw new Error(`no milestone ${e.milestone}`);
      const row = await app.db.prisma.evidence.create({
        data: {
          itemId: item.id,
          milestoneId: m.id,
          score: e.score,
          progress: e.progress,
          quote: e.quote,
          terms: e.terms,
          matcherVersion: "test",
          review: e.review ?? "pending",
          createdAt: new Date(it.publishedAt),
        },
      });
      evidenceIds.push(row.id);
    }
  }
  return { sourceId: source.id, evidenceIds, itemIds };
}

/** A plausible week of items for screenshots and page tests. */
export const KREMLIN_WEEK: SeedItem[] = [
  {
    title: "Meeting of the Presidential Commission on Artificial Intelligence",
    url: "http://en.kremlin.ru/events/president/news/78001",
    summary:
      "The President chaired a meeting of the Commission on AI; the national plan for AI implementation was discussed.",
    publishedAt: "2026-11-24T12:00:00Z",
    evidence: [
      {
        milestone: "national-ai-implementation-plan",
        progress: false,
        score: 0.62,
        quote:
          "The draft national plan for the implementation of artificial intelligence will be submitted to the Government by the end of the year.",
        terms: ["national plan", "artificial intelligence"],
      },
    ],
  },
  {
    title: "Путин подписал указ о развитии искусственного интеллекта в системе образования",
    url: "http://kremlin.ru/acts/news/78010",
    summary: "Подписан указ о подготовке кадров в области искусственного интеллекта.",
    language: "ru",
    publishedAt: "2026-11-20T09:30:00Z",
    evidence: [
      {
        milestone: "education-workforce-solutions",
        progress: true,
        score: 0.74,
        quote:
          "Правительству поручено до 31 декабря 2026 года утвердить программу подготовки кадров в области искусственного интеллекта.",
        terms: ["указ", "искусственного интеллекта", "подготовки кадров"],
      },
    ],
  },
  {
    title: "Russia and BRICS partners agree on AI cooperation principles",
    url: "https://www.reuters.com/technology/russia-brics-ai-2026-11-18/",
    summary:
      "Officials from BRICS countries agreed a set of principles on artificial intelligence cooperation.",
    publishedAt: "2026-11-18T15:00:00Z",
    evidence: [
      {
        milestone: "international-expansion-framework",
        progress: false,
        score: 0.55,
        quote:
          "BRICS officials agreed a set of principles for cooperation on artificial intelligence, with Russia offering GigaChat to partners.",
        terms: ["BRICS", "artificial intelligence", "GigaChat"],
      },
    ],
  },
  {
    title: "Sber presents GigaChat 3 to ministries at AI Journey",
    url: "https://www.reuters.com/technology/sber-gigachat-3-ai-journey-2026-11-21/",
    summary: "Sberbank unveiled GigaChat 3 at the AI Journey conference in Moscow.",
    publishedAt: "2026-11-21T10:00:00Z",
    evidence: [
      {
        milestone: "ai-journey-ministry-presentations",
        progress: true,
        score: 0.86,
        quote:
          "Ministers presented AI systems deployed in their sectors at AI Journey, as the President asked last year.",
        terms: ["AI Journey", "ministries"],
      },
      {
        milestone: "sovereign-foundation-models",
        progress: true,
        score: 0.81,
        quote: "Sber released GigaChat 3, a sovereign foundation model trained on domestic infrastructure.",
        terms: ["GigaChat", "Sber"],
      },
    ],
  },
];
