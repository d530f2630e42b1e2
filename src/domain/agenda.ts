// The agenda as data: areas, milestones, and the terms the matcher uses, read from a versioned
// JSON file (prisma/agenda/*.json). This module only validates and shapes it; it does no I/O.
import { z } from "zod";
import type { CategorizedError, ErrorCategory } from "./error-category.js";
import { type LearnedModel, learnedModelSchema, modelMismatch } from "./matching/learned.js";

export const MILESTONE_KINDS = ["deadline", "event", "recurring", "ongoing"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_STATUSES = [
  "not_started",
  "in_progress",
  "at_risk",
  "achieved",
  "partially_achieved",
  "stalled",
  "overdue",
  "ongoing",
] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "is not a real calendar date");

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens");

/**
 * A term is a word or phrase, optionally with a weight (default 1). Words are compared by their
 * Snowball stem, so one form covers a word's inflections. Inside a term's text a word written
 * `=word` must appear in exactly that form (tense matters: "=подписал" but not "подпишет"), and
 * `word*` matches any word starting so. Acronyms of up to three capitals ("AI", "ИИ", "SCO") match
 * only when written in capitals, so "Ai Weiwei" is not AI.
 */
export const termSchema = z.union([
  z.string().min(1),
  z.object({
    term: z.string().min(1),
    weight: z.number().positive().default(1),
    /** How many other words may stand between two words of a phrase (proximity); default 1. */
    window: z.number().int().min(0).max(8).optional(),
    /** Require the capitalisation written in the term (for names that are also common words). */
    caseSensitive: z.boolean().optional(),
    /**
     * A name whose words count for nothing else: "Russian Direct Investment Fund" is an anchor, but
     * its "investment fund" is not evidence of funding. Negative phrases are always exclusive.
     */
    exclusive: z.boolean().optional(),
    /**
     * Languages whose items do not read this term: a word that is another word there (the English
     * "course" is a race in French, and "training" shares its stem with French "en train de").
     */
    notIn: z.array(z.string().min(2).max(8)).optional(),
  }),
]);
export type Term = z.infer<typeof termSchema>;

/** Terms by language code (`en`, `ru`, …). */
export const termsByLanguageSchema = z.record(z.string(), z.array(termSchema)).default({});
export type TermsByLanguage = z.infer<typeof termsByLanguageSchema>;

/**
 * `matching.learned`: null, the model's file name (before the loader reads it), or the model, whose
 * problems are told one by one (a union would only say "Invalid input").
 */
function learnedModelOrName(value: unknown, ctx: z.RefinementCtx): string | LearnedModel | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  const parsed = learnedModelSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: "custom", path: issue.path.map(String), message: issue.message });
  return z.NEVER;
}

/**
 * What makes an item a match at all, and whether it reports progress. Every list is terms by
 * language; the language only groups them (each word is stemmed by its own script), so an English
 * item that names "ГигаЧат" still matches. All fields are optional so older agenda files still load.
 */
export const matchingSchema = z
  .object({
    /** The item is about AI. */
    ai: termsByLanguageSchema,
    /** The item names this agenda's country, its state, its bodies, companies or programmes. */
    agenda: termsByLanguageSchema,
    /**
     * Generic state words (government, president, ministry): they stand for this agenda's state only
     * when the item names no foreign actor, or names this agenda's country as well.
     */
    state: termsByLanguageSchema,
    /** Other countries and their actors: AI news about them is not this agenda's. */
    foreign: termsByLanguageSchema,
    /** Cues of a concrete step taken (signed, approved, launched, allocated). */
    progress: termsByLanguageSchema,
    /**
     * Cues of a commitment asked for (instructed to, must submit by, поручено): progress, but a
     * promise of the step, never the step itself.
     */
    instruction: termsByLanguageSchema,
    /**
     * Future cues of a delivery ("will prepare", "подготовит", "будет разработан"): an instruction
     * (an official's commitment) when their sentence also names the agenda's actor and a deadline.
     */
    commitment: termsByLanguageSchema,
    /**
     * Infinitives a decree's clause opens with, for the decree's own act ("Утвердить прилагаемую…",
     * "Образовать…"): a step, or an instruction when addressed to somebody ("Правительству: утвердить").
     */
    decreeAct: termsByLanguageSchema,
    /** Infinitives a decree's clause opens with, for a deed it orders ("Обеспечить…", "Рекомендовать…"). */
    decreeOrder: termsByLanguageSchema,
    /**
     * Present-tense cues of a system in use ("анализирует", "is used", "helps"): progress when an AI
     * term comes before the cue in the same sentence (the AI system is what is at work), not when AI
     * is only the means of somebody else ("fraudsters use AI").
     */
    inUse: termsByLanguageSchema,
    /** Cues of talk, plans, modality and forecasts; they cancel progress cues in the same sentence. */
    discussion: termsByLanguageSchema,
    /**
     * Topics that are not state policy (sport, games, entertainment, the arts): an item whose policy
     * evidence they outweigh, and that reports no step by the state, is trivia, not a match.
     */
    offTopic: termsByLanguageSchema,
    /**
     * Words of AI misused (a deepfake, a scam, disinformation): an item whose only policy words are
     * these, and in which nobody of the agenda does, orders or says anything, is an anecdote of
     * misuse (a fake video of the leader, a campaign others blame on the state), not the agenda's
     * evidence. They are also the risk area's words, where the state acts against them.
     */
    misuse: termsByLanguageSchema,
    /** Phrases whose words must not count for anything ("intelligence service"). */
    negative: termsByLanguageSchema,
    /**
     * The country as a place ("in Russia", "в России"): opening a sentence, it sets the scene and
     * names no actor, so the anchors inside count for nothing there.
     */
    place: termsByLanguageSchema,
    /** Web sites whose items are by definition about this agenda's state (host suffix → weight). */
    hosts: z.record(z.string(), z.number().positive()).default({}),
    /**
     * Items in these languages that name no foreign actor are taken to be domestic: the weight an
     * implicit mention of the agenda's country gets.
     */
    implicitAgenda: z.record(z.string(), z.number().nonnegative()).default({}),
    /** The area a match falls in when no area's own terms are strong enough. */
    defaultArea: z.string().nullable().default(null),
    /** The milestone evidence goes to when its area matched but none of its milestones' terms did. */
    fallbackMilestones: z.record(z.string(), z.string()).default({}),
    /**
     * The learned layer (learned.ts): written by `npm run fit` beside the agenda, named here by its
     * file name, which the agenda loader replaces with the model itself.
     */
    learned: z.unknown().optional().transform(learnedModelOrName),
    thresholds: z
      .object({
        ai: z.number().positive().default(1),
        agenda: z.number().positive().default(2),
        /** agenda + best area score an item needs when the agenda evidence alone is not strong. */
        relevance: z.number().positive().default(4),
        /** agenda evidence strong enough to match without area terms (the default area then applies). */
        strongAgenda: z.number().positive().default(4),
        area: z.number().positive().default(2),
        milestone: z.number().positive().default(1),
        progress: z.number().positive().default(1),
        /** The default area beside another must weigh this share of the other's evidence (0: any). */
        defaultAreaShare: z.number().min(0).max(2).default(0),
      })
      .default({
        ai: 1,
        agenda: 2,
        relevance: 4,
        strongAgenda: 4,
        area: 2,
        milestone: 1,
        progress: 1,
        defaultAreaShare: 0,
      }),
  })
  .catchall(z.unknown());
export type MatchingSpec = z.infer<typeof matchingSchema>;

const citationSchema = z.object({ title: z.string(), url: z.url(), date: isoDate });

export const milestoneSchema = z.object({
  slug,
  title: z.string().min(1),
  description: z.string().default(""),
  due: isoDate.nullable().default(null),
  kind: z.enum(MILESTONE_KINDS),
  recurrence: z.enum(["yearly"]).optional(),
  /** Days without evidence after which an unachieved milestone counts as stalled. */
  cadenceDays: z.number().int().positive().nullable().default(null),
  terms: termsByLanguageSchema,
  /** What the agenda's own source states as done. */
  baseline: z
    .object({ status: z.enum(MILESTONE_STATUSES), at: isoDate, citation: citationSchema })
    .nullable()
    .default(null),
});
export type MilestoneSpec = z.infer<typeof milestoneSchema>;

export const areaSchema = z.object({
  slug,
  title: z.string().min(1),
  objective: z.string().min(1),
  horizon: z.string().min(1),
  terms: termsByLanguageSchema,
  milestones: z.array(milestoneSchema).min(1),
});
export type AreaSpec = z.infer<typeof areaSchema>;

export const defaultSourceSchema = z.object({
  name: z.string().min(1),
  url: z.url(),
  kind: z.string().min(1),
  language: z.string().nullable().default(null),
  /** Whose voice the source is; absent: its adapter's (the Kremlin official, Reuters press). */
  voice: z.enum(["official", "press"]).optional(),
  schedule: z.string().default("*/15 * * * *"),
  options: z.record(z.string(), z.unknown()).default({}),
});
export type DefaultSourceSpec = z.infer<typeof defaultSourceSchema>;

export const agendaSchema = z
  .object({
    slug,
    version: z.string().min(1),
    title: z.string().min(1),
    description: z.string().default(""),
    /**
     * Where the agenda's record starts (for the shipped one, the decree of 26 February 2026 that set
     * up the commission): a new database's default sources are backfilled back to it.
     */
    since: isoDate.optional(),
    citation: citationSchema.optional(),
    /** Everything the matcher needs beyond area and milestone terms: context, progress cues, negatives. */
    matching: matchingSchema.default(matchingSchema.parse({})),
    /** Groups of names that mean the same thing across scripts (GigaChat / ГигаЧат). */
    aliases: z.array(z.array(z.string().min(1)).min(2)).default([]),
    areas: z.array(areaSchema).min(1),
    sources: z.array(defaultSourceSchema).default([]),
  })
  .superRefine((agenda, ctx) => {
    const seen = new Set<string>();
    for (const [ai, area] of agenda.areas.entries()) {
      for (const [mi, m] of area.milestones.entries()) {
        if (seen.has(m.slug)) {
          ctx.addIssue({
            code: "custom",
            path: ["areas", ai, "milestones", mi, "slug"],
            message: `milestone slug "${m.slug}" is used twice`,
          });
        }
        seen.add(m.slug);
      }
    }
    const areaSlugs = agenda.areas.map((a) => a.slug);
    if (new Set(areaSlugs).size !== areaSlugs.length) {
      ctx.addIssue({ code: "custom", path: ["areas"], message: "area slugs must be unique" });
    }
    const model = agenda.matching.learned;
    const mismatch = model && typeof model !== "string" ? modelMismatch(model.outputs, areaSlugs) : null;
    if (mismatch) ctx.addIssue({ code: "custom", path: ["matching", "learned"], message: mismatch });
  });
export type AgendaSpec = z.infer<typeof agendaSchema>;

export class AgendaFileError extends Error implements CategorizedError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The agenda file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "AgendaFileError";
  }

  get category(): ErrorCategory {
    return "invalid";
  }
}

/** Validates parsed JSON as an agenda; problems are reported with their path in the file. */
export function parseAgenda(json: unknown, file: string): AgendaSpec {
  const parsed = agendaSchema.safeParse(json);
  if (!parsed.success) {
    throw new AgendaFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** Plain term text and weight, whichever way the file wrote it. */
export function termText(t: Term): { term: string; weight: number } {
  return typeof t === "string" ? { term: t, weight: 1 } : { term: t.term, weight: t.weight };
}

/** A term with every option spelled out. */
export function termOptions(t: Term): {
  term: string;
  weight: number;
  window?: number;
  caseSensitive?: boolean;
  exclusive?: boolean;
  notIn?: string[];
} {
  return typeof t === "string" ? { term: t, weight: 1 } : t;
}
