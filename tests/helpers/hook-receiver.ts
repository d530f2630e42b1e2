// A real HTTP server on 127.0.0.1 standing in for webhook receivers, Slack-compatible hooks and
// the Telegram Bot API: it records every POST (raw body and headers) and answers what a test set
// for its path (a status, a body, headers), by default 200 with Telegram's {"ok":true,…}.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedPost {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as sent (what the signature covers). */
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface HookAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface HookReceiver {
  origin: string;
  url(path: string): string;
  /** Sets the answer for a path (a function: per request). */
  answer(path: string, answer: HookAnswer | (() => HookAnswer)): void;
  received: ReceivedPost[];
  to(path: string): ReceivedPost[];
  close(): Promise<void>;
}

const OK: HookAnswer = { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };

export async function startHookReceiver(): Promise<HookReceiver> {
  const answers = new Map<string, HookAnswer | (() => HookAnswer)>();
  const received: ReceivedPost[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const set = answers.get(path) ?? OK;
      const answer = typeof set === "function" ? set() : set;
      received.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        status: answer.status,
      });
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    answer: (path, answer) => void answers.set(path, answer),
    received,
    to: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
