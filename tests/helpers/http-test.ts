// A real HTTP server on loopback over the real app, and a tiny client that keeps cookies the way
// a browser does (enough for sign-in and form posts).
import type { App } from "../../src/app.js";
import type { Config } from "../../src/config.js";
import { createHttpApp, type RunningServer, startHttpServer } from "../../src/http/server.js";

export interface TestServer {
  base: string;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * Serves the app on a free loopback port. `config` overrides settings for this server only (the
 * web layer reads ADMIN_TOKEN, REQUIRE_TOKEN_FOR_READS and PUBLIC_URL per server), so one
 * database can back servers with different settings.
 */
export async function startTestServer(app: App, config: Partial<Config> = {}): Promise<TestServer> {
  const server = await startHttpServer(
    createHttpApp({ ...app, config: { ...app.config, ...config } }),
    0,
    "127.0.0.1",
  );
  return { base: `http://127.0.0.1:${server.port}`, server, close: () => server.close() };
}

/** fetch with a cookie jar; redirects are not followed so tests can see them. */
export class Browserish {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string) {
    return this.request(path);
  }

  postForm(path: string, fields: Record<string, string>) {
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Signs in through /login with the token; returns the CSRF token forms must carry. */
  async signIn(token: string): Promise<string> {
    const form = await (await this.get("/login")).text();
    const nonce = /name="_login" value="([^"]+)"/.exec(form)?.[1];
    if (!nonce) throw new Error("no login form");
    const res = await this.postForm("/login", { token, _login: nonce, next: "/" });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
    const page = await (await this.get("/")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!csrf) throw new Error("no CSRF token on the page after sign-in");
    return csrf;
  }
}

export const ADMIN_TOKEN = "test-admin-token-0123";
