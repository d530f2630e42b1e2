// Scenery: the agenda's names that set a scene rather than name who acts. A dateline ("МОСКВА,
// 29 октября. /ТАСС/."), the country as a place opening a sentence ("In Russia, scammers…"), and in a
// bare headline the country's adjective before private actors ("Russian IT companies") give no actor.
import type { Hit } from "./pattern-index.js";
import { isCapital, type TokenizedText } from "./tokenize.js";
import { ATTRIBUTIVE, GENITIVE_LINK, LIST_JOINS, PRIVATE } from "./grammar.js";

/** What this stage reads of a find (finds.ts's `Found`, which imports this module). */
interface Found {
  target: string;
  hit: Hit;
}

/**
 * A dateline ("МОСКВА, 29 октября. /ТАСС/.", "MOSCOW. Jan 31 (Interfax)"): a place in capitals that
 * opens a segment, followed by a comma or a full stop. It says where the item was filed, not who acts.
 */
export function isDateline(tok: TokenizedText, h: Hit): boolean {
  const tokens = tok.tokens;
  const first = tokens[h.first]!;
  const segment = tok.sentences[first.sentence]!.segment;
  if (h.first > 0 && tok.sentences[tokens[h.first - 1]!.sentence]!.segment === segment) return false;
  for (let i = h.first; i <= h.last; i++) if (!tokens[i]!.upper) return false;
  const after = tok.text.charAt(tokens[h.last]!.end);
  return after === "," || after === ".";
}

/** Cues of a deed or an order: beside them the place is the state acting unnamed ("В России выделено…"). */
const DEED_TARGETS = new Set(["progress", "instruction", "commitment", "decreeAct", "decreeOrder"]);

/** How many words may stand between the anchor and the actors it qualifies ("Russian fuel and energy companies"). */
const QUALIFY_REACH = 4;

/** Whether the anchor is an adjective of private actors after it ("Russian IT companies", "российских разработчиков"). */
function qualifiesPrivate(tok: TokenizedText, h: Hit): boolean {
  const tokens = tok.tokens;
  const sentence = tokens[h.first]!.sentence;
  for (let i = h.last + 1; i <= Math.min(tokens.length - 1, h.last + QUALIFY_REACH); i++) {
    if (tokens[i]!.sentence !== sentence) return false;
    if (PRIVATE.test(tokens[i]!.word)) return true;
  }
  return false;
}

/**
 * The finds without the anchors inside a place that opens its sentence ("In Russia, scammers…",
 * "В Москве проходит…": `matching.place`): the scene, not the actor; nor the country named as one
 * member of a list of states; and without the state words another state owns ("ukrainischen
 * Regierung"). `partners` is the cooperation area's target, whose terms name the partner states
 * (null when the agenda has no such area).
 */
export function withoutScenery<F extends Found>(
  tok: TokenizedText,
  found: F[],
  bare: boolean,
  partners: string | null,
): F[] {
  const scenes: Hit[] = [];
  for (const f of found) {
    if (f.target !== "place") continue;
    const h = f.hit;
    const before = h.first > 0 ? tok.tokens[h.first - 1]! : null;
    if (before && before.sentence === tok.tokens[h.first]!.sentence && !ATTRIBUTIVE.test(before.word))
      continue;
    if (found.some((g) => g.hit.sentence === h.sentence && DEED_TARGETS.has(g.target))) continue;
    scenes.push(h);
  }
  const inScene = (h: Hit) => scenes.some((s) => h.first >= s.first && h.last <= s.last);
  const states = found.filter((g) => g.target === "foreign" || g.target === partners);
  const scenery = (f: F): boolean => {
    if (f.target === "agenda")
      return (
        inScene(f.hit) ||
        // A bare headline has room for one actor: the country's name qualifying private ones names no other.
        (bare && qualifiesPrivate(tok, f.hit)) ||
        (states.length > 0 && inListOfStates(tok, states, f.hit))
      );
    return f.target === "state" && states.length > 0 && ownedBy(tok, states, f.hit);
  };
  return found.some(scenery) ? found.filter((f) => !scenery(f)) : found;
}

/**
 * Whether a state word (a government, a ministry) belongs to another state named beside it: its
 * adjective before or after it, or its name after "of" ("ukrainischen Regierung", "gouvernement
 * ukrainien", "government of Ukraine"). That body is the other state's, not the agenda's.
 */
function ownedBy(tok: TokenizedText, states: readonly Found[], h: Hit): boolean {
  const at = (i: number) => states.some((g) => g.hit.first <= i && g.hit.last >= i);
  if (h.first > 0 && at(h.first - 1)) return true;
  if (at(h.last + 1)) return true;
  const link = tok.tokens[h.last + 1];
  return (
    link !== undefined && link.sentence === h.sentence && GENITIVE_LINK.test(link.word) && at(h.last + 2)
  );
}

/**
 * Whether the anchor is one member of a list of states ("Brasil, Rússia, Índia, China e África do Sul",
 * "India, Russia, China"): a comma-separated list names the members of a group, not the one who acts.
 * Both neighbours are names (capitalised), and at least one of them is among `states`.
 */
function inListOfStates(tok: TokenizedText, states: readonly Found[], h: Hit): boolean {
  const { tokens, text } = tok;
  const before = tokens[h.first - 1];
  const after = tokens[h.last + 1];
  if (
    !before ||
    !after ||
    before.sentence !== tokens[h.first]!.sentence ||
    after.sentence !== before.sentence
  )
    return false;
  if (!text.slice(before.end, tokens[h.first]!.start).includes(",")) return false;
  const joinedBy = LIST_JOINS.has(after.word);
  if (!joinedBy && !text.slice(tokens[h.last]!.end, after.start).includes(",")) return false;
  const next = joinedBy ? h.last + 2 : h.last + 1;
  if (next >= tokens.length) return false;
  const capital = (i: number) => isCapital(text.charAt(tokens[i]!.start));
  const named = states.some((g) => g.hit.last === h.first - 1 || g.hit.first === next);
  return capital(h.first - 1) && capital(next) && named;
}
