// node-cron's run coordinator backed by the database: every instance fires every tick, and the
// first to insert the tick's key runs it; the others skip. Old keys are swept daily.
import type { RunCoordinator } from "node-cron";
import type { Prisma } from "./database.js";

export class DatabaseTickCoordinator implements RunCoordinator {
  constructor(
    private readonly prisma: Prisma,
    readonly instance: string,
  ) {}

  async shouldRun(key: string): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "SchedulerTick" ("key", "instance") VALUES (${key}, ${this.instance})
      ON CONFLICT ("key") DO NOTHING`;
    return inserted === 1;
  }

  async sweep(olderThan: Date): Promise<number> {
    const r = await this.prisma.schedulerTick.deleteMany({ where: { createdAt: { lt: olderThan } } });
    return r.count;
  }
}
