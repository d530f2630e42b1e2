// Sentence by sentence: how relevant each is, the progress, instruction and discussion cues it
// holds, and the quote cut from it.
import type { Finds, Found } from "./finds.js";
import { setsTimeLimit } from "./deadline.js";
import type { Hit } from "./pattern-index.js";
import { isSpaceCode } from "./tokenize.js";
import { NO_TERMS, surface } from "./terms-text.js";
import {
  ARTICLE,
  AUXILIARY,
  BY,
  CLAUSE_BREAK,
  DEED_OBJECT,
  GERMAN_PARTICIPLE,
  GERMAN_WERDEN,
  isRelativePronoun,
  TO_COME,
} from "./grammar.js";
import { SEGMENT_SUMMARY, SEGMENT_TITLE } from "./segments.js";

const QUOTE_LIMIT = 300;
/** An "in use" cue counts when an AI term ends at most this many words before it. */
const IN_USE_REACH = 5;

export function isRelevantTarget(target: string): boolean {
  return (
    target === "ai" ||
    target === "agenda" ||
    target === "state" ||
    target.startsWith("area:") ||
    target.startsWith("milestone:")
  );
}

/**
 * Whether folding white space into single spaces would change the text: a white-space character other
 * than a space, or two in a row. Most sentences have neither, and then the fold is skipped.
 */
function needsSpaceFold(text: string): boolean {
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
    } else if (isSpaceCode(c)) return true;
    else prevSpace = false;
  }
  return false;
}

/** Cuts a sentence to the quote limit around its first matched word, on word boundaries. */
export function trimQuote(text: string, focus: number): string {
  const clean = (needsSpaceFold(text) ? text.replace(/\s+/g, " ") : text).trim();
  if (clean.length <= QUOTE_LIMIT) return clean;
  const budget = QUOTE_LIMIT - 2;
  let start = Math.max(0, Math.min(focus - 60, clean.length - budget));
  let end = Math.min(clean.length, start + budget);
  if (start > 0) {
    const sp = clean.indexOf(" ", start);
    if (sp > 0 && sp < start + 30) start = sp + 1;
  }
  if (end < clean.length) {
    const sp = clean.lastIndexOf(" ", end);
    if (sp > start + 100) end = sp;
  }
  return `${start > 0 ? "…" : ""}${clean.slice(start, end).trim()}${end < clean.length ? "…" : ""}`;
}

export interface SentenceInfo {
  relevance: number;
  /** Progress cues minus discussion cues. */
  progressNet: number;
  /** The strongest single step cue: a signed order outweighs "began"; 0 in an instruction sentence. */
  progressTop: number;
  /** An instruction cue ("is instructed to", "поручено") makes the sentence a commitment, not a deed. */
  instruction: boolean;
  progressTerms: readonly string[];
  firstHitOffset: number;
}

export function analyseSentences(ev: Finds): SentenceInfo[] {
  const info: SentenceInfo[] = [];
  for (let i = 0; i < ev.tok.sentences.length; i++) {
    info.push({
      relevance: 0,
      progressNet: 0,
      progressTop: 0,
      instruction: false,
      progressTerms: NO_TERMS,
      firstHitOffset: -1,
    });
  }
  // Progress and discussion cues per sentence; the net is taken at the end.
  const plus = new Float64Array(info.length);
  const minus = new Float64Array(info.length);
  const pledge = new Float64Array(info.length);
  const found = ev.found;
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    const s = f.hit.sentence;
    const si = info[s];
    if (!si) continue;
    // Each distinct term counts once per sentence and target.
    if (seenInSentence(found, k)) continue;
    if (isRelevantTarget(f.target)) {
      si.relevance += f.weight;
      if (si.firstHitOffset < 0)
        si.firstHitOffset = ev.tok.tokens[f.hit.first]!.start - ev.tok.sentences[s]!.start;
    } else if (f.target === "commitment") pledge[s]! += f.weight;
    else {
      const kind = cueKind(ev, f);
      if (kind === "discussion") minus[s]! += f.weight;
      else if (kind !== null) {
        plus[s]! += f.weight;
        if (kind === "instruction") si.instruction = true;
        else si.progressTop = Math.max(si.progressTop, f.weight);
        addProgressTerm(si, surface(ev.tok, f.hit));
      }
    }
  }
  for (let s = 0; s < info.length; s++) {
    const si = info[s]!;
    if (pledge[s]! > 0 && !si.instruction && isDatedCommitment(ev, s)) {
      si.instruction = true;
      plus[s]! += pledge[s]!;
    }
    // An instruction's future and modal words ("is instructed to draft", "must submit") describe
    // the deed asked for: they do not cancel the asking.
    if (si.instruction) si.progressNet = plus[s]!;
    else if (plus[s]! > 0 && minus[s]! > 0) si.progressNet = bestClauseNet(ev, s);
    else si.progressNet = plus[s]! - minus[s]!;
    // "approved a list of instructions", "signed an order instructing…": what was done is the asking.
    if (si.instruction) si.progressTop = 0;
  }
  return info;
}

/**
 * Progress cues less discussion cues in the sentence's clause where they weigh most: "the concept has
 * been agreed, and the government will present the decree" reports a step in its first clause, which
 * the second clause's future does not cancel. Called only for a sentence holding both kinds of cue.
 */
function bestClauseNet(ev: Finds, s: number): number {
  const { text, tokens } = ev.tok;
  const nets = [0];
  let scanned = ev.tok.sentences[s]!.start;
  for (let k = 0; k < ev.found.length; k++) {
    const f = ev.found[k]!;
    if (f.hit.sentence !== s || seenInSentence(ev.found, k)) continue;
    const kind = cueKind(ev, f);
    if (kind === null) continue;
    const at = tokens[f.hit.first]!.start;
    for (; scanned < at; scanned++) {
      const c = text.charCodeAt(scanned);
      if (
        (c === 44 || c === 59 || c === 0x2013 || c === 0x2014) &&
        CLAUSE_BREAK.test(text.slice(scanned, scanned + 12))
      )
        nets.push(0);
    }
    nets[nets.length - 1]! += kind === "discussion" ? -f.weight : f.weight;
  }
  return Math.max(...nets);
}

function isCueTarget(target: string): boolean {
  return (
    target === "progress" ||
    target === "discussion" ||
    target === "inUse" ||
    target === "instruction" ||
    target === "decreeAct" ||
    target === "decreeOrder"
  );
}

function addProgressTerm(si: SentenceInfo, term: string): void {
  if (si.progressTerms === NO_TERMS) si.progressTerms = [];
  (si.progressTerms as string[]).push(term);
}

type CueKind = "step" | "instruction" | "discussion";

/**
 * What a cue tells; null for a find that is no cue, or none here. A system in use counts only with
 * AI as its subject. A decree's infinitive counts only where a clause opens ("1. Образовать…",
 * "Правительству Российской Федерации: обеспечить…"): its own act is a step, an act addressed to
 * somebody after a colon, or any deed it orders, an instruction.
 */
function cueKind(ev: Finds, f: Found): CueKind | null {
  if (!isCueTarget(f.target) || (f.target === "inUse" && !aiSubject(ev, f.hit) && !actorUsesAi(ev, f.hit)))
    return null;
  if (f.target === "discussion")
    return germanPassive(ev, f.hit) || objectOfDeed(ev, f.hit) ? null : "discussion";
  if (f.target === "instruction") return "instruction";
  if (f.target !== "decreeAct" && f.target !== "decreeOrder") {
    if (inRelativeClause(ev, f.hit)) return null;
    return toCome(ev, f.hit) ? "discussion" : "step";
  }
  const opening = decreeOpening(ev, f.hit);
  if (opening === null) return null;
  return f.target === "decreeAct" && opening === "own" ? "step" : "instruction";
}

/**
 * A deed after "to" or a modal is to come, not done: the headline's future ("Russia to launch AI
 * platform"), a plan's infinitive ("agreed to sign"), a modal's ("could approve"). The same bare form
 * after its subject is the headline's present, told of a deed done ("Iran, Russia sign agreement").
 */
function toCome(ev: Finds, h: Hit): boolean {
  const before = ev.tok.tokens[h.first - 1];
  return before !== undefined && before.sentence === h.sentence && TO_COME.has(before.word);
}

/**
 * A step cue opening a relative clause ("…Plug and Play, which has invested in Google", "компания,
 * которая создала…") tells what somebody named did before, the background of the news, not its deed.
 */
function inRelativeClause(ev: Finds, h: Hit): boolean {
  const { tokens } = ev.tok;
  if (participleAfterComma(ev, h)) return true;
  for (let j = h.first - 1; j >= 0 && j >= h.first - 2; j--) {
    const t = tokens[j]!;
    if (t.sentence !== h.sentence) return false;
    if (isRelativePronoun(t.word)) return true;
    if (!AUXILIARY.has(t.word)) return false;
  }
  return false;
}

/**
 * German "wird"/"werden" is the future before an infinitive ("wird … einsetzen", "wird … eingesetzt
 * werden") but the present passive before a participle ("KI wird in 90 Projekten eingesetzt"): then it
 * tells what is done, and is no talk. The clause's last word decides.
 */
function germanPassive(ev: Finds, h: Hit): boolean {
  if (ev.lang !== "de") return false;
  const { tokens, text } = ev.tok;
  if (!GERMAN_WERDEN.has(tokens[h.first]!.word)) return false;
  let last = h.last;
  while (
    last + 1 < tokens.length &&
    tokens[last + 1]!.sentence === h.sentence &&
    !CLAUSE_END.test(text.slice(tokens[last]!.end, tokens[last + 1]!.start))
  )
    last++;
  return last > h.last && GERMAN_PARTICIPLE.test(tokens[last]!.word);
}

/**
 * A draft or a proposal that a deed acts on ("approved a draft law", "одобрил проект постановления")
 * is the deed's object, not talk: the step cue stands right before it, an article at most between.
 */
function objectOfDeed(ev: Finds, h: Hit): boolean {
  const tokens = ev.tok.tokens;
  if (!DEED_OBJECT.test(tokens[h.first]!.word)) return false;
  let at = h.first - 1;
  if (at >= 0 && ARTICLE.test(tokens[at]!.word)) at--;
  if (at < 0 || tokens[at]!.sentence !== h.sentence) return false;
  return ev.found.some(
    (g) =>
      g.target === "progress" &&
      g.hit.last === at &&
      g.hit.sentence === h.sentence &&
      !inRelativeClause(ev, g.hit),
  );
}

/** A comma, semicolon, colon or dash between two words ends the clause. */
const CLAUSE_END = /[,;:\u2013\u2014]/;

/** "School 21, established by Sberbank": a participle after a comma and before "by" describes the noun before it. */
function participleAfterComma(ev: Finds, h: Hit): boolean {
  const { tokens, text } = ev.tok;
  const before = tokens[h.first - 1];
  const after = tokens[h.last + 1];
  if (!before || !after || before.sentence !== h.sentence || after.sentence !== h.sentence) return false;
  return after.word === BY && text.slice(before.end, tokens[h.first]!.start).includes(",");
}

/** Only numbering ("1.", "а)") or punctuation before the word in its sentence, or a list's ":" / ";". */
const OPENS_SENTENCE = /^[\s\d\p{P}]*(?:\p{L}\)\s*)?$/u;
const OPENS_LIST_ITEM = /[:;]\s*(?:[\p{L}\d]{1,3}[.)]\s*)?$/u;

/** Whether a decree's infinitive opens its clause: as the decree's own act, or addressed after a colon. */
function decreeOpening(ev: Finds, h: Hit): "own" | "addressed" | null {
  const before = ev.tok.text.slice(ev.tok.sentences[h.sentence]!.start, ev.tok.tokens[h.first]!.start);
  if (OPENS_SENTENCE.test(before)) return "own";
  if (OPENS_LIST_ITEM.test(before)) return before.includes(":") ? "addressed" : "own";
  return null;
}

/**
 * An official's commitment to deliver ("the ministry will prepare the bill by 1 March"): a future
 * delivery whose sentence names the agenda's actor and sets a time limit. Without the date it is a plan.
 */
function isDatedCommitment(ev: Finds, s: number): boolean {
  let actor = false;
  for (const f of ev.found) {
    if (f.hit.sentence === s && (f.target === "agenda" || f.target === "state")) {
      actor = true;
      break;
    }
  }
  const span = ev.tok.sentences[s]!;
  return actor && setsTimeLimit(ev.tok.text.slice(span.start, span.end));
}

/**
 * Whether an earlier find of the same sentence has the same target and term. Finds are in text
 * order, so those of one sentence are next to each other.
 */
function seenInSentence(found: readonly Found[], k: number): boolean {
  const f = found[k]!;
  for (let j = k - 1; j >= 0; j--) {
    const o = found[j]!;
    if (o.hit.sentence !== f.hit.sentence) return false;
    if (o.target === f.target && o.term === f.term) return true;
  }
  return false;
}

/**
 * Whether an "in use" cue has the AI system as its subject: an AI term ends shortly before it in the
 * same sentence ("GigaChat за минуту анализирует…"); before it, or far after it, AI is somebody
 * else's means or the topic of another clause ("fraudsters use AI"). Only in the news itself (title,
 * summary): in a speech's full text the present tense is commentary ("AI helps doctors…"), not a
 * report of a system in use.
 */
function aiSubject(ev: Finds, h: Hit): boolean {
  if (ev.tok.sentences[h.sentence]!.segment > SEGMENT_SUMMARY) return false;
  for (const f of ev.found) {
    if (f.target !== "ai" || f.hit.sentence !== h.sentence) continue;
    const last = f.hit.last;
    if (last < h.first && h.first - last <= IN_USE_REACH) return true;
  }
  return false;
}

/**
 * Whether an "in use" cue tells the agenda's actor using AI: the headline opens on an anchor or a
 * state word, its subject, and an AI term follows the cue closely ("Russian president's press service
 * uses AI"; not "Fraudsters in Russia use AI"). Only in a title: a headline's present tense is a deed
 * done; in a text it may be a habit or a plan.
 */
function actorUsesAi(ev: Finds, h: Hit): boolean {
  if (ev.tok.sentences[h.sentence]!.segment !== SEGMENT_TITLE) return false;
  let subject: string | null = null;
  for (const f of ev.found) {
    if (f.hit.sentence !== h.sentence) continue;
    if (subject === null && isRelevantTarget(f.target)) subject = f.hit.first < h.first ? f.target : "";
    if (f.target === "ai" && f.hit.first > h.last && f.hit.first - h.last <= IN_USE_REACH)
      return subject === "agenda" || subject === "state";
  }
  return false;
}

/** The sentences (ascending) in which some find is credited to `target`. */
export function sentencesWith(ev: Finds, target: string): number[] {
  const out: number[] = [];
  for (const f of ev.found) {
    if (f.target !== target) continue;
    const s = f.hit.sentence;
    if (out.length === 0 || out[out.length - 1] !== s) out.push(s);
  }
  return out;
}
