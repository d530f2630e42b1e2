// Which milestones of the matched areas an item is evidence for, whether each reports a step, an
// instruction or only talk, and how much each milestone's score (what the status engine reads) is.
import type { CompiledAgenda } from "./compile.js";
import type { WeighedTerms } from "./finds.js";
import type { MilestoneMatch, Nature } from "./model.js";
import { SEGMENT_TITLE, SEGMENT_URL } from "./segments.js";
import { analyseSentences, type SentenceInfo, sentencesWith, trimQuote } from "./sentences.js";
import { outermost } from "./terms-text.js";

/** Share of a milestone's score that depends on the evidence being its own, and on a reported step. */
const SPECIFIC_SHARE = 0.25;
const STEP_SHARE = 0.25;
/** Own (name-discounted) milestone terms weighing this much make the evidence fully specific. */
const FULL_SPECIFICITY = 3;
/** A progress cue this strong (signed, approved, allocated…) is a full step; a weaker one half. */
const STRONG_STEP = 2;

/** The item's sentences read for progress and quotes. */
export class SentenceReading {
  readonly info: SentenceInfo[];
  readonly progressSentences: number[];
  private readonly quotes: (string | undefined)[] = [];

  constructor(
    private readonly ev: WeighedTerms,
    private readonly progressThreshold: number,
  ) {
    this.info = analyseSentences(ev);
    this.progressSentences = [];
    for (let i = 0; i < this.info.length; i++) if (this.isProgress(i)) this.progressSentences.push(i);
  }

  /** Progress cues outweigh talk by the threshold, in the title or next to the agenda's terms. */
  isProgress(i: number): boolean {
    const s = this.info[i]!;
    const seg = this.ev.tok.sentences[i]!.segment;
    return (
      seg !== SEGMENT_URL &&
      s.progressNet >= this.progressThreshold &&
      (s.relevance > 0 || seg === SEGMENT_TITLE)
    );
  }

  /** A step when one progress sentence reports the deed; an instruction when they only ask for it. */
  natureOf(list: readonly number[]): Nature {
    let instruction = false;
    for (const i of list) {
      if (!this.isProgress(i)) continue;
      if (!this.info[i]!.instruction) return "step";
      instruction = true;
    }
    return instruction ? "instruction" : "discussion";
  }

  /**
   * How strong the step reported in these sentences is: 1 for a strong cue, ½ for a weaker one or
   * for an instruction (a commitment can put a milestone in progress, never achieve it).
   */
  stepIn(list: readonly number[]): number {
    let top = 0;
    let instruction = false;
    for (const i of list) {
      top = Math.max(top, this.info[i]!.progressTop);
      if (this.info[i]!.instruction) instruction = true;
    }
    return top >= STRONG_STEP ? 1 : top > 0 || instruction ? 0.5 : 0;
  }

  /** The most relevant candidate sentence (a progress one first when `preferProgress`), trimmed. */
  quoteFrom(candidates: readonly number[], preferProgress: boolean): string | null {
    let best = -1;
    let bestScore = -1;
    for (const i of candidates) {
      if (this.ev.tok.sentences[i]!.segment === SEGMENT_URL) continue;
      const score = this.info[i]!.relevance + (preferProgress && this.isProgress(i) ? 1000 : 0);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) return null;
    // The item's quote and its milestones' are often the same sentence: cut it once.
    let q = this.quotes[best];
    if (q === undefined) {
      const s = this.ev.tok.sentences[best]!;
      q = trimQuote(this.ev.tok.text.slice(s.start, s.end), Math.max(0, this.info[best]!.firstHitOffset));
      this.quotes[best] = q;
    }
    return q;
  }

  /** The item's own quote: its most relevant sentence, a progress one when it reports progress. */
  itemQuote(progress: boolean): string | null {
    const all = this.info.map((_, i) => i);
    const relevant = all.filter((i) => this.info[i]!.relevance > 0);
    return this.quoteFrom(relevant.length ? relevant : all, progress);
  }
}

type Candidate = MilestoneMatch & { step: number; specificity: number; own: number; inTitle: boolean };

/** The milestones of each matched area: those whose own terms are strong enough, else its fallback. */
export function chooseMilestones(
  compiled: CompiledAgenda,
  ev: WeighedTerms,
  weights: Map<string, number>,
  areas: readonly string[],
  reading: SentenceReading,
  progress: boolean,
  itemQuote: string | null,
): Candidate[] {
  const m = compiled.matching;
  const found: { slug: string; score: number; target: string }[] = [];
  for (const [target, terms] of ev.byTarget) {
    if (!target.startsWith("milestone:")) continue;
    let s = 0;
    for (const v of terms.values()) s += v;
    found.push({ slug: target.slice(10), score: s, target });
  }
  const out: Candidate[] = [];
  for (const areaSlug of areas) {
    const area = compiled.areas.find((a) => a.slug === areaSlug)!;
    // Only milestones whose terms were found are candidates: the cost does not grow with the agenda.
    let chosen = found
      .filter((x) => x.score >= m.thresholds.milestone && compiled.milestoneArea.get(x.slug) === areaSlug)
      .sort((a, b) => b.score - a.score);
    if (chosen.length === 0) {
      const fallback =
        m.fallbackMilestones[areaSlug] ?? (area.milestones.length === 1 ? area.milestones[0] : undefined);
      if (fallback && area.milestones.includes(fallback))
        chosen = [{ slug: fallback, score: 0, target: `milestone:${fallback}` }];
    }
    for (const c of chosen) {
      // A fallback milestone has no terms of its own: its area's sentences stand for it.
      const own = sentencesWith(ev, c.score > 0 ? c.target : area.target);
      const ownProgress = own.filter((i) => reading.isProgress(i));
      const ownWeight = c.score > 0 ? (weights.get(c.target) ?? 0) : 0;
      out.push({
        slug: c.slug,
        area: areaSlug,
        score: 0,
        progress: progress && ownProgress.length > 0,
        nature: progress ? reading.natureOf(ownProgress) : "discussion",
        terms: outermost(ev, (f) => f.target === c.target || f.target === area.target),
        quote: own.length ? reading.quoteFrom(own, progress) : itemQuote,
        step: reading.stepIn(ownProgress),
        own: ownWeight,
        inTitle: c.score > 0 && own.some((i) => ev.tok.sentences[i]!.segment === SEGMENT_TITLE),
        specificity: Math.min(1, ownWeight / FULL_SPECIFICITY),
      });
    }
  }
  return out;
}

/**
 * Each milestone's score: the item's score weighed by how specific the evidence is to it and by the
 * step reported. Progress goes to the milestones named in a progress sentence, else to the most
 * specific one.
 */
export function scoreMilestones(
  list: Candidate[],
  reading: SentenceReading,
  progress: boolean,
  score: number,
): void {
  if (progress && list.length && !list.some((x) => x.progress)) {
    const top = list.reduce((a, b) => (b.specificity > a.specificity ? b : a));
    top.progress = true;
    top.nature = reading.natureOf(reading.progressSentences);
    top.step = reading.stepIn(reading.progressSentences) / 2;
  }
  // Evidence spread over several milestones ("a plan for industry, logistics and energy") is less
  // specific to each of them: specificity is scaled by the milestone's share of it. The milestones
  // the title names are what the item is about: their share is counted among themselves, and the
  // others, when the title names some, are context, credited half the step.
  const total = (l: Candidate[]) => l.reduce((acc, x) => acc + x.own, 0);
  const totalOwn = total(list);
  const titled = total(list.filter((x) => x.inTitle));
  for (const x of list) {
    const among = x.inTitle ? titled : totalOwn;
    if (among > 0) x.specificity *= Math.sqrt(x.own / among);
    if (titled > 0 && !x.inTitle) x.step /= 2;
    const share = 1 - SPECIFIC_SHARE - STEP_SHARE + SPECIFIC_SHARE * x.specificity;
    x.score = round(score * (share + STEP_SHARE * (x.progress ? x.step : 0)));
  }
}

/**
 * Progress the learned layer read and the rules did not goes to the most specific milestone, with no
 * step in its score: a commitment or a step the rules could not read never achieves a milestone.
 */
export function markLearnedProgress(list: Candidate[], nature: Nature): void {
  if (list.length === 0) return;
  const top = list.reduce((a, b) => (b.specificity > a.specificity ? b : a));
  top.progress = true;
  top.nature = nature;
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
