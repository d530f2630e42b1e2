// Decides whether one item bears on the agenda, where, whether it reports progress, and why.
// Rule order:
// Stages, in order: finds.ts (terms found, in the item's language: language.ts; without the names
// that only set the scene: scenery.ts), ties.ts (AI and agenda ties, the source's voice), the
// policy evidence and the relevance gates below (readByRules), the learned layer (learned.ts: the
// areas; items refused for too little evidence taken, matched ones dropped; progress the rules did
// not read), milestones.ts (sentences, milestones, scores),
// suppress.ts (negative patterns), explain.ts.
// 1. Words inside a negative phrase ("intelligence service", "запрещенной в России") count for nothing;
//    words inside an exclusive name ("Russian Direct Investment Fund") count only for that name.
// 2. The item must be about AI: its AI-context terms weigh at least `thresholds.ai`.
// 3. It must bear on this agenda's policy. Named evidence: explicit anchors (the country, its leaders,
//    bodies, companies, partners' blocs, programmes, its official web sites) plus generic state words
//    ("government") when the item names the country or is domestic. A press item naming only partner
//    blocs (BRICS, SCO) is a forum's own news unless domestic: the blocs tie it beside another anchor. Domestic: an item in a language
//    with an implicit weight (Russian) that names no foreign actor; that weight counts only beside a
//    named anchor, a state word or an official site (a press item needs the actor in its text).
//    Policy evidence: the areas' terms,
//    where a term that is also a name (GigaChat, AI Journey, Oreshkin) counts half, since it says who
//    or what, not which policy. The policy evidence must reach `thresholds.area` and, added to the
//    agenda evidence, `relevance`. Strong agenda evidence (`strongAgenda`: the President, the Kremlin)
//    lowers that to half an area's worth of policy, a reported step, or policy talk (intent, modality,
//    talks; not a mere "said"); it never carries an item alone, so "Peskov said he does not use
//    ChatGPT" is not a match. A headline the agency attributes to the agenda's actor ("… — Kremlin",
//    "…, Putin says": headline.ts) is that actor's statement on AI and needs no area's terms; so is a
//    bare headline opening on the actor as its verb's subject ("Russia tests…").
// 4. Trivia: an item whose off-topic terms (sport, games, the arts) outweigh its policy evidence, that
//    reports no step and names no anchor strong on its own (the President, an official site), is not
//    a match however famous the company or product in it.
// 5. Areas are those whose policy evidence reaches `thresholds.area`; when none does, the agenda's default area. Milestones are those whose own terms reach
//    `thresholds.milestone`, else the area's fallback milestone.
// 6. Progress: a sentence whose progress cues outweigh its discussion cues (modality, future, talk)
//    by `thresholds.progress`, in the title or next to the agenda's terms. Its nature: an instruction
//    when it holds an instruction cue ("is instructed to", "поручено"; the deed asked for, not done),
//    else a step; an item or milestone without a progress sentence is discussion. A present-tense "in use" cue
//    ("ГигаЧат анализирует обращения") is a progress cue when an AI term ends shortly before it in a
//    sentence of the title or summary.
// 7. Scores. The item's `score` is how strongly it bears on the agenda (AI, agenda and policy evidence,
//    each capped). A milestone's score, what the status engine reads, is that score weighed by how
//    specific the evidence is to the milestone (its own terms, names at half) and by the step reported
//    (a strong cue such as signed/approved/allocated counts fully, a weaker one half): only an item
//    with strong agenda and policy evidence, the milestone's own terms and a strong step reaches 0.8,
//    the automatic threshold; a fallback milestone (no terms of its own) never does.
// 8. Negative patterns learned from analysts' rejections (see negative.ts) remove a milestone (or the
//    whole match) when the item comes from the pattern's source and its words contain most of the
//    pattern's stems.
import type { CompiledAgenda } from "./compile.js";
import type { MatchInput, MatchOptions, MatchResult, MilestoneMatch, Nature } from "./model.js";
import { deadlineIn } from "./deadline.js";
import { notMatched, explainMatch, score0Explanation } from "./explain.js";
import {
  weighTerms,
  type WeighedTerms,
  type Finds,
  findTerms,
  itemStems,
  policyWeights,
  weighByTarget,
} from "./finds.js";
import {
  chooseMilestones,
  markLearnedProgress,
  round,
  scoreMilestones,
  SentenceReading,
} from "./milestones.js";
import type { Hit } from "./pattern-index.js";
import { actorOpensHeadline, agendaSpeaks, pairOpensHeadline } from "./headline.js";
import { type LearnedVerdict, learnedVerdict, type RuleReading } from "./learned.js";
import { applyNegatives } from "./suppress.js";
import { outermost } from "./terms-text.js";
import { isRelevantTarget } from "./sentences.js";
import { type AgendaTies, weighAgendaTies } from "./ties.js";

export type { Finds, Found, WeighedTerms } from "./finds.js";
export { weighTerms } from "./finds.js";
export { negativeNeed } from "./suppress.js";
export type { Voice } from "./model.js";

export type {
  MatchInput,
  MatchOptions,
  MatchResult,
  MilestoneMatch,
  NegativePattern,
  Nature,
} from "./model.js";
export { NATURES } from "./model.js";

/** Names (GigaChat, AI Journey) say who or what, not which policy: they count this much as policy. */
const NAME_FACTOR = 0.5;
const AI_CAP = 2;
const AGENDA_CAP = 6;
const POLICY_CAP = 4;

// Refusals that are evidence against the item, which the learned layer may not overturn; the other
// refusals say the rules saw too little (no tie, no area's words, a passing mention).
const TRIVIA = "about sport, games or the arts, not policy";
const ANECDOTE = "AI misuse told as an anecdote: nobody of the agenda acts on it";
const OTHER_STATES_AI = "another state's AI, not cooperation with this one";
const FINAL_REFUSALS = new Set([TRIVIA, ANECDOTE, OTHER_STATES_AI]);

/** What the rules read in an item about AI: its evidence, and their own verdict (areas, or why not). */
interface RulesReading {
  ev: WeighedTerms;
  ties: AgendaTies;
  weights: Map<string, number>;
  policy: number;
  reading: SentenceReading;
  progress: boolean;
  /** The rules' nature: a step or an instruction where they read progress, else discussion. */
  nature: Nature;
  crossLanguage: boolean;
  headline: boolean;
  why: string[];
  areas: string[];
}

/**
 * The rules' stages up to their verdict. An item not about AI, or tied to none of the agenda's
 * actors, is answered at once with why: most items in a feed are not about AI. (The learned layer
 * does not read untied items either: read, it took none of them in cross-validation, and reading
 * them cost a third of classify's speed.)
 */
function readByRules(
  compiled: CompiledAgenda,
  item: MatchInput,
): RulesReading | { why: string[]; finds: Finds } {
  const th = compiled.matching.thresholds;
  const finds = findTerms(compiled, item);
  const ties = weighAgendaTies(compiled, item, finds);
  const why: string[] = [];
  if (ties.ai < th.ai) why.push("no AI context");
  if (ties.agenda < th.agenda) why.push("nothing ties it to the agenda's state, bodies or partners");
  if (why.length > 0) return { why, finds };

  const ev: WeighedTerms = { ...finds, byTarget: weighByTarget(finds.found) };
  const weights = policyWeights(compiled, ev, NAME_FACTOR);
  const areaScores = compiled.areas.map((a) => ({ slug: a.slug, score: weights.get(a.target) ?? 0 }));
  // Policy evidence across areas: a ban (risk) on foreign models in ministries (economy) is policy
  // even when neither area alone is strong.
  const policy = areaScores.reduce((acc, a) => acc + a.score, 0);
  const reading = new SentenceReading(ev, th.progress);
  const progress = reading.progressSentences.length > 0;
  const crossLanguage = !compiled.policyLanguages.has(ties.lang);
  const headline = isHeadlineOnly(item);
  const nature = reading.natureOf(reading.progressSentences);
  // A bare headline opening on the agenda's actor as its verb's subject: read once, asked thrice.
  const actorOpens = headline && actorOpensHeadline(ev);
  why.push(...notPolicyReasons(compiled, ev, ties, reading, policy, crossLanguage, actorOpens));
  why.push(...foreignActorReasons(compiled, ties, ev, headline, actorOpens));
  why.push(...misuseReasons(compiled, ev, ties, reading, actorOpens));
  let areas: string[] = [];
  if (why.length === 0) {
    areas = chooseAreas(
      compiled,
      crossLanguage ? corroborated(ev, compiled, areaScores) : areaScores,
      ties.voice !== "official" && foreignLed(ties) && !actorOpens,
      headline,
      crossLanguage ? areaScores : null,
      headline ? wordedAreaScores(compiled, ev) : null,
    );
    if (areas.length === 0) why.push("no area's terms are strong enough");
  }
  return { ev, ties, weights, policy, reading, progress, nature, crossLanguage, headline, why, areas };
}

/** The rules' reading as the learned layer sees it. */
function ruleReading(read: RulesReading): RuleReading {
  const termCounts = new Map<string, number>();
  for (const [target, terms] of read.ev.byTarget) termCounts.set(target, terms.size);
  return {
    lang: read.ties.lang,
    headline: read.headline,
    matched: read.why.length === 0,
    areas: read.areas,
    refusals: read.why,
    final: read.why.some((why) => FINAL_REFUSALS.has(why)),
    progress: read.progress,
    nature: read.nature,
    crossLanguage: read.crossLanguage,
    termCounts,
    words: read.ev.tok.tokens.map((t) => t.word),
  };
}

/** What the learned layer is fitted on (`npm run fit`): the rules' reading of an item about AI, else null. */
export function learnedInput(compiled: CompiledAgenda, item: MatchInput): RuleReading | null {
  const read = readByRules(compiled, item);
  return "ev" in read ? ruleReading(read) : null;
}

/** Matches one item against a compiled agenda. Pure. */
export function matchItem(compiled: CompiledAgenda, item: MatchInput, opts: MatchOptions = {}): MatchResult {
  const explain = opts.explain ?? true;
  const read = readByRules(compiled, item);
  if (!("ev" in read)) return notMatched(read.why, explain ? score0Explanation(read.finds) : null);
  const { ev, ties, weights, policy, reading, progress, crossLanguage } = read;
  const verdict = compiled.learned ? learnedVerdict(compiled.learned, ruleReading(read)) : null;
  const areas = verdict ? verdict.areas : read.areas;
  if (areas.length === 0) {
    const refusals = verdict && read.why.length === 0 ? [droppedByLayer(verdict)] : read.why;
    return notMatched(refusals, explain ? score0Explanation(ev) : null);
  }
  const learnedNote = verdict ? learnedExplanation(read.why, verdict) : null;
  const why: string[] = [];

  // Progress the layer adds takes its nature from the layer; the rules' own stays theirs.
  const nature = verdict?.progress ?? read.nature;
  const deadline = nature === "instruction" ? instructionDeadline(ev, reading) : null;
  const quote = reading.itemQuote(progress);
  // One AI term says the item is about AI; the agenda and policy evidence say how firmly it is this
  // agenda's policy. Each is capped, so piling up names cannot make up for missing policy.
  const relevance =
    Math.min(ties.ai, AI_CAP) + Math.min(ties.agenda, AGENDA_CAP) + Math.min(policy, POLICY_CAP);
  const score = round(relevance / (AI_CAP + AGENDA_CAP + POLICY_CAP));
  const candidates = chooseMilestones(compiled, ev, weights, areas, reading, progress, quote);
  scoreMilestones(candidates, reading, progress, score);
  if (verdict?.progress) markLearnedProgress(candidates, verdict.progress);
  let milestones = dedupeMilestones(candidates);

  let matched = true;
  let suppressed: string[] = [];
  let matchedAreas = areas;
  if (opts.negatives?.length) {
    ({ milestones, suppressed } = applyNegatives(compiled, ev, item.source, opts.negatives, milestones));
    if (suppressed.length) {
      matchedAreas = areas.filter((a) => milestones.some((x) => x.area === a));
      if (matchedAreas.length === 0) {
        matched = false;
        why.push("analysts rejected this pattern from this source before");
      }
    }
  }

  const terms = matched && explain ? outermost(ev, (f) => isRelevantTarget(f.target) || isCue(f.target)) : [];
  const decision = {
    matched,
    areas: matchedAreas,
    milestones: milestones.map((x) => x.slug),
    nature,
    why,
    suppressed,
    crossLanguage,
    learned: learnedNote,
  };
  return {
    matched,
    areas: matched ? matchedAreas : [],
    milestones: matched
      ? milestones.map(({ slug, area, score, progress, nature, terms, quote }) => ({
          slug,
          area,
          score,
          progress,
          nature,
          terms,
          quote,
        }))
      : [],
    progress: matched && (progress || verdict?.progress != null),
    nature: matched ? nature : "discussion",
    deadline: matched ? deadline : null,
    crossLanguage: matched && crossLanguage,
    score: matched ? score : 0,
    terms,
    quote: matched ? quote : null,
    explanation: explain ? explainMatch(compiled, ev, ties, reading, decision) : "",
  };
}

/** Why an item the rules matched is not matched: the learned layer reads it as more likely not this agenda's. */
const droppedByLayer = (verdict: LearnedVerdict) =>
  `the rules matched it, but the learned layer reads it as likelier not this agenda's (${verdict.probability.toFixed(2)})`;

/** What the explanation says of the learned layer: it chose the areas, took what the rules refused, read progress. */
function learnedExplanation(refusals: readonly string[], verdict: LearnedVerdict): string {
  const progress = verdict.progress ? `; ${verdict.progress} read by the learned layer` : "";
  if (refusals.length === 0) return `areas chosen by the learned layer${progress}`;
  return `taken by the learned layer (${verdict.probability.toFixed(2)}) though the rules said: ${refusals.join("; ")}${progress}`;
}

/** In a bare headline with no clear area, an area reaching this share of its threshold is chosen. */
const HEADLINE_AREA_SHARE = 0.5;

/** Only a title: a feed's headline with no summary or text under it. */
const isHeadlineOnly = (item: MatchInput) =>
  !!item.title?.trim() && !item.summary?.trim() && !item.content?.trim();

const isCue = (target: string) => target === "progress" || target === "instruction";

/**
 * Why an item tied to the agenda is still not a policy match: too little policy evidence, or trivia.
 * Strong agenda evidence (the President, the Kremlin) carries an item only with some policy
 * evidence, a reported step, or policy talk next to the agenda's terms (intent, modality, talks:
 * "must", "will", "discussed"; not a mere "said"): a leader next to "AI" is not policy ("Peskov said
 * he does not use ChatGPT").
 */
function notPolicyReasons(
  compiled: CompiledAgenda,
  ev: WeighedTerms,
  ties: AgendaTies,
  reading: SentenceReading,
  policy: number,
  crossLanguage: boolean,
  actorOpens: boolean,
): string[] {
  const th = compiled.matching.thresholds;
  const stepped = reading.progressSentences.length > 0;
  // In a language the milestones are not written in, policy cannot be read: the names that cross
  // languages (the country, its leaders, GigaChat) with AI are the evidence.
  if (crossLanguage) {
    if (ties.agenda < th.strongAgenda / 2) return ["too little named in a language the agenda does not read"];
    // Names beside one AI word are not yet policy: a headline word of an area, a step, talk, or AI
    // named in more than one term must be there too ("Putin's AI avatar goes viral" names the
    // President and AI, and nothing else).
    // A partner's own name (China, Indien) is who acts, not a word of policy.
    const worded = policy - partnerNames(compiled, ev) > 0;
    return worded || stepped || ties.ai >= 2 * th.ai || policyTalk(ev, reading) >= 1
      ? []
      : ["names and AI only, no policy, in a language the agenda does not read"];
  }
  if (policy < th.area || ties.agenda + policy < th.relevance) {
    const talk = policyTalk(ev, reading);
    const carried =
      // Strong agenda evidence is named (the President, the Kremlin): that a Russian item names no
      // foreign actor says where it was published, not who acts ("В России ИИ помогает врачам").
      (ties.agenda - ties.implicit >= th.strongAgenda && (policy >= th.area / 2 || stepped || talk >= 1)) ||
      // A headline the agency attributes to the agenda's actor ("AI will change schools — minister")
      // is that actor's statement on AI: policy talk, whatever area's words it has room for.
      (ties.agenda + policy >= th.relevance && agendaSpeaks(ev)) ||
      // So is a bare headline whose verb's subject is the actor ("Russia tests AI-powered turrets").
      actorOpens;
    if (!carried) return ["a passing mention of the agenda without a policy area"];
  }
  // An anchor that alone is strong agenda evidence (the President, the Kremlin, an official site) makes
  // the item the state's, whatever its examples ("AI will help make films", said at AI Journey).
  let topAnchor = ties.siteAnchor;
  for (const w of ev.byTarget.get("agenda")?.values() ?? []) topAnchor = Math.max(topAnchor, w);
  let offTopic = 0;
  for (const w of ev.byTarget.get("offTopic")?.values() ?? []) offTopic += w;
  if (offTopic >= th.area && offTopic >= policy && !stepped && topAnchor < th.strongAgenda) {
    return [TRIVIA];
  }
  return [];
}

/**
 * AI misused (a deepfake of the leader, a disinformation campaign others blame on the state) is the
 * agenda's evidence only when the agenda's side acts on it (labelling rule 1): a press item whose
 * every policy word is a misuse word, with no step, order or talk and no statement attributed to the
 * agenda's actor, is an anecdote of misuse.
 */
function misuseReasons(
  compiled: CompiledAgenda,
  ev: WeighedTerms,
  ties: AgendaTies,
  reading: SentenceReading,
  actorOpens: boolean,
): string[] {
  // A headline opening on the actor as its verb's subject ("В МВД назвали фразы мошенников с
  // дипфейками") is the actor speaking on the misuse.
  if (ties.voice === "official" || reading.progressSentences.length > 0 || actorOpens) return [];
  if (!ev.byTarget.get("misuse")?.size) return [];
  for (const f of ev.found) {
    if (!f.target.startsWith("area:") && !f.target.startsWith("milestone:")) continue;
    if (!alsoIn(compiled, f.hit, "misuse")) return [];
  }
  if (policyTalk(ev, reading) >= 1 || agendaSpeaks(ev)) return [];
  return [ANECDOTE];
}

/** Talk cues (will, plans, proposed: weight 1 or more) in sentences next to the agenda's terms, each once. */
function policyTalk(ev: WeighedTerms, reading: SentenceReading): number {
  let talk = 0;
  const counted = new Set<string>();
  for (const f of ev.found) {
    if (f.target !== "discussion" || f.weight < 1 || counted.has(f.term)) continue;
    if (reading.info[f.hit.sentence]!.relevance === 0) continue;
    counted.add(f.term);
    talk += f.weight;
  }
  return talk;
}

/**
 * Another state acting (its ministries, its companies: foreign names outweigh the agenda's own) is
 * not this agenda's evidence, unless the item is about cooperation with it (the international area).
 * The partner's own name is who acts, not cooperation: naming Kazakhstan does not make Kazakhstan's
 * AI programme a joint one. An official source is the state itself speaking of its partners: never
 * another state's item.
 */
function foreignActorReasons(
  compiled: CompiledAgenda,
  ties: AgendaTies,
  ev: WeighedTerms,
  headline: boolean,
  actorOpens: boolean,
): string[] {
  if (ties.voice === "official" || !foreignLed(ties)) return [];
  // A bare headline opening on the agenda's actor as its verb's subject is that actor acting: the
  // other states it names are where or with whom ("Yandex Turkiye released AI service to Turkish market").
  if (actorOpens) return [];
  // A bare headline opening on the country paired with another state ("Russia, India have…") is
  // about the two together.
  if (headline && pairOpensHeadline(ev)) return [];
  const area = compiled.cooperationArea;
  const cooperation = area ? cooperationWeight(compiled, ev, area.target) : 0;
  // A bare headline has room for one word of cooperation ("Iran, Russia sign agreement on
  // cooperation in AI"), as for any area.
  const share = headline ? HEADLINE_AREA_SHARE : 1;
  return cooperation >= compiled.matching.thresholds.area * share ? [] : [OTHER_STATES_AI];
}

/** Whether the words found are also a term of the `target` list (a partner's "China" is a foreign name). */
const alsoIn = (compiled: CompiledAgenda, hit: Hit, target: string) =>
  compiled.patterns[hit.pattern]!.usages.some((u) => u.target === target);

/** Whether the words found are also another state's name (a partner's "China" is who acts). */
const namesForeign = (compiled: CompiledAgenda, hit: Hit) => alsoIn(compiled, hit, "foreign");

/** What the partners' own names (cooperation terms that are also foreign names) add to policy. */
function partnerNames(compiled: CompiledAgenda, ev: WeighedTerms): number {
  const target = compiled.cooperationArea?.target;
  if (!target) return 0;
  let sum = 0;
  for (const [term, weight] of ev.byTarget.get(target) ?? []) {
    const f = ev.found.find((x) => x.target === target && x.term === term)!;
    if (namesForeign(compiled, f.hit)) sum += weight;
  }
  return sum;
}

/** The international area's evidence without the terms that are also foreign names, names at half. */
function cooperationWeight(compiled: CompiledAgenda, ev: WeighedTerms, target: string): number {
  const counted = new Set<string>();
  let sum = 0;
  for (const f of ev.found) {
    if (f.target !== target || counted.has(f.term)) continue;
    const pattern = compiled.patterns[f.hit.pattern]!;
    if (namesForeign(compiled, f.hit)) continue;
    counted.add(f.term);
    sum += ev.byTarget.get(target)!.get(f.term)! * (pattern.name ? NAME_FACTOR : 1);
  }
  return sum;
}

/** Each area's evidence from its words of policy alone: no names, no foreign names. */
function wordedAreaScores(compiled: CompiledAgenda, ev: WeighedTerms): { slug: string; score: number }[] {
  return compiled.areas.map((a) => {
    const counted = new Set<string>();
    let score = 0;
    for (const f of ev.found) {
      if (f.target !== a.target || counted.has(f.term)) continue;
      if (compiled.patterns[f.hit.pattern]!.name || namesForeign(compiled, f.hit)) continue;
      counted.add(f.term);
      score += ev.byTarget.get(a.target)!.get(f.term)!;
    }
    return { slug: a.slug, score };
  });
}

/** Foreign names outweigh the agenda's own, or equal them and come first (they are who acts). */
const foreignLed = (t: AgendaTies) =>
  t.foreign > t.named || (t.foreign > 0 && t.foreign === t.named && t.foreignFirst);

/**
 * Areas whose own policy evidence reaches the threshold (the default area beside another: see below);
 * when none does, in a bare headline or an item read across languages (`uncorroborated`: its area
 * scores before two distinct words were asked for) those reaching `HEADLINE_AREA_SHARE` of it; else
 * the agenda's default area. An item led by another state, kept for its cooperation, is the cooperation area's alone.
 */
function chooseAreas(
  compiled: CompiledAgenda,
  areaScores: { slug: string; score: number }[],
  foreignLed: boolean,
  headline: boolean,
  uncorroborated: { slug: string; score: number }[] | null = null,
  worded: { slug: string; score: number }[] | null = null,
): string[] {
  const m = compiled.matching;
  const cooperation = compiled.cooperationArea?.slug;
  if (foreignLed && areaScores.some((a) => a.slug === cooperation)) return [cooperation!];
  let areas = areasReaching(compiled, areaScores, m.thresholds.area);
  // Beside a clear area, a bare headline's one word of another area is kept when it is a word of
  // policy ("Russia cooperates … on AI regulation"), not a name ("olympiad … in China").
  if (areas.length > 0 && worded) {
    const half = m.thresholds.area * HEADLINE_AREA_SHARE;
    for (const a of worded)
      if (
        a.slug !== m.defaultArea &&
        !areas.includes(a.slug) &&
        a.score >= half &&
        areaScores.some((b) => b.slug === a.slug && b.score >= half)
      )
        areas.push(a.slug);
  }
  // A bare headline has room for one word of its area ("Security should be guaranteed when using
  // AI, Putin says"), where a text repeats and varies them. Only when no area is clear does that
  // one word choose: beside a clear area it would be a passing word ("olympiad … in China").
  // Across languages one word of an area is likewise a passing one only beside an area that is
  // clear; when none is, the one word ("nel settore militare") says more than the default area.
  if (areas.length === 0 && (headline || uncorroborated))
    areas = areasReaching(compiled, uncorroborated ?? areaScores, m.thresholds.area * HEADLINE_AREA_SHARE);
  if (areas.length === 0 && m.defaultArea && compiled.areas.some((a) => a.slug === m.defaultArea)) {
    return [m.defaultArea];
  }
  return areas;
}

/**
 * The areas reaching `threshold`. The default area is the catch-all (its terms are the general
 * vocabulary of AI and the economy): beside another area it must weigh `defaultAreaShare` of that
 * area's evidence.
 */
function areasReaching(
  compiled: CompiledAgenda,
  areaScores: { slug: string; score: number }[],
  threshold: number,
): string[] {
  const m = compiled.matching;
  let otherTop = 0;
  for (const a of areaScores)
    if (a.slug !== m.defaultArea && a.score >= threshold) otherTop = Math.max(otherTop, a.score);
  const defaultFloor = Math.max(threshold, (m.thresholds.defaultAreaShare ?? 0) * otherTop);
  return areaScores
    .filter((a) => a.score >= (a.slug === m.defaultArea ? defaultFloor : threshold))
    .map((a) => a.slug);
}

/** Distinct words an area needs in an item matched across languages. */
const CROSS_LANGUAGE_AREA_WORDS = 2;

/**
 * In a language the milestones are not written in, an area reads only its headline words, so one
 * of them is a passing mention ("the Kremlin's race for AI, from the military to…"): the area counts
 * only when two distinct words of it are found.
 */
function corroborated(
  ev: WeighedTerms,
  compiled: CompiledAgenda,
  areaScores: { slug: string; score: number }[],
): { slug: string; score: number }[] {
  return areaScores.map((a, i) => {
    const words = ev.byTarget.get(compiled.areas[i]!.target)?.size ?? 0;
    return words >= CROSS_LANGUAGE_AREA_WORDS ? a : { slug: a.slug, score: 0 };
  });
}

/** The deadline written in the item's instruction sentences, else anywhere in its text. */
function instructionDeadline(ev: Finds, reading: SentenceReading): string | null {
  for (const i of reading.progressSentences) {
    if (!reading.info[i]!.instruction) continue;
    const s = ev.tok.sentences[i]!;
    const d = deadlineIn(ev.tok.text.slice(s.start, s.end));
    if (d) return d;
  }
  return deadlineIn(ev.tok.text);
}

function dedupeMilestones<T extends MilestoneMatch>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    if (seen.has(m.slug)) return false;
    seen.add(m.slug);
    return true;
  });
}

/** The stems negative patterns are compared with for an item. */
export function matchedStems(compiled: CompiledAgenda, item: MatchInput): Set<string> {
  return itemStems(compiled, weighTerms(compiled, item));
}
