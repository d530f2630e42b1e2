// The grammar words of English and Russian that the readings rely on, in one place. Cue words,
// names and places are the agenda file's (per language); these are the words around them that say
// who acts and when, the same for any agenda. A language read as closely adds its words here; in
// other languages the readings that need them simply do not apply.

/** Words before a verb's bare form that make its deed one to come ("to launch", "could approve"). */
export const TO_COME = new Set([
  "to",
  "will",
  "would",
  "could",
  "should",
  "must",
  "may",
  "might",
  "can",
  "shall",
  // The future passive's auxiliary right before the participle ("sarà firmato", "será aprobada",
  // "sera signé", "serão criados"): the deed is to come.
  "sarà",
  "saranno",
  "verrà",
  "verranno",
  "será",
  "serán",
  "serão",
  "sera",
  "seront",
]);

/** An agency headline's future: the actor, "to" and any verb ("Russia to hold forum on AI"). */
export const HEADLINE_FUTURE = "to";

/** Auxiliaries that may stand between a relative pronoun and its verb ("which has invested"). */
export const AUXILIARY = new Set([
  "has",
  "have",
  "had",
  "was",
  "were",
  "is",
  "are",
  "been",
  "был",
  "была",
  "было",
  "были",
]);

/** The agent after a participle ("established by Sberbank"). */
export const BY = "by";

/** A relative pronoun opening a clause about somebody named before ("which", "компания, которая…"). */
export const isRelativePronoun = (word: string) =>
  word === "which" || word === "who" || word.startsWith("котор");

/**
 * Where one coordinated clause ends and the next begins: a semicolon, or a comma or dash followed by
 * "and", "but" (и, а, но; e, ma, mas, y, pero, et, mais, und, aber).
 */
export const CLAUSE_BREAK =
  /^(?:;|[,\u2013\u2014]\s*(?:and|but|while|whereas|и|а|но|однако|e|ma|mas|y|pero|et|mais|und|aber)(?![\p{L}\p{N}]))/iu;

/**
 * A council's or a committee's name: "Council for Science and Education", "Комитет по науке и
 * образованию", "Consejo de Seguridad", "Conseil de sécurité"; its topic may also stand right after
 * the body (Совет безопасности) or, in English, right before it (the Security Council).
 */
export const BODY =
  /^(committee|council|комитет\S*|совет\S*|consejo|conseil|consiglio|conselho|comité|comitato|comitê|ausschuss)$/;
export const OF = /^(on|for|по|de|di|du|do|da|des|del|della|für|sur|para|per|pour)$/;
/** The English bodies named after their topic ("Security Council", "Education Committee"). */
export const BODY_AFTER = /^(committee|council)$/;

/** "В Кремле заявили…": a headline's body named after "в", the subject of an impersonal plural verb. */
export const AT_BODY = new Set(["в", "во"]);

/** Talk words that are nouns a deed can act on: a draft, a proposal, an initiative. */
export const DEED_OBJECT = /^(draft|proposal|proposals|initiative|проект|предложение|инициатива|инициативу)$/;

/** Articles and determiners that may stand between a verb and its object. */
export const ARTICLE = /^(a|an|the|its|their|his|her)$/;

/** A word linking a body to the state it belongs to ("government of Ukraine", "Regierung der Ukraine"). */
export const GENITIVE_LINK = /^(of|der|des|de|du|di|del|della|do|da|dos|das)$/;

/** Words joining the states a headline opens on ("Russia and India…", "Россия и Индия…"). */
export const JOINS = new Set(["and", "и"]);

/** Words that join the last member of a list of states, in the languages read: and, и, e, y, et, und, i. */
export const LIST_JOINS = new Set(["and", "и", "e", "y", "et", "und", "i"]);

/** German auxiliaries of both the future and the passive ("wird … einsetzen", "wird … eingesetzt"). */
export const GERMAN_WERDEN = new Set(["wird", "werden"]);
/** A German participle: "eingesetzt", "genutzt", "implementiert", "vorgestellt", "gegeben"; not an infinitive ("einsetzen"). */
export const GERMAN_PARTICIPLE =
  /^(?:[a-zäöü]{0,6}ge[a-zäöüß]{2,}(?:t|en)|[a-zäöüß]{3,}iert|[a-zäöüß]{4,}[^e]t)$/u;

/** Private actors and their products: an anchor qualifying them says whose they are, not that the state acts. */
export const PRIVATE =
  /^(compan(?:y|ies)|firms?|businesses|developers?|scientists?|researchers?|startups?|rivals?|chatbots?|apps?|компани[йияю]|разработчик(?:и|ов|ам)?|учен(?:ые|ых|ый)|стартап(?:ы|ов)?|чат-бот(?:ы|ов)?)$/u;

/**
 * A Russian full participle ("разработанный", "созданных"): it describes a noun, so the place after
 * it says where the thing was made ("Разработанный в России ИИ…"), as a place opening a sentence
 * sets the scene. A deed is told by the short form ("разработан") or the verb.
 */
export const ATTRIBUTIVE = /^[а-я]{3,}(?:нн|вш)(?:ый|ая|ое|ые|ого|ой|ых|ым|ую|ом|ыми|ому)$/u;

/** "… — Kremlin", "… – minister", "… - Lavrov": a spaced dash before the speaker. */
export const DASH_SPEAKER = /\s[\u2014\u2013-]\s+([^\u2014\u2013]+)$/u;
/** "…, Putin says", "…, says Putin", "…, заявил Путин", "…, считает министр". */
export const SAYS_SPEAKER =
  /,\s+((?:[^,]+\s+(?:says|said|believes|thinks))|(?:(?:says|said|заявил[аи]?|сообщил[аи]?|считает|считают|уверен[аы]?|отметил[аи]?|подчеркнул[аи]?|полагает)\s+[^,]+))$/iu;
