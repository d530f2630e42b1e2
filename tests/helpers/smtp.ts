// A real SMTP server on a loopback port (the npm smtp-server package) that keeps every message it
// accepts, parsed with mailparser, so tests read back exactly what a mail client would get.
// It can be stopped and started again on the same port (an outage), or told to refuse messages.
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
  user: string | null;
}

export interface TestSmtpServer {
  port: number;
  /** smtp://user:pass@127.0.0.1:port */
  url: string;
  received: ReceivedMail[];
  /** Reply to DATA with this SMTP error (e.g. 451 or 554) until cleared. */
  refuseWith: { code: number; message: string } | null;
  /** Take the message but never answer (a sender stuck mid-send); counts in `held`, not `received`. */
  holdData: boolean;
  held: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const USER = "policywatch";
const PASS = "s3cret-pass";

export async function startSmtpServer(): Promise<TestSmtpServer> {
  let server: SMTPServer | null = null;
  const state: TestSmtpServer = {
    port: 0,
    url: "",
    received: [],
    refuseWith: null,
    holdData: false,
    held: 0,
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      server = new SMTPServer({
        // Plain SMTP with a login, as a local relay would offer it.
        disabledCommands: ["STARTTLS"],
        allowInsecureAuth: true,
        authMethods: ["PLAIN", "LOGIN"],
        logger: false,
        closeTimeout: 1_000,
        onAuth(auth, _session, cb) {
          if (auth.username === USER && auth.password === PASS) cb(null, { user: USER });
          else cb(new Error("Invalid username or password"));
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", async () => {
            if (state.holdData) {
              state.held++;
              return;
            }
            if (state.refuseWith) {
              const err = new Error(state.refuseWith.message) as Error & { responseCode: number };
              err.responseCode = state.refuseWith.code;
              cb(err);
              return;
            }
            const raw = Buffer.concat(chunks).toString("utf8");
            state.received.push({
              raw,
              parsed: await simpleParser(raw),
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              user: (session.user as string | undefined) ?? null,
            });
            cb();
          });
        },
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(state.port, "127.0.0.1", () => resolve());
      });
      s.on("error", () => {});
      const address = s.server.address();
      if (address && typeof address === "object") state.port = address.port;
      state.url = `smtp://${USER}:${PASS}@127.0.0.1:${state.port}`;
    },
  };
  await state.start();
  return state;
}

/** The first header value as text (mailparser gives structured values for some headers). */
export function headerText(mail: ParsedMail, name: string): string {
  const v = mail.headers.get(name.toLowerCase());
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && "text" in v) return String((v as { text: string }).text);
  return JSON.stringify(v);
}
