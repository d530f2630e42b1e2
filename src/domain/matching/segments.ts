// The parts of an item as findTerms tokenizes them, in this order; a sentence never crosses two.
export const SEGMENT_TITLE = 0;
export const SEGMENT_SUMMARY = 1;
/** The full text, past whose lead only the AI passages count. */
export const SEGMENT_CONTENT = 2;
/** The URL's slug, read only when the item has no title. */
export const SEGMENT_URL = 3;
