// Writes gathered into batches: each entry gets its own result, a failed batch fails only its
// entries, no more than `maxInFlight` batches are written at once, and idle() waits for them all.
import { describe, expect, it } from "vitest";
import { WriteBatcher } from "../../src/services/write-batcher.js";

function recorder(opts: { failBatch?: number; delayMs?: number } = {}) {
  const batches: number[][] = [];
  let running = 0;
  let mostAtOnce = 0;
  const write = async (entries: number[]) => {
    const n = batches.push(entries);
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 5));
    running--;
    if (n === opts.failBatch) throw new Error(`batch ${n} failed`);
    return entries.map((e) => e * 10);
  };
  return { write, batches, mostAtOnce: () => mostAtOnce };
}

describe("WriteBatcher", () => {
  it("writes what comes together in one batch, and gives each entry its own result", async () => {
    const r = recorder();
    const b = new WriteBatcher(r.write, { size: 10, windowMs: 5, maxInFlight: 1 });
    const results = await Promise.all([1, 2, 3].map((n) => b.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  it("keeps batches to their size and never writes more than maxInFlight at once", async () => {
    const r = recorder({ delayMs: 10 });
    const b = new WriteBatcher(r.write, { size: 2, windowMs: 1, maxInFlight: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => b.add(n)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(r.batches.every((x) => x.length <= 2)).toBe(true);
    expect(r.batches.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.mostAtOnce()).toBeLessThanOrEqual(2);
  });

  it("fails only the entries of a failed batch; later batches go ahead", async () => {
    const r = recorder({ failBatch: 1 });
    const b = new WriteBatcher(r.write, { size: 2, windowMs: 1, maxInFlight: 1 });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => b.add(n)));
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect((settled[2] as PromiseFulfilledResult<number>).value).toBe(30);
  });

  it("idle() writes what waits at once and resolves when nothing is left", async () => {
    const r = recorder();
    const b = new WriteBatcher(r.write, { size: 100, windowMs: 60_000, maxInFlight: 1 });
    const pending = b.add(4);
    await b.idle();
    expect(r.batches).toEqual([[4]]);
    expect(await pending).toBe(40);
  });
});
