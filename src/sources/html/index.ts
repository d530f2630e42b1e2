// Generic HTML list page read with CSS selectors (options.selectors).

import { guardParse } from "../shared/errors.js";
import { ACCEPT_HTML, DEFAULT_PAGE_SCHEDULE, type SourceAdapter } from "../types.js";
import { readHtmlList } from "./list-page.js";

export const htmlAdapter: SourceAdapter = {
  kind: "html",
  label: "HTML list page (CSS selectors)",
  defaultSchedule: DEFAULT_PAGE_SCHEDULE,
  title: "HTML list page",
  describe:
    "A web page listing entries, read with CSS selectors: item (required), title, link, date, summary.",
  example: "https://example.org/press-releases/",
  listingRequests: (source) => [{ url: source.url, accept: ACCEPT_HTML, purpose: "listing" }],
  parse: (body, ctx) =>
    guardParse(ctx.url, "the page", () => ({
      items: readHtmlList(body, ctx, ctx.source.options?.selectors),
    })),
  archiveRequest: (source, page) =>
    page === 1 ? { url: source.url, accept: ACCEPT_HTML, purpose: "archive" } : null,
};
