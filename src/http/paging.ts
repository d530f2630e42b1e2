// How a page of a list is answered: the rows as today (an array stays an array), with the whole
// list's size in `X-Total-Count` and the neighbouring pages in `Link` (RFC 8288), or as links
// under an HTML list.
import { type PageRequest, type Paged, pageNeighbours } from "../domain/paging.js";
import type { HttpContext } from "./env.js";

export interface PageLinks {
  /** 1-based positions of the first and last row shown (0 and 0 when none). */
  from: number;
  to: number;
  total: number;
  previous: string | null;
  next: string | null;
}

/** This request's path and query with another offset, the same limit and filters. */
function pageHref(c: HttpContext, page: PageRequest, offset: number): string {
  const url = new URL(c.req.url);
  url.searchParams.set("offset", String(offset));
  url.searchParams.set("limit", String(page.limit));
  return `${url.pathname}?${url.searchParams.toString()}`;
}

export function pageLinks(c: HttpContext, page: PageRequest, shown: number, total: number): PageLinks {
  const { previous, next } = pageNeighbours(page, shown, total);
  return {
    from: shown === 0 ? 0 : page.offset + 1,
    to: page.offset + shown,
    total,
    previous: previous === null ? null : pageHref(c, page, previous),
    next: next === null ? null : pageHref(c, page, next),
  };
}

/** Sets `X-Total-Count` and `Link` for a page of `shown` rows out of `total`. */
export function setPageHeaders(c: HttpContext, page: PageRequest, shown: number, total: number): void {
  const links = pageLinks(c, page, shown, total);
  c.header("X-Total-Count", String(total));
  const link = [
    links.previous ? `<${links.previous}>; rel="prev"` : null,
    links.next ? `<${links.next}>; rel="next"` : null,
  ].filter((l) => l !== null);
  if (link.length) c.header("Link", link.join(", "));
}

/** A page of a list as the JSON array it always was, with the paging headers. */
export function pagedJson<T>(c: HttpContext, page: PageRequest, paged: Paged<T>) {
  setPageHeaders(c, page, paged.rows.length, paged.total);
  return c.json(paged.rows);
}
