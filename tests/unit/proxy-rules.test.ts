import { describe, expect, it } from "vitest";
import {
  bypassesProxy,
  chooseProxy,
  maskCredentials,
  parseProxyUrl,
  proxyEnvironment,
} from "../../src/domain/proxy-rules.js";

describe("proxy rules (curl's conventions)", () => {
  it("reads either case, lower case first, ALL_PROXY as the fallback", () => {
    expect(
      proxyEnvironment({ HTTP_PROXY: "http://a:1", http_proxy: "http://b:2", ALL_PROXY: "socks5://c:3" }),
    ).toEqual({
      httpProxy: "http://b:2",
      httpsProxy: "socks5://c:3",
      noProxy: null,
    });
    expect(proxyEnvironment({ HTTPS_PROXY: "http://a:1", no_proxy: "x.org" })).toMatchObject({
      httpProxy: null,
      httpsProxy: "http://a:1",
      noProxy: "x.org",
    });
  });

  it("matches NO_PROXY names with their subdomains, IPs and CIDR ranges, and *", () => {
    const no = "example.org, .corp.local, 10.0.0.0/8, ::1, intranet:8080";
    expect(bypassesProxy("example.org", no)).toBe(true);
    expect(bypassesProxy("news.example.org", no)).toBe(true);
    expect(bypassesProxy("badexample.org", no)).toBe(false);
    expect(bypassesProxy("wiki.corp.local", no)).toBe(true);
    expect(bypassesProxy("10.20.30.40", no)).toBe(true);
    expect(bypassesProxy("11.0.0.1", no)).toBe(false);
    expect(bypassesProxy("[::1]", no)).toBe(true);
    expect(bypassesProxy("intranet", no)).toBe(true);
    expect(bypassesProxy("anything.ru", "*")).toBe(true);
    expect(bypassesProxy("kremlin.ru", null)).toBe(false);
  });

  it("picks the proxy by the target's scheme; a source's own proxy wins, NO_PROXY included", () => {
    const env = { httpProxy: "http://h:3128", httpsProxy: "http://s:3129", noProxy: "kremlin.ru" };
    expect(chooseProxy(new URL("http://x.org/"), env)?.host).toBe("h");
    expect(chooseProxy(new URL("https://x.org/"), env)?.port).toBe(3129);
    expect(chooseProxy(new URL("http://kremlin.ru/feed"), env)).toBeNull();
    expect(chooseProxy(new URL("http://kremlin.ru/feed"), env, "socks5h://own:1080")?.protocol).toBe(
      "socks5h:",
    );
    expect(chooseProxy(new URL("http://x.org/"), env, "direct")).toBeNull();
  });

  it("reads proxy addresses, with curl's defaults, and never shows their credentials", () => {
    expect(parseProxyUrl("proxy.corp:3128")).toMatchObject({
      protocol: "http:",
      host: "proxy.corp",
      port: 3128,
    });
    expect(parseProxyUrl("socks5://127.0.0.1")).toMatchObject({ port: 1080 });
    const p = parseProxyUrl("http://an%40lyst:s3cret@proxy.corp:3128");
    expect(p).toMatchObject({ username: "an@lyst", password: "s3cret", shown: "http://***@proxy.corp:3128" });
    expect(maskCredentials("http://user:pw@host:1")).toBe("http://***@host:1");
    expect(maskCredentials("http://host:1")).toBe("http://host:1");
    expect(() => parseProxyUrl("https://user:pw@proxy:443")).toThrow(/not supported/);
    expect(() => parseProxyUrl("https://user:pw@proxy:443")).not.toThrow(/pw/);
    expect(() => parseProxyUrl("http://proxy:3128/path")).toThrow(/scheme:\/\/host:port/);
  });
});
