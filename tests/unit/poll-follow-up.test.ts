// What follows a poll's store, batched across the polls that store together: each batch matched
// once, statuses refreshed once the batches stop following each other, and each poll still gets
// its own alert about its own items, and is released only after all that.
import { describe, expect, it } from "vitest";
import type { MatchChanges } from "../../src/services/match-service.js";
import { PollFollowUp } from "../../src/services/poll-follow-up.js";

function fakes(opts: { recipients?: boolean; failMatchOnce?: boolean } = {}) {
  const matched: number[][] = [];
  const log: string[] = [];
  const alerts: { pollId: number; evidence: number[] }[] = [];
  /** Every new match each alerted poll was handed, progress or not. */
  const matches = new Map<number, number[]>();
  let failures = opts.failMatchOnce ? 1 : 0;
  const match = {
    async matchItems(ids: number[], o?: { refreshStatuses?: boolean }): Promise<MatchChanges> {
      expect(o?.refreshStatuses).toBe(false);
      await new Promise((r) => setTimeout(r, 5));
      if (failures-- > 0) throw new Error("the database went away");
      matched.push(ids);
      log.push(`match ${ids.join(",")}`);
      // Even item ids are progress evidence, numbered id * 10; every item is a mention, id * 10 + 1.
      const byItem = new Map(ids.filter((id) => id % 2 === 0).map((id) => [id, [id * 10]]));
      const every = new Map(ids.map((id) => [id, [...(byItem.get(id) ?? []), id * 10 + 1]]));
      return {
        items: ids.length,
        matchedItems: byItem.size,
        created: [],
        updated: [],
        superseded: [],
        revived: [],
        newProgressEvidenceIds: [...byItem.values()].flat(),
        newProgressByItem: byItem,
        newEvidenceByItem: every,
        statusChanges: [],
      };
    },
  };
  const status = {
    async refresh() {
      log.push("refresh");
      return [];
    },
  };
  const alertService = {
    async hasRecipients() {
      return opts.recipients ?? true;
    },
    async alertForPoll(pollId: number, evidence: number[], all: number[] = evidence) {
      alerts.push({ pollId, evidence });
      matches.set(pollId, all);
      log.push(`alert ${pollId}`);
      return { pollId, evidence: evidence.length, recipients: 1, sent: 1, failed: [] };
    },
  };
  return { match, status, alertService, matched, log, alerts, matches };
}

const ctx = (
  backfill = false,
  matched: { items: number[]; evidence: number[]; mentions?: number[] } = { items: [], evidence: [] },
) => ({
  sourceId: 1,
  newItemIds: [],
  updatedItemIds: [],
  backfill,
  matchedItemIds: matched.items,
  newProgressEvidenceIds: matched.evidence,
  newEvidenceIds: [...matched.evidence, ...(matched.mentions ?? [])].sort((a, b) => a - b),
});

describe("PollFollowUp", () => {
  it("matches the polls that stored meanwhile in one batch, refreshes once, and alerts each poll on its own items", async () => {
    const f = fakes();
    const follow = new PollFollowUp(f.match, f.status, f.alertService);
    const released: number[] = [];
    const hook = (ids: number[], poll: number) =>
      Promise.resolve(follow.afterStore(ids, poll, ctx())).then(() => released.push(poll));
    const first = hook([1, 2], 101);
    const rest = [hook([3, 4], 102), hook([5, 6], 103)];
    await Promise.all([first, ...rest]);
    // The first poll started a batch alone; the two that stored while it ran went together.
    expect(f.matched).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);
    // Statuses once, after the last batch; then the alerts; only then are the polls released.
    expect(f.log).toEqual(["match 1,2", "match 3,4,5,6", "refresh", "alert 101", "alert 102", "alert 103"]);
    expect(f.alerts).toEqual([
      { pollId: 101, evidence: [20] },
      { pollId: 102, evidence: [40] },
      { pollId: 103, evidence: [60] },
    ]);
    expect(released.sort()).toEqual([101, 102, 103]);
  });

  it("never alerts on backfilled items, nor asks for evidence when nobody wants alerts", async () => {
    const f = fakes();
    const follow = new PollFollowUp(f.match, f.status, f.alertService);
    await Promise.all([follow.afterStore([2], 201, ctx(true)), follow.afterStore([4], 202, ctx(false))]);
    expect(f.alerts).toEqual([{ pollId: 202, evidence: [40] }]);

    const nobody = fakes({ recipients: false });
    const quiet = new PollFollowUp(nobody.match, nobody.status, nobody.alertService);
    await quiet.afterStore([2, 4], 301, ctx());
    expect(nobody.alerts).toEqual([]);
    expect(nobody.log).toEqual(["match 2,4", "refresh"]);
  });

  it("fails only the polls of a batch whose matching failed; the next batch goes ahead", async () => {
    const f = fakes({ failMatchOnce: true });
    const follow = new PollFollowUp(f.match, f.status, f.alertService);
    const failed = Promise.resolve(follow.afterStore([1], 401, ctx())).then(
      () => "ok",
      (e: Error) => e.message,
    );
    const next = Promise.resolve(follow.afterStore([2], 402, ctx())).then(() => "ok");
    expect(await failed).toBe("the database went away");
    expect(await next).toBe("ok");
    expect(f.alerts).toEqual([{ pollId: 402, evidence: [20] }]);
  });

  it("keeps batches to a size, and refreshes statuses along the way when polls keep coming", async () => {
    const f = fakes();
    const follow = new PollFollowUp(f.match, f.status, f.alertService, {
      maxBatchItems: 2,
      maxItemsBeforeRefresh: 4,
    });
    await Promise.all([1, 3, 5, 7, 9].map((id, i) => follow.afterStore([id, id + 1], 500 + i, ctx())));
    expect(f.matched.every((b) => b.length <= 2)).toBe(true);
    expect(f.matched.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(f.log.filter((l) => l === "refresh").length).toBeGreaterThanOrEqual(2);
  });

  it("does not match again the items matched before they were stored, and alerts on the evidence stored with them", async () => {
    const f = fakes();
    const follow = new PollFollowUp(f.match, f.status, f.alertService);
    // Poll 601 stored new items 1 and 2 with their evidence (7 says progress, 3 is a mention) and
    // changed item 4.
    await follow.afterStore([1, 2, 4], 601, ctx(false, { items: [1, 2], evidence: [7], mentions: [3] }));
    expect(f.matched).toEqual([[4]]);
    expect(f.alerts).toEqual([{ pollId: 601, evidence: [7, 40] }]);
    expect(f.matches.get(601)).toEqual([3, 7, 40, 41]);
    // A poll of only new items asks the matcher nothing, and still refreshes statuses and alerts.
    const g = fakes();
    const quick = new PollFollowUp(g.match, g.status, g.alertService);
    await quick.afterStore([4, 5], 602, ctx(false, { items: [4, 5], evidence: [9] }));
    expect(g.matched).toEqual([]);
    expect(g.log).toEqual(["refresh", "alert 602"]);
    expect(g.alerts).toEqual([{ pollId: 602, evidence: [9] }]);
  });

  it("alerts a poll whose only new evidence is a mention, handing it every match but no progress", async () => {
    const f = fakes();
    const follow = new PollFollowUp(f.match, f.status, f.alertService);
    await follow.afterStore([3], 801, ctx(false, { items: [], evidence: [], mentions: [5] }));
    expect(f.alerts).toEqual([{ pollId: 801, evidence: [] }]);
    expect(f.matches.get(801)).toEqual([5, 31]);
    // Backfilled mentions never alert.
    await follow.afterStore([5], 802, ctx(true, { items: [], evidence: [], mentions: [9] }));
    expect(f.alerts.map((a) => a.pollId)).toEqual([801]);
  });

  it("stops waiting for more polls once the round says every poll has stored", async () => {
    const f = fakes();
    // A minute's wait for more polls: without the round's end the hook would not settle in time.
    const follow = new PollFollowUp(f.match, f.status, f.alertService, { settleMs: 60_000 });
    const done = Promise.resolve(follow.afterStore([2], 701, ctx()));
    await new Promise((r) => setTimeout(r, 10));
    expect(f.log).toEqual(["match 2"]);
    follow.roundEnded();
    await done;
    expect(f.log).toEqual(["match 2", "refresh", "alert 701"]);
  });
});
