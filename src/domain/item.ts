// The shape every source adapter produces and every later stage (store, match, digest) consumes.
// Adapters fill what the source gives; nothing here does I/O.

export interface ParsedItem {
  /** The source's own identifier for the entry (Atom id, RSS guid, article id), else the URL. */
  guid: string;
  /**
   * Identity across mirrors and sources: two answers with the same key are the same item.
   * Kremlin: `kremlin:<lang>:<numeric id>`; otherwise `url:<canonical url>`.
   */
  dedupKey: string;
  /** Canonical URL: https where known, tracking parameters dropped, no fragment. */
  url: string;
  title: string | null;
  summary: string | null;
  /** Full text when the source or an article page gives it. */
  content: string | null;
  /** `en`, `ru`, … or null when unknown. */
  language: string | null;
  /** Published time; null when the source gives none or it cannot be trusted. */
  publishedAt: Date | null;
  authors?: string[];
  tags?: string[];
}
