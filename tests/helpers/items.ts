// Stores sources and items straight through Prisma, as the poll pipeline would have, so ledger
// tests need no feed or HTTP server.
import { createHash } from "node:crypto";
import type { App } from "../../src/app.js";

let counter = 0;

export async function addSource(app: App, name: string): Promise<number> {
  counter++;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const row = await app.db.prisma.source.create({
    data: { name, url: `http://127.0.0.1:9/${slug}-${counter}.xml`, kind: "rss" },
  });
  return row.id;
}

export interface TestItem {
  title: string | null;
  summary?: string | null;
  content?: string | null;
  language?: string;
  publishedAt?: string;
}

export async function addItem(app: App, sourceId: number, item: TestItem): Promise<number> {
  counter++;
  const text = [item.title, item.summary, item.content].join("\n");
  const row = await app.db.prisma.item.create({
    data: {
      sourceId,
      guid: `test-${counter}`,
      dedupKey: `url:http://127.0.0.1:9/item/${counter}`,
      url: `http://127.0.0.1:9/item/${counter}`,
      title: item.title,
      summary: item.summary ?? null,
      content: item.content ?? null,
      language: item.language ?? "en",
      publishedAt: new Date(`${item.publishedAt ?? "2026-11-20"}T09:00:00Z`),
      contentHash: createHash("sha256").update(text).digest("hex"),
    },
  });
  return row.id;
}
