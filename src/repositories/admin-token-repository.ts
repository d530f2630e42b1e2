// The one row that holds the generated admin token's hash (never the token itself).
import type { PrismaClient } from "../generated/prisma/client.js";

const ROW = 1;

export class AdminTokenRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async hash(): Promise<string | null> {
    const row = await this.prisma.adminToken.findUnique({ where: { id: ROW }, select: { hash: true } });
    return row?.hash ?? null;
  }

  /** Stores `hash` unless a token exists already; true when this call stored it (one of racing instances). */
  async createIfAbsent(hash: string): Promise<boolean> {
    const { count } = await this.prisma.adminToken.createMany({
      data: [{ id: ROW, hash }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async replace(hash: string): Promise<void> {
    await this.prisma.adminToken.upsert({
      where: { id: ROW },
      create: { id: ROW, hash },
      update: { hash, createdAt: new Date() },
    });
  }
}
