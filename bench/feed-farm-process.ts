// The loopback feed farm (feed-farm.ts) in a process of its own, so that serving feeds does not
// share a thread with the benchmark that reads the figures. Started with an IPC channel: it sends
// {urls, opml} once it listens, answers {take: true} with the requests seen since the last take
// ([feed index, epoch ms, status] each), and stops on {stop: true}.
import { startFeedFarm } from "./feed-farm.js";

const feeds = Number(process.argv[2] ?? 1000);
const perFeed = Number(process.argv[3] ?? 20);
const farm = await startFeedFarm({ feeds, perFeed });
const index = new Map(farm.urls.map((u, i) => [new URL(u).host + new URL(u).pathname, i]));
let seen: [number, number, number][] = [];
farm.onRequest = (host, path, status) => {
  seen.push([index.get(host + path) ?? -1, Date.now(), status]);
};
process.send!({ urls: farm.urls, opml: farm.opml() });
process.on("message", async (m: { take?: boolean; stop?: boolean }) => {
  if (m.take) {
    const out = seen;
    seen = [];
    process.send!({ requests: out });
  }
  if (m.stop) {
    await farm.close();
    process.exit(0);
  }
});
