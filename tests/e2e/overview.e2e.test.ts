// The overview in a real browser: it renders with the CSP in force (no blocked script or style),
// reads well on a laptop and a phone, and a screenshot is kept as a test artifact.
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumMissing, launchBrowser, SKIP_REASON } from "../helpers/browser.js";
import { KREMLIN_WEEK, seedSource } from "../helpers/dashboard-data.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

if (chromiumMissing) console.warn(`skipping: ${SKIP_REASON}`);

describe.skipIf(chromiumMissing)("the overview in Chromium", () => {
  let app: TestApp;
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await openTestApp({ now: fixedClock("2026-12-05T10:00:00Z") });
    await seedSource(app, "Kremlin — news", "http://en.kremlin.ru/events/president/news/feed", KREMLIN_WEEK);
    await app.services.status.refresh();
    server = await startTestServer(app, { ADMIN_TOKEN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.dispose();
  });

  it("shows the areas, countdowns and statuses in words, with nothing blocked by the CSP", async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${server.base}/`);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
    await expect
      .poll(() => page.locator("h2").allTextContents())
      .toEqual(
        expect.arrayContaining(["Economic deployment", "Education and workforce", "International expansion"]),
      );
    expect(await page.locator(".countdown .big").allTextContents()).toEqual(["26", "1487"]);
    // The stylesheet applied (the header is dark), so /static/app.css passed the CSP.
    const headerColour = await page
      .locator("header.site")
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(headerColour).toBe("rgb(19, 35, 63)");
    const atRisk = page.locator(".attention .badge-at_risk");
    expect(await atRisk.count()).toBe(3);
    expect(await atRisk.first().textContent()).toMatch(/At risk/);
    // The deadline changes recorded by the refresh are this week's news; the agenda's baseline is not.
    const changes = await page.locator(".change-list").textContent();
    expect(changes).toMatch(/Education and workforce solutions: Not started → ▲ At risk/);
    expect(changes).not.toMatch(/Presidential Commission on AI established/);
    expect(violations).toEqual([]);

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/overview.png", fullPage: true });
    await page.close();
  });

  it("fits a phone's width without sideways scrolling", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.base}/`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-artifacts/overview-phone.png" });
    await page.close();
  });
});
