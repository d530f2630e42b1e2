import { describe, expect, it } from "vitest";
import { telegramAdapter } from "../../src/sources/telegram/index.js";
import { titleFromText } from "../../src/sources/telegram/channel-page.js";
import { previewUrl } from "../../src/sources/telegram/urls.js";
import { catchFetchError, ctx, readFixture } from "./adapter-fixtures.js";

const PREVIEW = "https://t.me/s/government_rus";

describe("telegram adapter: a channel's web preview", () => {
  const result = telegramAdapter.parse(readFixture("telegram/channel-page.html"), ctx("telegram", PREVIEW));

  it("gives one item per message with text, newest first, linked and keyed by channel and id", () => {
    expect(result.items.map((i) => i.url)).toEqual([
      "https://t.me/government_rus/14305",
      "https://t.me/government_rus/14303",
      "https://t.me/government_rus/14301",
    ]);
    expect(result.items.map((i) => i.guid)).toEqual([
      "telegram:government_rus/14305",
      "telegram:government_rus/14303",
      "telegram:government_rus/14301",
    ]);
  });

  it("skips media-only and service messages", () => {
    const urls = result.items.map((i) => i.url);
    expect(urls).not.toContain("https://t.me/government_rus/14302");
    expect(urls).not.toContain("https://t.me/government_rus/14304");
  });

  it("takes the date from <time datetime> and the title from the first line", () => {
    const plan = result.items[2]!;
    expect(plan.publishedAt?.toISOString()).toBe("2026-04-10T09:15:04.000Z");
    expect(plan.title).toBe(
      "Михаил Мишустин утвердил план мероприятий по развитию искусственного интеллекта на 2026–2027 годы.",
    );
    expect(plan.language).toBe("ru");
  });

  it("keeps links in the text, with their addresses, and hashtags as words", () => {
    const plan = result.items[2]!;
    expect(plan.content).toContain("на сайте Правительства (http://government.ru/news/55123/).");
    expect(plan.content).toContain("#ИИ");
    expect(plan.content).not.toContain("?q=");
    const decree = result.items[0]!;
    expect(decree.content).toContain(
      "(http://publication.pravo.gov.ru/document/0001202604100012?index=1&rangeSize=1)",
    );
  });

  it("reads a reply's own text, not the quoted message it answers", () => {
    expect(result.items[0]!.title).toBe(
      "Полный текст распоряжения № 912-р опубликован: publication.pravo.gov.ru/document/0001202604100012",
    );
    expect(result.items[0]!.content).not.toContain("Михаил Мишустин");
  });

  it("uses the first sentence as title when the first line runs long", () => {
    expect(result.items[1]!.title).toBe(
      "Дмитрий Григоренко: «Суверенные большие языковые модели должны быть доступны каждому ведомству уже в этом году».",
    );
    expect(titleFromText("Short line\nSecond line")).toBe("Short line");
  });

  it("points backfill at the older messages through ?before=", () => {
    expect(result.nextPageUrl).toBe("https://t.me/s/government_rus?before=14301");
    const older = telegramAdapter.parse(
      readFixture("telegram/channel-page-before-14301.html"),
      ctx("telegram", "http://127.0.0.1:4000/s/government_rus?before=14301"),
    );
    expect(older.items.map((i) => i.url)).toEqual([
      "https://t.me/government_rus/14300",
      "https://t.me/government_rus/14298",
    ]);
    expect(older.items[0]!.title).toBe("Заседание Правительства 9 апреля");
    expect(older.nextPageUrl).toBe("http://127.0.0.1:4000/s/government_rus?before=14298");
    const oldest = telegramAdapter.parse(
      readFixture("telegram/channel-page-before-14298.html"),
      ctx("telegram", "http://127.0.0.1:4000/s/government_rus?before=14298"),
    );
    expect(oldest.items.map((i) => i.url)).toEqual(["https://t.me/government_rus/14297"]);
    expect(oldest.nextPageUrl).toBeNull();
  });

  it("reads a channel address as its preview page", () => {
    expect(previewUrl("https://t.me/government_rus")).toBe(PREVIEW);
    expect(previewUrl("https://telegram.me/s/government_rus?before=10")).toBe(`${PREVIEW}?before=10`);
    expect(
      telegramAdapter.listingRequests({ url: "https://t.me/government_rus", kind: "telegram" })[0]!.url,
    ).toBe(PREVIEW);
    expect(previewUrl("http://127.0.0.1:4000/s/x")).toBe("http://127.0.0.1:4000/s/x");
  });

  it("says in words when a page is not a channel preview", () => {
    const e = catchFetchError(() =>
      telegramAdapter.parse(readFixture("generic/plain-html-page.html"), ctx("telegram", PREVIEW)),
    );
    expect(e.kind).toBe("not-a-feed");
    expect(e.message).toContain("is not a Telegram channel preview");
  });
});
