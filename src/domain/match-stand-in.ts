// TEMPORARY stand-in for the matcher (branch `matcher`, src/domain/matching/). Same exported names
// and shapes as agreed; deleted when the real matcher lands on main. Naive on purpose: a milestone
// matches when one of its terms and one AI term occur (case-insensitive substring).
import { type AgendaSpec, termText } from "./agenda.js";

export const MATCHER_VERSION = "stand-in-0";

export interface CompiledAgenda {
  slug: string;
  ai: string[];
  progress: string[];
  milestones: { slug: string; area: string; terms: string[] }[];
}

export interface MatchInput {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  language?: string | null;
  source?: number | string | null;
  publishedAt?: Date | string | null;
  url?: string | null;
}

export interface RejectedEvidence {
  milestoneSlug: string | null;
  terms?: readonly string[];
}

export interface NegativePattern {
  sourceId?: number | null;
  milestoneSlug?: string | null;
  terms: string[];
}

export interface MilestoneMatch {
  slug: string;
  area: string;
  score: number;
  progress: boolean;
  terms: string[];
  quote: string | null;
}

export interface MatchResult {
  matched: boolean;
  areas: string[];
  milestones: MilestoneMatch[];
  progress: boolean;
  score: number;
  terms: string[];
  quote: string | null;
  explanation: string;
}

const flat = (byLang: Record<string, unknown[]> | undefined): string[] =>
  Object.values(byLang ?? {}).flatMap((list) => list.map((t) => termText(t as never).term.toLowerCase()));

export function compileAgenda(agenda: AgendaSpec): CompiledAgenda {
  const m = agenda.matching as Record<string, Record<string, unknown[]>>;
  return {
    slug: agenda.slug,
    ai: flat(m.ai),
    progress: flat(m.progress),
    milestones: agenda.areas.flatMap((a) => a.milestones.map((ms) => ({ slug: ms.slug, area: a.slug, terms: flat(ms.terms) }))),
  };
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function matchItem(c: CompiledAgenda, item: MatchInput, opts: { negatives?: readonly NegativePattern[] } = {}): MatchResult {
  const text = [item.title, item.summary, item.content].filter(Boolean).join(". ");
  const lower = text.toLowerCase();
  const has = (t: string) => new RegExp(`(^|[^\\p{L}])${t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}])`, "u").test(lower);
  const none: MatchResult = { matched: false, areas: [], milestones: [], progress: false, score: 0, terms: [], quote: null, explanation: "no match" };
  const ai = c.ai.filter(has);
  if (ai.length === 0) return none;
  const progress = c.progress.filter(has);
  const itemWords = new Set(words(text));
  const sentences = text.split(/(?<=[.!?])\s+/);
  const out: MilestoneMatch[] = [];
  for (const m of c.milestones) {
    const hits = m.terms.filter(has);
    if (hits.length === 0) continue;
    const blocked = (opts.negatives ?? []).some(
      (n) =>
        (n.sourceId == null || String(n.sourceId) === String(item.source ?? "")) &&
        (n.milestoneSlug == null || n.milestoneSlug === m.slug) &&
        n.terms.length > 0 &&
        n.terms.every((t) => itemWords.has(t)),
    );
    if (blocked) continue;
    const terms = [...ai, ...hits, ...progress];
    const quote = sentences.find((s) => hits.some((h) => s.toLowerCase().includes(h))) ?? null;
    out.push({ slug: m.slug, area: m.area, score: Math.min(1, 0.4 + 0.2 * hits.length + (progress.length ? 0.2 : 0)), progress: progress.length > 0, terms, quote });
  }
  if (out.length === 0) return none;
  const best = out.reduce((a, b) => (b.score > a.score ? b : a));
  return {
    matched: true,
    areas: [...new Set(out.map((m) => m.area))],
    milestones: out,
    progress: out.some((m) => m.progress),
    score: best.score,
    terms: best.terms,
    quote: best.quote,
    explanation: `matched ${best.terms.join(", ")}`,
  };
}

/** The item's longest words that are not evidence terms: what makes this false match distinctive. */
export function learnNegativePattern(_c: CompiledAgenda, item: MatchInput, evidence: RejectedEvidence): { terms: string[] } {
  const known = new Set((evidence.terms ?? []).flatMap(words));
  const text = [item.title, item.summary, item.content].filter(Boolean).join(" ");
  const candidates = [...new Set(words(text))].filter((w) => w.length > 3 && !known.has(w));
  return { terms: candidates.sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 3) };
}
