import { describe, expect, it } from "vitest";
import { pageAdapter } from "../../src/sources/page/index.js";
import type { ParseContext } from "../../src/sources/types.js";
import { NOW, catchFetchError, readFixture } from "./adapter-fixtures.js";

const URL_ = "https://centre.example.org/docs/ai-strategy?utm_source=newsletter";
const v1 = readFixture("generic/page-v1.html");
const v2 = readFixture("generic/page-v2.html");

function ctx(previousSnapshot: string | null): ParseContext {
  return { url: URL_, source: { url: URL_, kind: "page" }, now: NOW, previousSnapshot };
}

describe("page adapter: one page watched for changes", () => {
  const first = pageAdapter.parse(v1, ctx(null));

  it("describes the page on its first poll and remembers its text", () => {
    expect(first.items).toHaveLength(1);
    const item = first.items[0]!;
    expect(item.title).toBe("AI strategy documents | Analytical Centre (example)");
    expect(item.url).toBe("https://centre.example.org/docs/ai-strategy");
    expect(item.dedupKey).toMatch(/^page:https:\/\/centre\.example\.org\/docs\/ai-strategy:[0-9a-f]{16}$/);
    expect(item.content).toContain("Amendments to the National Strategy (2024)");
    expect(first.snapshot).toBe(item.content);
    // Navigation, scripts and footers are not the page's text.
    expect(first.snapshot).not.toMatch(/Visitors today|renderedAt|Home/);
  });

  it("stores nothing when only the page's chrome changed", () => {
    const chromeOnly = v1
      .replace("Visitors today: 1,204", "Visitors today: 9,999")
      .replace("10:00</span>", "11:11</span>");
    const again = pageAdapter.parse(chromeOnly, ctx(first.snapshot!));
    expect(again.items).toEqual([]);
    expect(again.snapshot).toBe(first.snapshot);
  });

  it("ignores navigation, header and footer on a page without a <main> element", () => {
    const page = (visitors: string, extra = "") =>
      `<html><body><nav><a href="/">Home</a> ${visitors}</nav><h1>Orders</h1><p>Order 1 signed.</p>${extra}` +
      `<footer>Visitors: ${visitors}</footer></body></html>`;
    const before = pageAdapter.parse(page("10"), ctx(null));
    expect(before.snapshot).toBe("Orders\n\nOrder 1 signed.");
    expect(pageAdapter.parse(page("11"), ctx(before.snapshot!)).items).toEqual([]);
    const after = pageAdapter.parse(page("12", "<p>Order 2 signed.</p>"), ctx(before.snapshot!));
    expect(after.items[0]!.content).toBe("Order 2 signed.");
  });

  it("lists what was added when the text changed", () => {
    const changed = pageAdapter.parse(v2, ctx(first.snapshot!));
    expect(changed.items).toHaveLength(1);
    const item = changed.items[0]!;
    expect(item.title).toBe("Changed: AI strategy documents | Analytical Centre (example)");
    expect(item.content).toBe(
      "Plan for implementing the National Strategy, approved April 10, 2026\n\nLast reviewed: April 2026.",
    );
    expect(item.summary).toMatch(/^2 line\(s\) added: Plan for implementing the National Strategy/);
    expect(item.summary).toContain("1 line(s) removed.");
    expect(item.dedupKey).not.toBe(first.items[0]!.dedupKey);
    expect(item.publishedAt).toEqual(NOW);
    expect(changed.snapshot).toContain("approved April 10, 2026");
  });

  it("gives the same key for the same new version, so a repeat poll stores nothing new", () => {
    const a = pageAdapter.parse(v2, ctx(first.snapshot!)).items[0]!;
    const b = pageAdapter.parse(v2, ctx(first.snapshot!)).items[0]!;
    expect(a.dedupKey).toBe(b.dedupKey);
  });

  it("reports a page with no text as empty and a captcha as blocked", () => {
    expect(
      catchFetchError(() => pageAdapter.parse("<html><body><script>x()</script></body></html>", ctx(null)))
        .kind,
    ).toBe("empty");
    expect(
      catchFetchError(() => pageAdapter.parse(readFixture("generic/cloudflare-challenge.html"), ctx(null)))
        .kind,
    ).toBe("blocked");
  });
});
