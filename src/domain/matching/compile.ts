// Compiles an agenda's terms once into one pattern index. Each distinct pattern is stored once and
// remembers every use of it (AI context, agenda anchor, an area, a milestone, a progress cue…), so an
// item is scanned once whatever the number of milestones.
// Aliases are expanded here: a term that contains an alias (even inside a phrase, "commission on
// AI") is also compiled with each other spelling of that alias written in the same script.
import { type AgendaSpec, type MatchingSpec, type TermsByLanguage, termOptions } from "../agenda.js";
import { type CompiledModel, compileModel } from "./learned.js";
import { PatternIndex, type Step } from "./pattern-index.js";
import { stemWord } from "./stem.js";
import { isCjkCode, isUpper, scriptOf, tokenizeTerm } from "./tokenize.js";

/** Where a term counts: a context list, an area or a milestone. */
export type TargetKind =
  | "ai"
  | "agenda"
  | "state"
  | "foreign"
  | "progress"
  | "instruction"
  | "commitment"
  | "decreeAct"
  | "decreeOrder"
  | "inUse"
  | "discussion"
  | "offTopic"
  | "misuse"
  | "negative"
  | "place";

export interface Usage {
  /** `ai`, `agenda`, …, `area:<slug>` or `milestone:<slug>`. */
  target: string;
  weight: number;
  /** The term as the agenda writes it. */
  term: string;
  /**
   * A cue written only in these languages (a German "half", an Italian "sarà") counts only in items
   * of them; absent, it counts in every item (English and Russian cues, names, area terms).
   */
  langs?: string[];
  /** Languages whose items do not read it (a false friend: the English "course" in French). */
  notIn?: string[];
}

export interface CompiledPattern {
  usages: Usage[];
  /** Its words count for no other pattern (names, negative phrases). */
  exclusive: boolean;
  /** Stems of the pattern's words, used by negative patterns. */
  stems: string[];
  /**
   * The pattern is also an AI-context term or an agenda anchor (GigaChat, AI Journey, Oreshkin): as
   * area evidence it names who or what, not which policy, so it counts half towards policy.
   */
  name: boolean;
}

export interface CompiledArea {
  slug: string;
  title: string;
  milestones: string[];
  /** `area:<slug>`, the target its terms are credited to (built once, not per item). */
  target: string;
}

export interface CompiledAgenda {
  slug: string;
  version: string;
  index: PatternIndex;
  patterns: CompiledPattern[];
  areas: CompiledArea[];
  /** milestone slug → area slug */
  milestoneArea: Map<string, string>;
  milestoneTitles: Map<string, string>;
  matching: MatchingSpec;
  /**
   * The languages the milestones' terms are written in: policy can be read in full only in these.
   * Areas may carry a few terms in other languages (their headline words), which choose the area of
   * an item matched on names that cross languages.
   */
  policyLanguages: Set<string>;
  /** Terms written in the agenda (before alias expansion). */
  termCount: number;
  /**
   * The area that holds cooperation with other states (`international`), whose terms are partners'
   * names and blocs; null when the agenda has no such area.
   */
  cooperationArea: CompiledArea | null;
  /** The learned layer (learned.ts), when the agenda has one loaded. */
  learned: CompiledModel | null;
}

/** The area whose evidence is cooperation with other states, where an agenda has one. */
const COOPERATION_AREA = "international";

/** The cue lists: their words are read in the language they are written for, where others' differ. */
const CUE_KINDS: TargetKind[] = [
  "progress",
  "instruction",
  "commitment",
  "decreeAct",
  "decreeOrder",
  "inUse",
  "discussion",
];
const CUE_LISTS = new Set<string>(CUE_KINDS);

const CONTEXT_LISTS: TargetKind[] = [
  "ai",
  "agenda",
  "state",
  "foreign",
  ...CUE_KINDS,
  "offTopic",
  "misuse",
  "negative",
  "place",
];
const DEFAULT_WINDOW = 1;
/** The languages whose cues are read in every item, as they always were. */
const UNIVERSAL_CUE_LANGUAGES = new Set(["en", "ru"]);

interface TermStep extends Step {
  script: string;
}

function termSteps(text: string, caseSensitive: boolean | undefined): TermStep[] {
  return tokenizeTerm(text).map(({ raw, word }) => {
    const script = scriptOf(word);
    if (raw.startsWith("=")) return { kind: "word", value: word, script };
    if (raw.endsWith("*")) return { kind: "prefix", value: word, script };
    const bare = raw.replace(/^=|\*$/g, "");
    const letters = bare.replace(/[^\p{L}]/gu, "").length;
    if (caseSensitive || (isUpper(bare) && letters <= 3)) return { kind: "upper", value: word, script };
    return { kind: "stem", value: stemWord(word), script };
  });
}

const isCjkStep = (s: Step) => s.value.length === 1 && isCjkCode(s.value.charCodeAt(0));

const stepKey = (s: Step) => `${s.kind}:${s.value}`;
const signature = (steps: Step[]) => steps.map(stepKey).join(" ");

class AliasTable {
  private readonly groups: TermStep[][][] = [];
  /** First step key → (group, member) candidates. */
  private readonly byFirst = new Map<string, { group: number; member: number }[]>();

  constructor(aliases: string[][]) {
    aliases.forEach((names, g) => {
      const members = names.map((n) => termSteps(n, undefined)).filter((s) => s.length > 0);
      this.groups.push(members);
      members.forEach((steps, m) => {
        const key = stepKey(steps[0]!);
        const list = this.byFirst.get(key) ?? [];
        list.push({ group: g, member: m });
        this.byFirst.set(key, list);
      });
    });
  }

  /** The term itself and every spelling obtained by swapping one alias inside it. */
  expand(steps: TermStep[]): TermStep[][] {
    const out: TermStep[][] = [steps];
    for (let i = 0; i < steps.length; i++) {
      for (const cand of this.byFirst.get(stepKey(steps[i]!)) ?? []) {
        const member = this.groups[cand.group]![cand.member]!;
        if (i + member.length > steps.length) continue;
        if (!member.every((s, k) => stepKey(s) === stepKey(steps[i + k]!))) continue;
        const rest = [...steps.slice(0, i), ...steps.slice(i + member.length)];
        const restScripts = new Set(
          rest.map((s) => s.script).filter((s) => s === "latin" || s === "cyrillic"),
        );
        this.groups[cand.group]!.forEach((other, k) => {
          if (k === cand.member) return;
          const otherScripts = new Set(
            other.map((s) => s.script).filter((s) => s === "latin" || s === "cyrillic"),
          );
          if (restScripts.size > 0 && ![...otherScripts].every((s) => restScripts.has(s))) return;
          out.push([...steps.slice(0, i), ...other, ...steps.slice(i + member.length)]);
        });
      }
    }
    return out;
  }
}

class Builder {
  readonly index = new PatternIndex();
  readonly patterns: CompiledPattern[] = [];
  private readonly bySignature = new Map<string, number>();
  termCount = 0;

  constructor(private readonly aliases: AliasTable) {}

  addList(list: TermsByLanguage | undefined, ...targets: string[]): void {
    for (const [lang, terms] of Object.entries(list ?? {})) {
      const langs =
        targets.length === 1 && CUE_LISTS.has(targets[0]!) && !UNIVERSAL_CUE_LANGUAGES.has(lang)
          ? [lang]
          : undefined;
      for (const t of terms) {
        const o = termOptions(t);
        const exclusive = o.exclusive === true || targets.includes("negative");
        const steps = termSteps(o.term, o.caseSensitive);
        if (steps.length === 0) continue;
        this.termCount++;
        // A term written in Chinese is a phrase of characters: no word may come between them.
        const window = o.window ?? (steps.every(isCjkStep) ? 0 : DEFAULT_WINDOW);
        for (const variant of this.aliases.expand(steps)) {
          for (const target of targets) {
            const usage: Usage = { target, weight: o.weight, term: o.term };
            if (langs) usage.langs = langs;
            if (o.notIn?.length) usage.notIn = o.notIn;
            this.addPattern(variant, window, usage, exclusive);
          }
        }
      }
    }
  }

  private addPattern(steps: Step[], window: number, usage: Usage, exclusive: boolean): void {
    const sig = `${signature(steps)}|${steps.length > 1 ? window : 0}`;
    let id = this.bySignature.get(sig);
    if (id === undefined) {
      id = this.index.add(
        steps.map((s) => ({ kind: s.kind, value: s.value })),
        window,
      );
      this.bySignature.set(sig, id);
      this.patterns[id] = {
        usages: [],
        exclusive: false,
        stems: steps.map((s) => (s.kind === "stem" ? s.value : stemWord(s.value))),
        name: false,
      };
    }
    const pattern = this.patterns[id]!;
    if (exclusive) pattern.exclusive = true;
    const same = pattern.usages.find((u) => u.target === usage.target);
    if (!same) {
      pattern.usages.push(usage);
      return;
    }
    // The same cue in several languages counts in each of them; in English or Russian, in all.
    const langs = same.langs && usage.langs ? [...new Set([...same.langs, ...usage.langs])] : undefined;
    // A language is left out only when every term behind the pattern leaves it out.
    const notIn = same.notIn && usage.notIn ? same.notIn.filter((l) => usage.notIn!.includes(l)) : [];
    if (usage.weight > same.weight) Object.assign(same, usage);
    if (langs) same.langs = langs;
    else delete same.langs;
    if (notIn.length) same.notIn = notIn;
    else delete same.notIn;
  }
}

/** Compiles every term of the agenda into one index. Pure: call it once per agenda version. */
export function compileAgenda(agenda: AgendaSpec): CompiledAgenda {
  const matching = agenda.matching;
  const builder = new Builder(new AliasTable(agenda.aliases));
  for (const kind of CONTEXT_LISTS) builder.addList(matching[kind] as TermsByLanguage | undefined, kind);
  const milestoneArea = new Map<string, string>();
  const milestoneTitles = new Map<string, string>();
  const areas: CompiledArea[] = [];
  const policyLanguages = new Set<string>();
  for (const area of agenda.areas) {
    builder.addList(area.terms, `area:${area.slug}`);
    for (const m of area.milestones) {
      for (const lang of Object.keys(m.terms)) policyLanguages.add(lang);
      // A milestone's terms are evidence for its area too.
      builder.addList(m.terms, `milestone:${m.slug}`, `area:${area.slug}`);
      milestoneArea.set(m.slug, area.slug);
      milestoneTitles.set(m.slug, m.title);
    }
    areas.push({
      slug: area.slug,
      title: area.title,
      milestones: area.milestones.map((m) => m.slug),
      target: `area:${area.slug}`,
    });
  }
  for (const p of builder.patterns) p.name = p.usages.some((u) => u.target === "ai" || u.target === "agenda");
  return {
    slug: agenda.slug,
    version: agenda.version,
    index: builder.index,
    patterns: builder.patterns,
    areas,
    milestoneArea,
    milestoneTitles,
    matching,
    policyLanguages,
    termCount: builder.termCount,
    cooperationArea: areas.find((a) => a.slug === COOPERATION_AREA) ?? null,
    learned: learnedModelOf(agenda),
  };
}

/** The loaded learned model (the agenda's parsing checked that it gives this agenda's areas). */
function learnedModelOf(agenda: AgendaSpec): CompiledModel | null {
  const model = agenda.matching.learned;
  return model === null || typeof model === "string" ? null : compileModel(model);
}
