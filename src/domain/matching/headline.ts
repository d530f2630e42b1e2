// How a news agency's headline says who speaks. A feed item is often its headline alone, and an
// agency writes the speaker after the statement: "AI can replace civil servants — minister",
// "…, Putin says", "…, заявил Путин". The speaker so named is the actor of the whole headline.
// ("Moscow: …" before a colon is as often a place as a speaker, so that form is not read.)
import type { Finds } from "./finds.js";
import { SEGMENT_TITLE } from "./segments.js";
import { AT_BODY, DASH_SPEAKER, HEADLINE_FUTURE, JOINS, SAYS_SPEAKER } from "./grammar.js";
import { isCapital } from "./tokenize.js";

/** The speaker's part of a headline is short: a name and a title ("Sber first deputy chairman …"). */
const SPEAKER_CHARS = 70;

/** Where in the item's text the headline's speaker is named; null when it names none. */
export function speakerSpan(ev: Finds): { start: number; end: number } | null {
  const { sentences, text } = ev.tok;
  let start = -1;
  let end = -1;
  for (const s of sentences) {
    if (s.segment !== SEGMENT_TITLE) break;
    if (start < 0) start = s.start;
    end = s.end;
  }
  if (start < 0) return null;
  const title = text.slice(start, end).replace(/[\s.!]+$/u, "");
  const m = DASH_SPEAKER.exec(title) ?? SAYS_SPEAKER.exec(title);
  if (!m || m[1]!.length > SPEAKER_CHARS) return null;
  return { start: start + m.index, end: start + title.length };
}

/**
 * Whether the headline is attributed to the agenda's actor: its speaker names an anchor ("— Kremlin",
 * "…, Putin says") or, when no foreign actor is named, a state word ("– minister": the agency's own
 * country's minister; beside NATO, "– official" may be anybody's). Then the headline is that actor's
 * statement.
 */
export function agendaSpeaks(ev: Finds): boolean {
  const foreign = anyForeign(ev);
  return speakerNames(ev, (target) => target === "agenda" || (target === "state" && !foreign));
}

/**
 * Whether the headline's speaker is a state word and no foreign actor is named ("… — senior
 * diplomat"): the agency's own country's official speaking.
 */
export function stateSpeaks(ev: Finds): boolean {
  return !anyForeign(ev) && speakerNames(ev, (target) => target === "state");
}

const anyForeign = (ev: Finds) => ev.found.some((f) => f.target === "foreign");

/** Whether the headline's speaker (`speakerSpan`) holds a find whose target `accept` takes. */
function speakerNames(ev: Finds, accept: (target: string) => boolean): boolean {
  const span = speakerSpan(ev);
  if (!span) return false;
  return ev.found.some((f) => {
    if (!accept(f.target)) return false;
    const at = ev.tok.tokens[f.hit.first]!.start;
    return at >= span.start && at < span.end;
  });
}

/** Whether the item's first word is its title's (an item without a title opens on no headline). */
function opensOnTitle(ev: Finds): boolean {
  const { tokens, sentences } = ev.tok;
  return tokens.length > 0 && sentences[tokens[0]!.sentence]!.segment === SEGMENT_TITLE;
}

/** The cue targets a headline's verb is found as: a deed, an order, talk, a system at work. */
const VERB_TARGETS = new Set(["progress", "instruction", "commitment", "discussion", "inUse"]);

/**
 * Whether the headline opens on the agenda's actor as the subject of its verb: its first words are
 * anchors or state words and the next word is a cue ("Russia tests…", "Moscow warns…", "Russian
 * government drafting…"). Not "Russian scientists develop…" (the name qualifies somebody else), nor
 * "В России ИИ помогает…" (a place), nor a headline that is somebody else's words about the actor
 * ("Russia will overtake… — analyst").
 */
export function actorOpensHeadline(ev: Finds): boolean {
  const { tokens, text } = ev.tok;
  if (!opensOnTitle(ev)) return false;
  if (speakerSpan(ev) !== null && !agendaSpeaks(ev)) return false;
  // "В Кремле заявили…", "В Минцифры предложили…": the body's impersonal plural, the body speaking.
  const body = tokens.length > 1 && AT_BODY.has(tokens[0]!.word) ? 1 : 0;
  const start = body + (givenNameAt(ev, body) ? 1 : 0);
  let next = start;
  // Capitalised words right after the actor that no term names, the rest of its name ("Yandex
  // Turkiye released…"): counted only when the verb after them is in lower case.
  let nameWords = 0;
  for (const f of ev.found) {
    if (next > start && nameWords === 0 && futureAt(ev, next)) return true;
    if (next > start && f.hit.first > next) {
      nameWords = nameRun(ev, next, f.hit.first);
      if (nameWords === 0) break;
      next = f.hit.first;
    }
    if (f.hit.first !== next) continue;
    if (f.target === "agenda" || f.target === "state") {
      if (nameWords > 0) return false;
      next = f.hit.last + 1;
    } else if (next > start && VERB_TARGETS.has(f.target)) {
      return nameWords === 0 || isLower(text[tokens[f.hit.first]!.start]!);
    }
  }
  return next > start && nameWords === 0 && futureAt(ev, next);
}

/**
 * Whether the word at `at` is a given name before the actor's surname ("Андрей Белоусов обсудил…"):
 * one capitalised word that no term names, right before an anchor or a state word.
 */
function givenNameAt(ev: Finds, at: number): boolean {
  if (at >= ev.tok.tokens.length || nameRun(ev, at, at + 1) !== 1) return false;
  const after = ev.found.find((f) => f.hit.last >= at);
  return (
    after !== undefined &&
    after.hit.first === at + 1 &&
    (after.target === "agenda" || after.target === "state")
  );
}

/**
 * Whether the headline's verb at `at` is an agency's future, "to" and a verb ("Russia to hold forum
 * on AI"): the actor's plan, whatever the verb.
 */
function futureAt(ev: Finds, at: number): boolean {
  const { tokens, sentences } = ev.tok;
  const to = tokens[at];
  const verb = tokens[at + 1];
  return (
    to?.word === HEADLINE_FUTURE &&
    verb !== undefined &&
    verb.sentence === to.sentence &&
    sentences[to.sentence]!.segment === SEGMENT_TITLE
  );
}

/** The most words a name continued after the actor's anchor may have ("Yandex Turkiye"). */
const NAME_WORDS = 2;

/** How many tokens from..to (exclusive) are capitalised words in the title; 0 if any is not. */
function nameRun(ev: Finds, from: number, to: number): number {
  const { tokens, sentences, text } = ev.tok;
  if (to - from > NAME_WORDS) return 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (sentences[t.sentence]!.segment !== SEGMENT_TITLE) return 0;
    const c = text[t.start]!;
    if (!isCapital(c)) return 0;
  }
  return to - from;
}

const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();

/**
 * Whether the headline opens on the agenda's country paired with another state as its subject
 * ("Russia, India have…", "Iran and Russia…"): the two together, their relations.
 */
export function pairOpensHeadline(ev: Finds): boolean {
  const { tokens } = ev.tok;
  if (!opensOnTitle(ev)) return false;
  let next = 0;
  let agenda = false;
  let foreign = false;
  for (const f of ev.found) {
    if (f.hit.first > next && JOINS.has(tokens[next]!.word) && f.hit.first === next + 1) next++;
    if (f.hit.first > next) break;
    if (f.hit.first !== next) continue;
    if (f.target === "agenda") agenda = true;
    else if (f.target === "foreign") foreign = true;
    else continue;
    next = f.hit.last + 1;
  }
  return agenda && foreign;
}
