// The matcher's inputs and results, apart from the stages that compute them, so that each stage
// can name them without importing the matcher that calls it.
/** Whose voice a source is: the agenda's state speaking (`official`) or others reporting (`press`). */
export type Voice = "official" | "press";

/** What a piece of evidence reports: a deed done, a deed asked for (with its deadline), or talk. */
export type Nature = "step" | "instruction" | "discussion";
export const NATURES: readonly Nature[] = ["step", "instruction", "discussion"];

export interface MatchInput {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  language?: string | null;
  /** The stored source's id; negative patterns are per source. */
  source?: number | string | null;
  /** Whose voice the source is; absent: official when the URL is on an official site, else press. */
  voice?: Voice | null;
  publishedAt?: Date | string | null;
  /** Its host can tie the item to the agenda (an official site); its slug stands in for a missing title. */
  url?: string | null;
}

export interface NegativePattern {
  sourceId?: number | null;
  milestoneSlug?: string | null;
  /**
   * Stems (as the matcher computes them) of what made a rejected item a false match; the pattern
   * applies to an item whose words contain most of them (see `negativeApplies`).
   */
  terms: string[];
}

export interface MilestoneMatch {
  slug: string;
  area: string;
  score: number;
  /** True for a step or an instruction (`nature`). */
  progress: boolean;
  nature: Nature;
  terms: string[];
  quote: string | null;
}

export interface MatchResult {
  matched: boolean;
  /** Areas, milestones and `score` (0–1, how strongly the item bears on the agenda) are empty/0 when not matched. */
  areas: string[];
  milestones: MilestoneMatch[];
  progress: boolean;
  nature: Nature;
  /** The date an instruction sets (YYYY-MM-DD), when its text gives one. */
  deadline: string | null;
  /**
   * Matched on what crosses languages only (names, cognates of "artificial intelligence"): an item
   * in a language the agenda's areas are not written in.
   */
  crossLanguage: boolean;
  score: number;
  terms: string[];
  quote: string | null;
  explanation: string;
}

export interface MatchOptions {
  negatives?: readonly NegativePattern[];
  /**
   * false: leave out what only a reader of one result needs, the explanation (an empty string) and
   * the item's own terms (empty); the decision, the milestones and their terms and quotes are the
   * same. Matching on intake stores only the milestones: a first poll of 1,000 new sources
   * matches 20,000 items, and writing their explanations was a tenth of what matching allocated.
   */
  explain?: boolean;
}
