import { afterEach, describe, expect, it, vi } from "vitest";
import { HostLimiter } from "../../src/infra/host-limiter.js";

afterEach(() => vi.useRealTimers());

describe("HostLimiter", () => {
  it("lets at most `concurrency` requests run per host, others hosts independent", async () => {
    const limiter = new HostLimiter(2, 0);
    const order: string[] = [];
    const a1 = await limiter.acquire("a");
    const a2 = await limiter.acquire("a");
    const a3 = limiter.acquire("a").then((release) => {
      order.push("a3");
      return release;
    });
    const b1 = await limiter.acquire("b");
    order.push("b1");
    await Promise.resolve();
    expect(order).toEqual(["b1"]);
    a1();
    (await a3)();
    expect(order).toEqual(["b1", "a3"]);
    a2();
    b1();
    limiter.close();
  });

  it("spaces request starts to one host", async () => {
    vi.useFakeTimers();
    let clock = 0;
    const limiter = new HostLimiter(5, 1000, () => clock);
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) limiter.acquire("a").then(() => granted.push(clock));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0]);
    clock = 1000;
    await vi.advanceTimersByTimeAsync(1000);
    clock = 2000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toEqual([0, 1000, 2000]);
    limiter.close();
  });

  it("lets robots.txt (unspaced) go first without waiting for, or restarting, the spacing", async () => {
    vi.useFakeTimers();
    let clock = 0;
    const limiter = new HostLimiter(5, 1000, () => clock);
    const granted: string[] = [];
    (await limiter.acquire("a", undefined, { unspaced: true }))();
    granted.push("robots");
    // The page right after robots.txt starts at once; the next page waits the whole spacing.
    limiter.acquire("a").then(() => granted.push(`page@${clock}`));
    limiter.acquire("a").then(() => granted.push(`page@${clock}`));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual(["robots", "page@0"]);
    clock = 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toEqual(["robots", "page@0", "page@1000"]);
    limiter.close();
  });

  it("drops an aborted waiter from the queue", async () => {
    const limiter = new HostLimiter(1, 0);
    const held = await limiter.acquire("a");
    const controller = new AbortController();
    const waiting = limiter.acquire("a", controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    held();
    const next = await limiter.acquire("a");
    next();
    limiter.close();
  });
});
