// What an analyst does in the browser, in a real headless Chromium: sign in, add a source through
// the form and see its preview appear as the URL is typed, then confirm an evidence item and see
// the milestone's status change in place.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchBrowser, SKIP_REASON, type TestBrowser } from "../helpers/browser.js";
import { seedSource } from "../helpers/dashboard-data.js";
import { type FeedServer, startFeedServer } from "../helpers/feed-server.js";
import { DIGITAL_POLICY } from "../helpers/feeds.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

if (chromiumMissing) console.warn(`skipping: ${SKIP_REASON}`);

describe.skipIf(chromiumMissing)("analyst workflows in Chromium", () => {
  let app: TestApp;
  let server: TestServer;
  let feeds: FeedServer;
  let browser: TestBrowser;
  let evidenceId: number;

  beforeAll(async () => {
    // No politeness spacing between requests to the loopback feed server: tests must be quick.
    app = await openTestApp({ now: fixedClock("2026-11-26T10:00:00Z"), env: { FETCH_HOST_SPACING_MS: "0" } });
    feeds = await startFeedServer({
      "/digital.xml": { body: DIGITAL_POLICY, contentType: "application/rss+xml" },
    });
    evidenceId = (
      await seedSource(app, "Kremlin — news", "http://en.kremlin.ru/events/president/news/feed", [
        {
          title: "Government approves the national AI implementation plan",
          url: "http://en.kremlin.ru/events/president/news/79001",
          publishedAt: "2026-11-25T09:00:00Z",
          evidence: [
            {
              milestone: "national-ai-implementation-plan",
              progress: true,
              score: 0.7,
              quote:
                "The Government approved the national plan for the implementation of artificial intelligence.",
              terms: ["national plan", "approved"],
            },
          ],
        },
      ])
    ).evidenceIds[0]!;
    server = await startTestServer(app, { ADMIN_TOKEN });
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/login`);
    await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await feeds?.close();
    await app?.dispose();
  });

  it("adds a source through the form, previewing its items as the URL is typed", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/sources`);
    await page.getByLabel("Address (URL)").fill(feeds.url("/digital.xml"));
    // The live preview (the script from /static) fetches and lists the parsed items, nothing saved yet.
    const preview = page.locator("#source-preview");
    await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toMatch(/Found 3 items/);
    expect(await preview.textContent()).toContain("Government approves national AI implementation plan");
    expect(await app.db.prisma.source.count({ where: { url: feeds.url("/digital.xml") } })).toBe(0);

    await page.getByLabel("Name (optional)").fill("Digital policy watch");
    await page.getByRole("button", { name: "Add source" }).click();
    await page.getByText(/Added “Digital policy watch”; found 3 items/).waitFor();
    const row = page.locator("tr", { hasText: "Digital policy watch" });
    expect(await row.textContent()).toMatch(/Not polled yet/);

    await row.getByRole("button", { name: "Poll now" }).click();
    await page.getByText(/Polled “Digital policy watch”: 3 new/).waitFor();
    expect(await page.locator("tr", { hasText: "Digital policy watch" }).textContent()).toMatch(/Healthy/);
    await page.screenshot({ path: "test-artifacts/sources.png", fullPage: true });
    await page.close();
  });

  it("shows a typed error in the preview for an address that is not a feed", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/sources`);
    await page.getByLabel("Address (URL)").fill(feeds.url("/missing.xml"));
    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.locator("#source-preview").textContent(), { timeout: 15_000 })
      .toMatch(/Nothing to add \(http 404\)/);
    await page.close();
  });

  it("confirms an evidence item and sees the milestone's status change", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/milestones/national-ai-implementation-plan`);
    const status = page.locator("#milestone-status");
    expect(await status.textContent()).toMatch(/Not started/);
    const entry = page.locator(`#evidence-${evidenceId}`);
    await entry.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => status.textContent()).toMatch(/Achieved/);
    expect(await entry.locator("[data-review-state]").textContent()).toMatch(/confirmed/i);
    expect(await page.locator("#review-status").textContent()).toMatch(/The milestone is now Achieved/);
    expect(await page.locator("#status-reason").textContent()).toMatch(/^Achieved: /);
    expect(await page.locator("#status-history").textContent()).toMatch(/Not started → Achieved/);
    expect(await entry.getByRole("button", { name: "Confirm" }).isDisabled()).toBe(true);
    await page.screenshot({ path: "test-artifacts/milestone.png", fullPage: true });

    // The overview agrees after a reload.
    await page.goto(`${server.base}/`);
    const line = page.locator("article.milestone", { hasText: "National Plan for AI Implementation" });
    expect(await line.locator(".badge").first().textContent()).toMatch(/Achieved/);
    await page.close();
  });
});
