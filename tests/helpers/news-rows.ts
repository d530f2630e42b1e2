// Sources, items, evidence and status changes written straight into the database, as the
// pipeline and the ledger would write them, so mail tests need neither.
import type { Prisma } from "../../src/infra/database.js";

let seq = 0;

export async function addSource(
  prisma: Prisma,
  over: { name?: string; state?: string; lastError?: object; consecutiveFailures?: number } = {},
) {
  seq++;
  return prisma.source.create({
    data: {
      name: over.name ?? `Source ${seq}`,
      url: `https://source-${seq}-${Math.random().toString(36).slice(2)}.example.org/feed`,
      kind: "rss",
      state: over.state ?? "healthy",
      lastError: over.lastError,
      consecutiveFailures: over.consecutiveFailures ?? 0,
      lastSuccessAt: new Date("2026-11-20T06:00:00Z"),
    },
  });
}

export interface EvidenceRowInput {
  sourceId: number;
  milestone: string;
  title: string;
  url?: string;
  quote?: string;
  progress?: boolean;
  publishedAt?: Date | null;
  recordedAt: Date;
  review?: string;
  score?: number;
}

/** An item and its evidence for one milestone; returns the evidence id. */
export async function addEvidence(prisma: Prisma, e: EvidenceRowInput): Promise<number> {
  seq++;
  const milestone = await prisma.milestone.findUniqueOrThrow({ where: { slug: e.milestone } });
  const url = e.url ?? `https://news.example.org/item-${seq}`;
  const item = await prisma.item.create({
    data: {
      sourceId: e.sourceId,
      guid: `guid-${seq}-${Math.random()}`,
      dedupKey: `test:${seq}:${Math.random()}`,
      url,
      title: e.title,
      publishedAt: e.publishedAt === undefined ? e.recordedAt : e.publishedAt,
      firstSeenAt: e.recordedAt,
      contentHash: `hash-${seq}`,
    },
  });
  const ev = await prisma.evidence.create({
    data: {
      itemId: item.id,
      milestoneId: milestone.id,
      // Below the automatic-progress threshold: statuses move only when a test says so
      // (addStatusChange), never with the real clock of the database.
      score: e.score ?? 0.75,
      progress: e.progress ?? true,
      quote: e.quote ?? null,
      terms: [],
      matcherVersion: "test",
      review: e.review ?? "pending",
      createdAt: e.recordedAt,
    },
  });
  return ev.id;
}

export async function addPoll(prisma: Prisma, sourceId: number): Promise<number> {
  return (await prisma.poll.create({ data: { sourceId } })).id;
}

export async function addStatusChange(
  prisma: Prisma,
  c: { milestone: string; from: string; to: string; reason: string; evidenceIds?: number[]; at: Date },
) {
  const milestone = await prisma.milestone.findUniqueOrThrow({ where: { slug: c.milestone } });
  return prisma.milestoneStatusChange.create({
    data: {
      milestoneId: milestone.id,
      fromStatus: c.from,
      toStatus: c.to,
      reason: c.reason,
      cause: "evidence",
      evidenceIds: c.evidenceIds ?? [],
      effectiveAt: c.at,
      createdAt: c.at,
    },
  });
}

/** Empties what the mail tests write, keeping the agenda. */
export async function resetNews(prisma: Prisma) {
  await prisma.delivery.deleteMany();
  await prisma.subscriber.deleteMany();
  await prisma.milestoneStatusChange.deleteMany({ where: { cause: { not: "agenda" } } });
  await prisma.evidence.deleteMany();
  await prisma.poll.deleteMany();
  await prisma.item.deleteMany();
  await prisma.source.deleteMany();
}
