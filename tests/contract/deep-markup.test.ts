// A feed item or page of 200,000 nested elements (1 MB, well under the fetch cap) once froze the
// service for minutes: text extraction was quadratic in depth. These are hang detectors: the bound
// is generous and fails only when the work does not finish, never as a timing target.
import { describe, expect, it } from "vitest";
import { parseBody } from "../../src/infra/parse-pool.js";
import { htmlAdapter } from "../../src/sources/html/index.js";
import { pageAdapter } from "../../src/sources/page/index.js";
import { rssAdapter } from "../../src/sources/rss/index.js";
import { atomAdapter } from "../../src/sources/atom/index.js";
import { htmlToText } from "../../src/sources/shared/text.js";
import { ctx } from "./adapter-fixtures.js";

const DEPTH = 200_000;
const HANG_MS = 120_000;
const nested = `${"<div>".repeat(DEPTH)}The agency published its AI report.${"</div>".repeat(DEPTH)}`;
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

describe("200,000 nested elements", () => {
  it("htmlToText returns the text", { timeout: HANG_MS }, () => {
    expect(htmlToText(`<p>Intro</p>${nested}<script>${"<div>".repeat(1000)}</script>`)).toBe(
      "Intro\n\nThe agency published its AI report.",
    );
  });

  it("an RSS item's description is read to its text", { timeout: HANG_MS }, () => {
    const body =
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Report</title>` +
      `<link>https://deep.example.org/report</link><description>${escapeXml(nested)}</description></item></channel></rss>`;
    const { items } = rssAdapter.parse(body, ctx("rss", "https://deep.example.org/rss"));
    expect(items[0]!.summary).toBe("The agency published its AI report.");
  });

  it("an Atom entry's XHTML content is read to its text", { timeout: HANG_MS }, () => {
    const body =
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title><entry><id>urn:x</id><title>Report</title>` +
      `<link href="https://deep.example.org/report"/><content type="xhtml">` +
      `<div xmlns="http://www.w3.org/1999/xhtml">${nested}</div></content></entry></feed>`;
    const { items } = atomAdapter.parse(body, ctx("atom", "https://deep.example.org/atom"));
    expect(items[0]!.content).toBe("The agency published its AI report.");
  });

  it("a watched page and a listing page keep their text", { timeout: HANG_MS }, () => {
    const page = `<!DOCTYPE html><html><head><title>Deep</title></head><body><main>${nested}</main></body></html>`;
    const watched = pageAdapter.parse(page, ctx("page", "https://deep.example.org/page"));
    expect(watched.snapshot).toContain("The agency published its AI report.");
    const list = `<!DOCTYPE html><html><body><ul><li><a href="/r">Report</a>${nested}</li></ul></body></html>`;
    const source = {
      url: "https://deep.example.org/list",
      kind: "html" as const,
      options: { selectors: { item: "li", title: "a", link: "a" } },
    };
    const { items } = htmlAdapter.parse(list, { ...ctx("html", source.url), source });
    expect(items.map((i) => i.title)).toEqual(["Report"]);
  });

  it("a large body is parsed off the main thread, which keeps running meanwhile", {
    timeout: HANG_MS,
  }, async () => {
    const body =
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Report</title>` +
      `<link>https://deep.example.org/report</link><description>${escapeXml(nested)}</description></item></channel></rss>`;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const { items } = await parseBody(rssAdapter, body, ctx("rss", "https://deep.example.org/rss"));
    clearInterval(timer);
    expect(items[0]!.summary).toBe("The agency published its AI report.");
    // The main thread's timers fired while the worker parsed.
    expect(ticks).toBeGreaterThan(1);
  });
});
