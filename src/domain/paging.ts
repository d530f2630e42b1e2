// Paging of every list the pages and the API show: a request names `limit` rows from `offset`,
// the answer holds those rows and how many there are in all. A page also stops before its JSON
// would pass LIST_ANSWER_MAX_BYTES, so that no listing grows past 1 MB however large its rows are.

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Paged<T> {
  rows: T[];
  /** Rows in the whole list, not only on this page. */
  total: number;
}

/** Default and largest `limit` of each kind of list (docs/limits.md). */
export const LIST_LIMITS = {
  /** Sources, subscribers, alert channels: small rows. */
  rows: { default: 100, max: 500 },
  /** Items and evidence: a title, a quote or a summary each. */
  items: { default: 50, max: 200 },
  /** The milestone page's evidence timeline. */
  evidence: { default: 50, max: 200 },
} as const;

/** Largest `offset` accepted: far past any real list, small enough to stay a cheap query. */
export const MAX_OFFSET = 1_000_000;

/** What one listing answer may hold, with room for the object around the rows. */
export const LIST_ANSWER_MAX_BYTES = 900_000;

/** The whole list as one page (lists the CLI prints whole). */
export function wholePage<T>(rows: T[]): Paged<T> {
  return { rows, total: rows.length };
}

/**
 * The leading rows whose JSON fits in `budget` bytes, at least one: a client that asked for many
 * large rows gets fewer and pages on from `offset + rows.length`.
 */
export function fitToBytes<T>(rows: T[], budget: number = LIST_ANSWER_MAX_BYTES): T[] {
  let used = 2;
  for (let i = 0; i < rows.length; i++) {
    used += Buffer.byteLength(JSON.stringify(rows[i]) ?? "null") + 1;
    if (used > budget && i > 0) return rows.slice(0, i);
  }
  return rows;
}

/** The neighbouring pages' offsets; null where there is none. */
export function pageNeighbours(
  page: PageRequest,
  shown: number,
  total: number,
): { previous: number | null; next: number | null } {
  return {
    previous: page.offset > 0 ? Math.max(0, page.offset - page.limit) : null,
    next: page.offset + shown < total ? page.offset + shown : null,
  };
}
