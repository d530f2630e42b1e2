import { beforeAll, describe, expect, it } from "vitest";
import { type AgendaSpec, parseAgenda } from "../../src/domain/agenda.js";
import {
  type CompiledAgenda,
  compileAgenda,
  learnNegativePattern,
  MATCHER_VERSION,
  matchItem,
} from "../../src/domain/matching/index.js";
import { tokenizeSegments } from "../../src/domain/matching/tokenize.js";
import { loadAgendaFile } from "../../src/infra/agenda-file.js";
import { readLabelled } from "../../scripts/eval-lib.js";
import { repoRoot } from "../helpers/run-cli.js";

let agenda: AgendaSpec;
let compiled: CompiledAgenda;

beforeAll(async () => {
  agenda = await loadAgendaFile();
  compiled = compileAgenda(agenda);
});

const en = (title: string | null, summary: string | null = null, extra: object = {}) =>
  matchItem(compiled, { title, summary, language: "en", ...extra });
const ru = (title: string | null, summary: string | null = null, extra: object = {}) =>
  matchItem(compiled, { title, summary, language: "ru", ...extra });
/** An item in `language` other than English or Russian (a title, a text, or both). */
const inLanguage = (language: string, title: string | null, summary: string | null = null) =>
  matchItem(compiled, { title, summary, language });
/** The nature read from a text alone (no title) in `language`. */
const natureOf = (language: string, summary: string) => inLanguage(language, null, summary).nature;
const slugs = (r: { milestones: { slug: string }[] }) => r.milestones.map((m) => m.slug);

describe("tokenising", () => {
  it("lower-cases, folds ё and splits hyphenated words", () => {
    const { tokens } = tokenizeSegments(["Ёлки: ИИ-ассистент Сбера"]);
    expect(tokens.map((t) => t.word)).toEqual(["елки", "ии", "ассистент", "сбера"]);
    expect(tokens[1]!.upper).toBe(true);
  });

  it("keeps a word mixing Latin and Cyrillic letters whole", () => {
    const { tokens } = tokenizeSegments(["AIшница"]);
    expect(tokens).toHaveLength(1);
  });

  it("reads a dotted acronym as the acronym", () => {
    const { tokens } = tokenizeSegments(["Russia bets on A.I. for its army."]);
    expect(tokens.map((t) => t.word)).toContain("ai");
  });

  it("gives a capitalised Cyrillic word its second stem however the same word was written before", () => {
    const alt = (text: string) => tokenizeSegments([text]).tokens.at(-1)!.alt;
    expect(alt("казахстане")).toBeUndefined();
    expect(alt("В Казахстане")).toBe("казахста");
    expect(alt("казахстане")).toBeUndefined();
  });

  it("splits sentences but not after initials", () => {
    const { sentences } = tokenizeSegments(["В. Путин подписал указ. Он вступает в силу сегодня."]);
    expect(sentences).toHaveLength(2);
  });
});

describe("matching English items", () => {
  it("matches the national plan being approved as progress on that milestone, with the sentence quoted", () => {
    const r = en(
      "Putin approves national AI implementation plan",
      "President Vladimir Putin on Friday approved the national plan for AI implementation drawn up with the regions. The Kremlin said more details would follow.",
    );
    expect(r.matched).toBe(true);
    expect(r.areas).toContain("economy");
    expect(slugs(r)).toContain("national-ai-implementation-plan");
    expect(r.progress).toBe(true);
    expect(r.milestones.find((m) => m.slug === "national-ai-implementation-plan")!.progress).toBe(true);
    expect(r.quote).toBe(
      "President Vladimir Putin on Friday approved the national plan for AI implementation drawn up with the regions.",
    );
    expect(r.terms).toEqual(expect.arrayContaining(["approved", "Putin"]));
    expect(r.explanation).toMatch(/^Matched economy/);
  });

  it("does not match AI news from elsewhere, even when it reports progress", () => {
    const r = en(
      null,
      "The EU AI Act, the first global regulation on artificial intelligence, has officially come into force.",
    );
    expect(r.matched).toBe(false);
    expect(r.areas).toEqual([]);
    expect(r.explanation).toMatch(/^Not matched/);
  });

  it("does not match Russian news without AI", () => {
    expect(
      en(
        "Russia's central bank raises key rate to 15%",
        "It warned inflation was rising across the Russian economy.",
      ).matched,
    ).toBe(false);
  });

  it("does not take an intelligence service for AI", () => {
    const r = en("Putin congratulated staff of the Foreign Intelligence Service on its centenary");
    expect(r.matched).toBe(false);
    expect(r.explanation).toContain("no AI context");
  });

  it('still reads AI in "artificial intelligence services"', () => {
    const r = en("Moscow opens its artificial intelligence services for healthcare to all Russian regions");
    expect(r.matched).toBe(true);
    expect(r.terms).toContain("artificial intelligence");
  });

  it("does not take the name Ai for AI", () => {
    expect(en("Ai Weiwei opens an exhibition in Moscow about Russia").matched).toBe(false);
  });

  it("places defence and international items in their areas", () => {
    expect(en("Russian army deploys AI-guided drones").areas).toEqual(["defense"]);
    const r = en("BRICS nations set up AI alliance at Russia's initiative");
    expect(r.areas).toEqual(["international"]);
    expect(r.progress).toBe(true);
  });
});

describe("official web sites", () => {
  const title = "Government approves rules for AI in healthcare";
  const summary =
    "The government approved rules for the use of artificial intelligence in hospitals and clinics.";
  it("tie an item to the agenda however its address is written, and only by the host", () => {
    for (const url of [
      "https://www.kremlin.ru/events/1",
      "https://WWW.KREMLIN.RU/events/1",
      "https://kreml%69n.ru/events/1",
    ]) {
      const r = en(title, summary, { url });
      expect(r.matched, url).toBe(true);
      expect(r.explanation).toContain("published on kremlin.ru");
    }
    // A ministry's site and the Central Bank's are the state's too (the Foreign Ministry, its UN mission).
    for (const url of ["https://mid.ru/ru/foreign_policy/news/1", "https://russiaun.ru/en/news/1"]) {
      expect(en(title, summary, { url }).matched, url).toBe(true);
    }
    for (const url of [
      null,
      "https://example.com/kremlin.ru/events/1",
      "https://notkremlin.ru/x",
      "not a url",
    ]) {
      expect(en(title, summary, { url }).matched, String(url)).toBe(false);
    }
  });
});

describe("matching Russian items", () => {
  it("handles inflections through stemming", () => {
    const r = ru("Путин подписал указ о национальной стратегии развития искусственного интеллекта");
    expect(r.matched).toBe(true);
    expect(r.progress).toBe(true);
    expect(slugs(r)).toContain("national-ai-implementation-plan");
  });

  it("treats domestic AI fraud as risk", () => {
    const r = ru(
      "Мошенники используют все новые схемы, в том числе с помощью искусственного интеллекта",
      "Такой ущерб киберпреступники нанесли россиянам за прошлый год.",
    );
    expect(r.areas).toEqual(["risk"]);
    expect(r.progress).toBe(false);
  });

  it("does not match foreign AI news or AI anecdotes", () => {
    expect(ru("В США пенсионерка выиграла суд благодаря искусственному интеллекту").matched).toBe(false);
    expect(ru("Нейросеть за сутки написала диплом за студента").matched).toBe(false);
    expect(ru("Нейросеть помогает российским специалистам восстанавливать памятник в Пальмире").matched).toBe(
      false,
    );
  });

  it("needs an actor in a press item: the Russian language alone ties nothing to the state", () => {
    const homework = [
      "Родители и педагоги бьют тревогу – дети перестали учиться. Задания за них выполняет ИИ",
      "Школьники массово начали использовать нейросети, чтобы делать домашку.",
    ] as const;
    expect(ru(...homework).matched).toBe(false);
    // The same words from the state's own site, or naming a ministry, are the state's.
    expect(ru(...homework, { url: "http://kremlin.ru/events/president/news/1" }).matched).toBe(true);
    expect(ru(homework[0], `Минпросвещения: ${homework[1]}`).matched).toBe(true);
  });

  it("does not take digital broadcasting, or a BRICS summit without AI, for AI policy", () => {
    expect(ru("В России на цифровое вещание перейдут еще 20 регионов").matched).toBe(false);
    expect(ru("Владимир Путин ответил на вопросы журналистов по завершении саммита БРИКС").matched).toBe(
      false,
    );
  });

  it("reads a dateline as where the item was filed, not who acts", () => {
    const lead = "Билайн тестирует ИИ-модель, которая общается с мошенниками.";
    expect(ru(null, `МОСКВА, 13 ноя – РИА Новости. ${lead}`).matched).toBe(false);
    // The capital named as an actor, not a dateline, still ties it.
    expect(ru(null, `Москва тестирует ИИ-модель, которая общается с мошенниками.`).matched).toBe(true);
  });

  it("reads the country opening a sentence as a place (the scene), not as the actor", () => {
    const scam = "scammers have increasingly used deepfakes made by a neural network to steal money.";
    expect(en("Scammers are tricking people with deepfakes.", `In Russia, ${scam}`).matched).toBe(false);
    expect(ru("В Москве проходит международная конференция по искусственному интеллекту").matched).toBe(
      false,
    );
    // So is a place after a full participle: where the thing was made ("Разработанный в России ИИ…").
    expect(ru("Созданный в России искусственный интеллект ставит пациентам диагнозы за минуты").matched).toBe(
      false,
    );
    // Elsewhere in the sentence the country is read as before.
    expect(en("Scammers are tricking people with deepfakes.", `Russia warns that ${scam}`).matched).toBe(
      true,
    );
    // "В МВД России сообщили" is the ministry speaking: a body between "в" and "России" is no place.
    expect(
      ru(
        null,
        "В МВД России сообщили, что полиция будет искать преступников с помощью камер с искусственным интеллектом.",
      ),
    ).toMatchObject({ matched: true });
  });

  it("reads Moscow's mayor in German and the federal AI project as the agenda's", () => {
    expect(
      inLanguage("de", "Sobjanin: Künstliche Intelligenz wird in Moskau in 90 Projekten eingesetzt"),
    ).toMatchObject({ matched: true, areas: ["economy"] });
    expect(
      en(null, "The federal project on artificial intelligence will fund twelve research centres next year."),
    ).toMatchObject({ matched: true, areas: ["economy"] });
  });

  it("knows the federal services and agencies as the state's bodies", () => {
    expect(
      ru("Росздравнадзор утвердил порядок контроля ошибок медицинских программ с искусственным интеллектом"),
    ).toMatchObject({ matched: true, nature: "step" });
    expect(
      ru(null, "Роспотребнадзор внедрил систему искусственного интеллекта для проверки жалоб граждан."),
    ).toMatchObject({
      matched: true,
      nature: "step",
    });
    expect(
      en(
        null,
        "The FSB will use artificial intelligence to protect critical infrastructure, the service said.",
      ).matched,
    ).toBe(true);
  });

  it("reads the police and law enforcement using AI as the defence area", () => {
    expect(
      en(
        null,
        "Russia's Interior Ministry said law enforcement and police officers will use AI cameras to search for wanted suspects.",
      ),
    ).toMatchObject({ matched: true, areas: ["defense"] });
    expect(
      ru(
        null,
        "Правоохранительные органы задержали 18 человек из федерального розыска благодаря системе распознавания лиц, сообщили в МВД.",
      ),
    ).toMatchObject({ matched: true, areas: ["defense"] });
  });

  it("reads a bill regulating AI, and human control over AI, as the risk area", () => {
    const bill = ru(
      null,
      "В Госдуму планируют внести законопроект, регулирующий использование искусственного интеллекта (ИИ) при изготовлении агитационных материалов.",
    );
    expect(bill.areas).toEqual(["risk"]);
    expect(
      en("Russia calls on UN for impartiality, human control over AI — Permanent Mission").areas,
    ).toContain("risk");
  });

  it("reads another country's adjective as a foreign actor", () => {
    const belarus =
      "Белорусские власти взялись за регулирование искусственного интеллекта. Формально это шаг в ногу со временем.";
    expect(ru(null, belarus).matched).toBe(false);
    expect(en(null, "Belarusian authorities have moved to regulate artificial intelligence.").matched).toBe(
      false,
    );
  });

  it("does not read Russia's AI Alliance as international cooperation", () => {
    const r = en(
      "Putin orders that measures be drafted to support AI projects",
      "Russian President Vladimir Putin has tasked the AI Alliance with proposing additional measures to support new and existing projects in the field of artificial intelligence before October 15.",
    );
    expect(r.areas).toEqual(["economy"]);
  });

  it("reads weapons systems and the military's bodies as the defence area", () => {
    expect(en("Russia tests control unit for AI-powered turrets with automatic aiming").areas).toEqual([
      "defense",
    ]);
    expect(ru(null, "Вице-премьер призвал развивать искусственный интеллект в ОПК.").areas).toEqual([
      "defense",
    ]);
  });

  it("reads AI called a double-edged sword or dangerous as the risk area", () => {
    expect(en("AI is a double-edged sword — Putin").areas).toEqual(["risk"]);
    expect(ru("ИИ — палка о двух концах, заявил Путин").areas).toEqual(["risk"]);
    expect(en("AI in the wrong hands is dangerous — Putin").areas).toEqual(["risk"]);
  });

  it("reads a call for global or international efforts as cooperation", () => {
    expect(ru("Нужны международные усилия против дипфейков, заявил Лавров").areas).toContain("international");
  });

  it("reads working together, as a verb, as cooperation", () => {
    const sco = en(
      null,
      "ASTANA, July 4. /TASS/. The countries of the Shanghai Cooperation Organization (SCO) are ready to work together to prevent risks associated with artificial intelligence technologies, the declaration signed by the heads of state says.",
    );
    expect(sco.areas).toContain("international");
    const sber = matchItem(compiled, {
      summary:
        "Sberbank prevede di collaborare con i ricercatori cinesi a progetti congiunti di intelligenza artificiale, ha detto a Reuters un alto dirigente della più grande banca russa.",
      language: "it",
    });
    expect(sber.areas).toEqual(["international"]);
  });

  it("does not read a council's or committee's name as the item's area", () => {
    const r = ru(
      "Путин призвал сделать РФ лидером по разработкам искусственного интеллекта",
      "Россия должна стать лидером в сфере разработки искусственного интеллекта. Об этом заявил президент РФ Владимир Путин во время заседания Совета по науке и образованию.",
    );
    expect(r.areas).toEqual(["economy"]);
  });

  it("reads a security council named in Spanish or English as a body, not as the risk area", () => {
    const es = inLanguage(
      "es",
      null,
      "El presidente ruso, Vladímir Putin, encabezó este viernes una reunión del Consejo de Seguridad centrada en el avance de la inteligencia artificial (IA) para la defensa nacional.",
    );
    expect(es.areas).toEqual(["defense"]);
    const english = en(
      "Putin chairs Security Council meeting on artificial intelligence in the armed forces and military drones",
    );
    expect(english.areas).not.toContain("risk");
  });

  it("reads the Ukrainian armed forces (ВСУ) as another state acting", () => {
    const r = ru(
      "ВСУ получили еще 1700 беспилотников",
      "Это ударные коптеры с искусственным интеллектом. Все беспилотники приобретены в рамках государственной программы «Армия дронов».",
    );
    expect(r.matched).toBe(false);
  });

  it("reads 'the head of state' as any state's head, so another state's AI law is not this agenda's", () => {
    const r = ru(
      null,
      "Документ позволяет внедрять ИИ в экономику и государственные сервисы. Главой государства подписан закон Республики Казахстан по вопросам искусственного интеллекта.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads Sber's chief German Gref as a name, not Germany", () => {
    const r = en(
      "Sberbank CEO German Gref said the bank has introduced artificial intelligence in all its divisions",
    );
    expect(r.explanation).toContain("German Gref");
    expect(r.explanation).not.toMatch(/foreign: German/);
  });

  it("names China in the genitive (Китая), which the stemmer cuts differently from Китай", () => {
    const r = ru(
      null,
      "Государственный совет Китая, главный исполнительный орган правительства, опубликовал десятилетний план развития искусственного интеллекта.",
    );
    expect(r.matched).toBe(false);
    expect(r.explanation).toContain("foreign: Китая");
  });

  it("reads a headline opening 'В Кремле заявили…' as the Kremlin speaking, 'В России ИИ помогает…' as a place", () => {
    expect(ru("В Кремле заявили о совершенствовании ИИ").matched).toBe(true);
    expect(ru("В России ИИ помогает врачам").matched).toBe(false);
  });

  it("reads a headline opening on the actor and a commitment verb (введет, разработает) as the actor's plan", () => {
    expect(ru("Москва введет специальный режим для развития искусственного интеллекта").matched).toBe(true);
  });

  it("reads a headline's 'eyes' as the actor's plan", () => {
    const r = en("Russia Eyes Generative AI to Modernize Government Operations");
    expect(r.matched).toBe(true);
    expect(r.nature).toBe("discussion");
  });

  it("reads an agency's talk verbs after the actor (раскрыл, сравнил, appreciated) as the actor's talk on AI", () => {
    expect(ru("Песков раскрыл роль ИИ в работе Кремля").matched).toBe(true);
    expect(en("Mishustin appreciated the importance of introducing artificial intelligence").matched).toBe(
      true,
    );
  });

  it("reads a headline's actor after a given name, or speaking on a misuse, as the actor on AI", () => {
    // A given name before the surname is still the actor opening the headline.
    expect(
      ru("Андрей Белоусов обсудил возможность изменения баланса сил в войне нейросетей с помощью FPV и NPU"),
    ).toMatchObject({ matched: true, areas: ["defense"] });
    expect(
      ru("Центробанк опубликовал консультативный доклад о применении ИИ на финансовом рынке").matched,
    ).toBe(true);
    // The ministry naming fraudsters' phrases acts on the misuse: no anecdote.
    expect(ru("В МВД назвали фразы, позволяющие вычислить мошенников с дипфейками")).toMatchObject({
      matched: true,
      areas: ["risk"],
    });
  });

  it("knows the agenda's people and bodies as German and French write them", () => {
    expect(
      inLanguage(
        "de",
        null,
        "Der russische Außenminister Lawrow forderte bei den Vereinten Nationen einen rechtlichen Rahmen für künstliche Intelligenz.",
      ),
    ).toMatchObject({ matched: true, areas: ["international"] });
    expect(
      inLanguage(
        "de",
        null,
        "Mischustin hat eine Verordnung über künstliche Intelligenz in der Verwaltung unterzeichnet.",
      ),
    ).toMatchObject({ matched: true, nature: "step" });
    expect(
      inLanguage(
        "fr",
        null,
        "Selon Michoustine, la stratégie nationale d'intelligence artificielle sera approuvée d'ici la fin de l'année.",
      ),
    ).toMatchObject({ matched: true, nature: "discussion" });
    // The Kremlin speaking on liability for deepfakes acts on the misuse.
    expect(
      inLanguage("de", "Der Kreml sprach über die Einführung einer Haftung für Telefon-Deepfakes"),
    ).toMatchObject({
      matched: true,
      areas: ["risk"],
    });
  });

  it("reads the state's bodies in German, French, Spanish, Italian and Portuguese, and another state's as its own", () => {
    expect(
      inLanguage("de", null, "Die russische Regierung hat ein Zentrum für künstliche Intelligenz gegründet."),
    ).toMatchObject({ matched: true, nature: "step" });
    // The Ukrainian government spreading a Putin deepfake is no body of the agenda's.
    expect(
      inLanguage(
        "de",
        "Putin gibt zu, ein Terrorist zu sein – in einem Deepfake-Video",
        "In einem Deepfake-Video gibt Putin zu, ein Terrorist zu sein. Es wird vom Twitter-Account der ukrainischen Regierung verbreitet.",
      ).matched,
    ).toBe(false);
  });

  it("reads joining forces with a partner as cooperation", () => {
    expect(ru("Сбер объединяет усилия с Китаем в сфере ИИ")).toMatchObject({
      matched: true,
      areas: ["international"],
    });
    expect(
      inLanguage("es", "Rusia y la India acuerdan unir esfuerzos en inteligencia artificial"),
    ).toMatchObject({
      matched: true,
      areas: ["international"],
    });
  });

  it("reads sovereign AI as the sovereign models milestone", () => {
    const r = en(
      "Sberbank: Russia needs sovereign AI",
      "Sberbank believes that Russia needs sovereign artificial intelligence to avoid critical dependence on foreign models.",
    );
    expect(slugs(r)).toContain("sovereign-foundation-models");
  });

  it("reads LAWS in capitals as lethal autonomous weapons, and 'laws' as laws", () => {
    const laws = en(
      null,
      "The Russian Federation said at the UN General Assembly that international law fully applies to emerging technologies in the area of LAWS.",
    );
    expect(laws.areas).toContain("international");
    expect(
      en(null, "The Russian Federation said at the UN General Assembly that international laws fully apply.")
        .matched,
    ).toBe(false);
  });

  it("does not read the French 'course' (race) or 'en train de' as training", () => {
    const race = inLanguage(
      "fr",
      null,
      "Vladimir Poutine a promis que la Russie ne perdrait pas la course à l'intelligence artificielle, au cours d'une réunion au Kremlin.",
    );
    expect(race.areas).not.toContain("education");
    const underWay = inLanguage(
      "fr",
      null,
      "Le ministère russe de la Défense est en train de créer un département d'intelligence artificielle, a annoncé le Kremlin.",
    );
    expect(underWay).toMatchObject({ matched: true, areas: ["defense"] });
    // In English both words are still training.
    expect(en(null, "Putin said Russia will expand AI training courses at universities.").areas).toEqual([
      "education",
    ]);
  });

  it("reads facial recognition in German, French, Spanish, Italian and Portuguese as AI", () => {
    const de = inLanguage(
      "de",
      null,
      "Die Moskauer Metro hat einen Pilotversuch zur Gesichtserkennung gestartet, meldete die Stadtverwaltung Moskau.",
    );
    expect(de.matched).toBe(true);
    expect(de.explanation).toContain("AI: Gesichtserkennung");
  });

  it("reads content made with AI ('creato con l'intelligenza artificiale') as no deed, and Italian 'lei' as no law", () => {
    const r = inLanguage(
      "it",
      null,
      "Vladimir Putin ha risposto a una domanda di un sosia virtuale del presidente russo, creato con l'intelligenza artificiale: lei è il mio sosia.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads a pro-Kremlin network as somebody else, not the Kremlin acting", () => {
    const r = inLanguage(
      "pt",
      null,
      "Uma auditoria conduzida pela empresa NewsGuard revelou que uma rede pró-Kremlin conhecida como Pravda tem infiltrado os principais chatbots de inteligência artificial (IA) com narrativas falsas. O estudo aponta que a estratégia faz parte de uma operação mais ampla de desinformação.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads the Russian Federation's formal name in other languages as the state", () => {
    const r = inLanguage(
      "pt",
      null,
      "O governo da Federação Russa aprovou as regras de financiamento dos centros de pesquisa em inteligência artificial.",
    );
    expect(r.matched).toBe(true);
  });

  it("reads a deepfake of Putin as the fake's subject, not the President acting", () => {
    const r = inLanguage(
      "es",
      "Putin Deepfake imagina al presidente ruso anunciando su rendición",
      "Circuló un video en las redes sociales que supuestamente mostraba a Vladimir Putin anunciando que el ejército ruso se rendía.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads content generated by AI about Putin as content, not AI policy", () => {
    const r = inLanguage(
      "es",
      null,
      "Circula por redes sociales un vídeo de una supuesta detención de Vladímir Putin, generado por inteligencia artificial, con militares uniformados.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads the country in a list of states (Brasil, Rússia, Índia, China) as a member, not the one who acts", () => {
    const r = inLanguage(
      "pt",
      null,
      "Lula defendeu uma ação multilateral com regras sobre ferramentas de inteligência artificial. Além dos fundadores Brasil, Rússia, Índia, China e África do Sul, hoje o BRICS conta com outros seis países membros.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads lethal autonomous weapons as AI", () => {
    const r = ru(
      null,
      "Российская делегация в ООН заявила позицию по смертоносным автономным системам вооружений и призвала продолжить обсуждение в рамках Конвенции.",
    );
    expect(r.matched).toBe(true);
    expect(r.areas).toContain("defense");
  });

  it("does not let a stock phrase about a banned organisation tie an item to Russia", () => {
    const r = ru("Компания Meta, деятельность которой запрещена в России, выпустила новую нейросеть");
    expect(r.matched).toBe(false);
  });
});

describe("aliases across scripts", () => {
  it("matches GigaChat written in either script to the same milestone", () => {
    const latin = ru("Сбер представил новую версию GigaChat");
    const cyrillic = ru("Сбер представил новую версию ГигаЧат");
    expect(slugs(latin)).toContain("sovereign-foundation-models");
    expect(slugs(cyrillic)).toContain("sovereign-foundation-models");
  });

  it("reads Сбер in an English item and BRICS in a Russian one", () => {
    expect(en("Сбер launches a new AI assistant for Russian businesses").matched).toBe(true);
    expect(ru("Страны BRICS договорились о сотрудничестве в сфере ИИ").areas).toContain("international");
  });

  it("knows AI Journey by its Russian name", () => {
    const r = ru(
      "О влиянии ИИ на экономику говорили на конференции «Путешествие в мир искусственного интеллекта»",
    );
    expect(slugs(r)).toContain("ai-journey-ministry-presentations");
  });

  it("reads a milestone phrase written with the other spelling of AI", () => {
    // The agenda writes "commission on AI"; the alias gives "commission on artificial intelligence".
    const r = en("Russia's commission on artificial intelligence met for the first time");
    expect(slugs(r)).toContain("ai-commission-established");
  });
});

describe("progress or discussion", () => {
  it("reads a cue written for one language only in items of that language", () => {
    // The German "half" (helped) is an AI system at work in German, and a fraction in English.
    expect(
      en("Chatbots can answer half of citizens' letters to Russia's ministries – minister"),
    ).toMatchObject({
      matched: true,
      nature: "discussion",
    });
    const de = matchItem(compiled, {
      title: "Künstliche Intelligenz half dem Kreml bei der Auswertung der Bürgerbriefe",
      summary: null,
      language: "de",
    });
    expect(de).toMatchObject({ matched: true, nature: "step" });
  });

  it("reads the same deeds as steps in English and Russian: integrated, implemented, developed", () => {
    expect(
      en(
        null,
        "The Ministry of Digital Development has integrated GigaChat into the public services portal.",
      ),
    ).toMatchObject({ matched: true, nature: "step" });
    expect(
      ru(null, "Минцифры разработали модель искусственного интеллекта для проверки обращений граждан."),
    ).toMatchObject({ matched: true, nature: "step" });
    // The future of the same verb is still talk.
    expect(en(null, "The ministry will develop an AI model for the public services portal.").progress).toBe(
      false,
    );
  });

  it("reads AI put to use, in the passive, as a step in German, French, Spanish, Italian and Portuguese", () => {
    const inUse: [string, string][] = [
      ["de", "Im Kreml wird künstliche Intelligenz für Bürgeranfragen eingesetzt."],
      ["fr", "Au Kremlin, l'intelligence artificielle est utilisée pour trier les lettres des citoyens."],
      [
        "es",
        "En el Kremlin, la inteligencia artificial es utilizada para clasificar las cartas de los ciudadanos.",
      ],
      [
        "it",
        "Al Cremlino l'intelligenza artificiale viene utilizzata per smistare le lettere dei cittadini.",
      ],
      ["pt", "No Kremlin, a inteligência artificial é utilizada para classificar as cartas dos cidadãos."],
    ];
    for (const [language, text] of inUse) expect(natureOf(language, text), language).toBe("step");
    // What fraudsters could use AI for is no deed of the state's.
    expect(
      natureOf(
        "de",
        "Betrüger können künstliche Intelligenz nutzen, sagte ein Beamter des Innenministeriums der Russischen Föderation.",
      ),
    ).toBe("discussion");
  });

  it("reads a decision taken and an agreement reached, in other languages, as progress", () => {
    const decided = inLanguage(
      "fr",
      null,
      "La Russie a pris la décision de créer un département d'intelligence artificielle au ministère de la Défense.",
    );
    expect(decided).toMatchObject({ matched: true, progress: true });
    const agreed = inLanguage(
      "it",
      null,
      "Russia e Cina hanno concordato di rafforzare la cooperazione sull'intelligenza artificiale.",
    );
    expect(agreed).toMatchObject({ matched: true, progress: true });
  });

  it("reads a draft or a proposal that a deed acts on as the deed's object, not talk", () => {
    expect(
      en(
        null,
        "A Russian government commission has approved a draft law that should facilitate the development of AI.",
      ),
    ).toMatchObject({ matched: true, progress: true, nature: "step" });
    // A draft alone is still talk.
    expect(en(null, "The Russian government published a draft law on the development of AI.").progress).toBe(
      false,
    );
  });

  it("reads the future passive's auxiliary (sarà firmato) as a deed to come", () => {
    const future =
      "Nel prossimo futuro sarà firmato un decreto presidenziale e sarà approvata una nuova edizione della strategia nazionale per lo sviluppo dell'intelligenza artificiale, ha detto Putin.";
    expect(inLanguage("it", null, future)).toMatchObject({ matched: true, nature: "discussion" });
    expect(
      natureOf("it", "Putin ha firmato un decreto sulla strategia nazionale per l'intelligenza artificiale."),
    ).toBe("step");
  });

  it("reads plans, proposals and the future as discussion", () => {
    // The future denied is talk as the future is: with the President it is policy talk.
    expect(en("Putin doubts that AI won’t turn against people")).toMatchObject({
      matched: true,
      nature: "discussion",
    });
    expect(en("Russia plans to approve a national AI strategy next year").progress).toBe(false);
    expect(ru("В Госдуме предложили ввести маркировку контента, созданного нейросетями").progress).toBe(
      false,
    );
    expect(ru("Баканов сообщил, что в скором времени нейросеть GigaChat запустят на орбиту").progress).toBe(
      false,
    );
    expect(ru("Мишустин: к 2030 году ИИ будет внедрен во всех отраслях экономики").progress).toBe(false);
  });

  it("reads an AI system at work in the present tense as progress, but not AI used by somebody else", () => {
    expect(ru("ГигаЧат анализирует обращения граждан в 40 регионах").progress).toBe(true);
    expect(
      en(
        "Artificial intelligence now analyses X-rays in Moscow hospitals",
        "AI services process 3 million scans a year, the city healthcare department said.",
      ).progress,
    ).toBe(true);
    expect(ru("Мошенники используют нейросети, чтобы обманывать россиян").progress).toBe(false);
    expect(ru("Нейросети могут помогать врачам ставить диагнозы, считает министр").progress).toBe(false);
  });

  it("does not take a weak cue alone for a step", () => {
    expect(
      ru("Российская нейросеть выиграла конкурс Минцифры на лучший ИИ-сервис для госуслуг").progress,
    ).toBe(false);
  });

  it("reads orders, allocations and launches as progress", () => {
    expect(
      ru("Владимир Путин поручил создать штаб по руководству отраслью искусственного интеллекта").progress,
    ).toBe(true);
    expect(
      ru(
        "В России в 2024 году на развитие искусственного интеллекта будет выделено более пяти миллиардов рублей",
      ).progress,
    ).toBe(true);
    expect(
      en(
        "Russia Introduces AI Education Starting in Elementary School",
        "A pilot course in artificial intelligence has launched in Moscow.",
      ).progress,
    ).toBe(true);
  });

  it("reads a participle after a comma and before 'by' as describing the noun, not as the deed", () => {
    expect(
      natureOf(
        "en",
        "Putin visited School 21, established by Sberbank to train artificial intelligence specialists.",
      ),
    ).toBe("discussion");
  });

  it("reads German 'wird' before a participle as the passive, a deed told, and before an infinitive as the future", () => {
    expect(
      natureOf("de", "Im Kreml hieß es, künstliche Intelligenz wird in der russischen Armee eingeführt."),
    ).toBe("step");
    expect(
      natureOf(
        "de",
        "Im Kreml hieß es, künstliche Intelligenz wird in der russischen Armee eingeführt werden.",
      ),
    ).toBe("discussion");
  });

  it("reads 'is expected to submit' as a forecast, unlike 'is to submit'", () => {
    const text = (verb: string) =>
      `The Russian Ministry of Digital Development ${verb} a draft AI law to the government by the end of February.`;
    expect(natureOf("en", text("is expected to submit"))).toBe("discussion");
    expect(natureOf("en", text("is to submit"))).toBe("instruction");
  });

  it("reads a strategy updated or extended, a team-up and 'поддержал создание' as steps", () => {
    expect(en("Putin updates national AI development strategy until 2030").nature).toBe("step");
    expect(en("Russia's Sberbank Teams Up with China for AI Research").nature).toBe("step");
    expect(ru("Путин поддержал создание в России штаба по ИИ").nature).toBe("step");
  });

  it("reads a dated 'will be upgraded' by the actor as a commitment, and 'will discuss the implementation' as talk", () => {
    expect(
      natureOf(
        "en",
        "The command system of Russia's Armed Forces will be upgraded in 2023 with artificial intelligence, Defense Minister Shoigu said.",
      ),
    ).toBe("instruction");
    expect(
      natureOf(
        "en",
        "In Moscow, participants of AI Journey will discuss the implementation of the 2030 National Strategy of AI Development.",
      ),
    ).toBe("discussion");
  });

  it("reads a special regime (специальный режим) as no academic specialty, and an announced creation as a step", () => {
    expect(ru("Москва введет специальный режим для развития искусственного интеллекта").areas).not.toContain(
      "education",
    );
    expect(
      natureOf(
        "pt",
        "Vladimir Putin, em Moscou, anunciou a formação da AI Alliance Network dos países BRICS.",
      ),
    ).toBe("step");
  });

  it("reads work still going on (has been developing) as no deed done, unlike has developed", () => {
    expect(
      natureOf("en", "The Russian military has been developing its artificial intelligence ecosystem."),
    ).toBe("discussion");
    expect(natureOf("en", "The Russian military has developed its artificial intelligence ecosystem.")).toBe(
      "step",
    );
  });

  it("reads appointments, a body's neuter past and a system activated as steps", () => {
    // "Разработана" is a system developed, a deed done; "будет разработан" stays a plan.
    expect(ru("Минцифры: разработана отечественная нейросеть для госуслуг").nature).toBe("step");
    expect(ru("Правительство России создало подкомиссию по развитию технологий ИИ").nature).toBe("step");
    expect(
      ru(
        "Главу Минцифры назначили председателем комиссии по искусственному интеллекту",
        "Об этом стало известно из указа правительства о комиссии по внедрению технологий искусственного интеллекта.",
      ).progress,
    ).toBe(true);
    expect(
      en(
        "Moscow starts paying via facial recognition at metro",
        "Face Pay has been activated at more than 240 metro stations in Moscow, Sobyanin said.",
      ).nature,
    ).toBe("step");
    const pt = inLanguage(
      "pt",
      null,
      "A filha do presidente russo Vladimir Putin foi nomeada chefe de um novo instituto de inteligência artificial da Universidade Estadual de Moscou.",
    );
    expect(pt.nature).toBe("step");
  });

  it("reads production begun, a system integrated and a bill backed by the cabinet as steps", () => {
    expect(
      natureOf(
        "ru",
        "В России началось серийное производство боевых роботов с искусственным интеллектом, рассказал министр обороны.",
      ),
    ).toBe("step");
    expect(
      natureOf(
        "ru",
        "В систему Госдумы «Электронный парламент» интегрированы элементы искусственного интеллекта для работы с обращениями граждан.",
      ),
    ).toBe("step");
    expect(
      natureOf(
        "ru",
        "Правительство поддержало законопроект о регулировании искусственного интеллекта в экспериментальных правовых режимах.",
      ),
    ).toBe("step");
    expect(
      natureOf(
        "en",
        "Russian Education Minister Sergey Kravtsov announced the introduction of an artificial intelligence module in school curricula.",
      ),
    ).toBe("step");
  });

  it("reads a draft decree, an idiom and AI-made content as no step", () => {
    // "в распоряжении ТАСС" is what TASS has at hand, no order.
    expect(
      natureOf(
        "ru",
        "Об этом сообщается в имеющемся в распоряжении ТАСС паспорте дорожной карты развития искусственного интеллекта, разработанном Сбербанком.",
      ),
    ).toBe("discussion");
    expect(
      natureOf(
        "ru",
        "Минэкономразвития опубликовало проект постановления правительства о порядке экспериментов в области искусственного интеллекта.",
      ),
    ).toBe("discussion");
    expect(
      natureOf(
        "en",
        "A State Duma deputy raised concerns about deepfakes, fake voices and images created using artificial intelligence technology.",
      ),
    ).toBe("discussion");
  });

  it("reads a step cue opening a relative clause as background, not the news's deed", () => {
    expect(
      natureOf(
        "en",
        "The Russian Ministry of Digital Development has entered into an agreement on artificial intelligence with an accelerator which has invested in Google and other companies.",
      ),
    ).toBe("discussion");
    expect(
      natureOf(
        "en",
        "The Russian Ministry of Digital Development has invested in artificial intelligence companies.",
      ),
    ).toBe("step");
  });

  it("reads a republic's head (раис) as a state word, so that his order counts", () => {
    expect(
      ru(
        null,
        "Минцифры Татарстана представило программу развития искусственного интеллекта в государственном управлении. Раис Татарстана Рустам Минниханов поручил принять ее в первом квартале.",
      ).nature,
    ).toBe("instruction");
  });

  it("reads a launch announced or confirmed as a step in other languages, as in English", () => {
    expect(
      natureOf(
        "pt",
        "O Sber confirmou no seu site o lançamento do GigaChat, a inteligência artificial russa concorrente ao ChatGPT.",
      ),
    ).toBe("step");
    expect(
      natureOf(
        "fr",
        "Sber a annoncé le lancement de GigaChat, l'intelligence artificielle russe concurrente de ChatGPT.",
      ),
    ).toBe("step");
  });

  it("reads telling somebody to do something as an instruction", () => {
    expect(
      en(
        null,
        "President Putin told the defence ministry to step up work on artificial intelligence for drones.",
      ).nature,
    ).toBe("instruction");
    expect(
      ru(
        null,
        "Путин велел правительству подготовить меры поддержки разработчиков искусственного интеллекта.",
      ).nature,
    ).toBe("instruction");
    expect(
      en(null, "Putin told the AI Journey conference that Russia was going to build its own language models.")
        .nature,
    ).toBe("discussion");
  });

  it("lets the future of one coordinated clause leave the step of another standing", () => {
    expect(
      en(
        null,
        "Russia's AI strategy has been approved by the government, and Putin will discuss its funding next month.",
      ).nature,
    ).toBe("step");
    expect(
      ru(
        null,
        "Правительство утвердило план по развитию ИИ, а в следующем году Минцифры представит новые меры.",
      ).nature,
    ).toBe("step");
    // In one clause the future still makes it a plan.
    expect(en(null, "Russia's AI strategy will be approved by the government next month.").nature).toBe(
      "discussion",
    );
  });
});

describe("quotes", () => {
  it("prefers the sentence reporting the step over one with more terms", () => {
    const r = ru(
      "Искусственный интеллект в России",
      "Владимир Путин и Михаил Мишустин много говорили о внедрении искусственного интеллекта в экономике и промышленности России. Президент подписал указ о создании комиссии по развитию искусственного интеллекта.",
    );
    expect(r.progress).toBe(true);
    expect(r.quote).toBe(
      "Президент подписал указ о создании комиссии по развитию искусственного интеллекта.",
    );
  });

  it("keeps a long quote within 300 characters around the matched words", () => {
    const filler = "и это было очень долгое обсуждение самых разных вопросов ".repeat(8);
    const r = ru(
      null,
      `${filler}Путин подписал указ о национальной стратегии развития искусственного интеллекта, ${filler}`,
    );
    expect(r.quote).not.toBeNull();
    expect(r.quote!.length).toBeLessThanOrEqual(300);
    expect(r.quote).toContain("подписал указ");
  });
});

describe("whole texts", () => {
  // A transcript: greetings, then pages on roads, schools and military parades, then a passage on AI.
  const opening = "Good afternoon, colleagues, let us begin with the first question on today's list. ";
  const passing =
    "We discussed road building, school repairs, the army's parade and support for industry in the regions. ";
  const transcript = (aiPassage: string) =>
    `${opening.repeat(60)}${passing.repeat(20)}Now about something else. ${aiPassage} Thank you. ${passing.repeat(20)}`;

  it("matches and quotes an AI passage far into a transcript", () => {
    const r = matchItem(compiled, {
      title: "Meeting with Government members",
      summary: "Vladimir Putin held a meeting with Government members.",
      content: transcript(
        "The Government is instructed to submit a financial architecture for the development of artificial intelligence by August 1, 2026.",
      ),
      url: "http://en.kremlin.ru/events/president/transcripts/79500",
      language: "en",
    });
    expect(r.matched).toBe(true);
    expect(r.nature).toBe("instruction");
    expect(r.quote).toMatch(/instructed to submit a financial architecture/);
    expect(slugs(r)).toContain("financial-architecture");
  });

  it("does not give a transcript the areas its other sections name in passing", () => {
    const r = matchItem(compiled, {
      title: "Meeting with Government members",
      summary: "Vladimir Putin held a meeting with Government members.",
      content: transcript("Artificial intelligence is also changing the economy and public services."),
      url: "http://en.kremlin.ru/events/president/transcripts/79501",
      language: "en",
    });
    expect(r.areas).toEqual(["economy"]);
  });

  it("reads a text of 500,000 characters, naming AI in every sentence, in bounded time", () => {
    const content =
      "Artificial intelligence must serve industry, schools, the army and our BRICS partners. ".repeat(6000);
    const r = matchItem(compiled, {
      title: "Transcript",
      content,
      url: "http://en.kremlin.ru/x/1",
      language: "en",
    });
    expect(r.matched).toBe(true);
  });
});

describe("negative patterns from rejections", () => {
  const MODELS = "sovereign-foundation-models";
  // A telecom promotion that names GigaChat: it matches the models milestone, an analyst rejects it.
  const rejected = {
    title: "Билайн и Сбер представили новую версию GigaChat для абонентов",
    summary: "Абоненты Билайна получат скидку на подписку, в которую входит нейросеть GigaChat.",
    language: "ru",
    source: 7,
  };
  const nearCopy = {
    ...rejected,
    title: "Сбер показал абонентам Билайна новую версию GigaChat",
    summary: null,
  };
  const genuine = {
    title: "Сбер представил новую версию GigaChat",
    summary: "Большая языковая модель Сбера стала доступна министерствам и ведомствам.",
    language: "ru",
    source: 7,
  };
  const learn = () => learnNegativePattern(compiled, rejected, { milestoneSlug: MODELS });

  it("learns what made the rejected item a false match, not the milestone's own words", () => {
    expect(slugs(matchItem(compiled, rejected))).toContain(MODELS);
    const { terms } = learn();
    expect(terms).toEqual(expect.arrayContaining(["билайн", "абонент"]));
    // The words that tie every genuine item to the milestone are never part of it.
    for (const anchor of ["gigachat", "сбер", "нейросет"]) expect(terms).not.toContain(anchor);
    expect(terms.length).toBeLessThanOrEqual(4);
  });

  it("stops a near-copy from the same source, keeps a genuine item from that source, and leaves other sources alone", () => {
    const negatives = [{ sourceId: 7, milestoneSlug: MODELS, terms: learn().terms }];
    const copy = matchItem(compiled, nearCopy, { negatives });
    expect(slugs(copy)).not.toContain(MODELS);
    expect(copy.explanation).toContain("rejected pattern");

    expect(slugs(matchItem(compiled, genuine, { negatives }))).toContain(MODELS);
    expect(slugs(matchItem(compiled, { ...nearCopy, source: 8 }, { negatives }))).toContain(MODELS);
  });

  it("learns the chess in a rejected chess story, so later GigaChat news from that source still counts", () => {
    // Even if an analyst rejected such a story (the matcher itself no longer takes it for policy).
    const chess = {
      title: "GigaChat wins a chess tournament",
      summary:
        "The large language model from Sber won a chess simulator tournament held by a Moscow chess club.",
      language: "en",
      source: 3,
    };
    const { terms } = learnNegativePattern(compiled, chess, { milestoneSlug: MODELS });
    expect(terms).toEqual(expect.arrayContaining(["chess", "tournament"]));
    for (const anchor of ["gigachat", "larg", "languag", "model", "sber"])
      expect(terms).not.toContain(anchor);
    const negatives = [{ sourceId: 3, milestoneSlug: MODELS, terms }];
    const later = matchItem(
      compiled,
      {
        title: "Sber releases a new GigaChat large language model for government agencies",
        summary: "Sberbank launched the new version of its GigaChat large language model for ministries.",
        language: "en",
        source: 3,
      },
      { negatives },
    );
    expect(slugs(later)).toContain(MODELS);
  });

  it("learns nothing from an item that says nothing but agenda vocabulary", () => {
    expect(
      learnNegativePattern(
        compiled,
        { title: "Путин: GigaChat и YandexGPT", language: "ru" },
        { milestoneSlug: MODELS },
      ).terms,
    ).toEqual([]);
  });

  it("drops the whole match when a pattern names no milestone", () => {
    const negatives = [{ sourceId: null, milestoneSlug: null, terms: ["билайн", "абонент"] }];
    expect(matchItem(compiled, rejected, { negatives }).matched).toBe(false);
  });
});

describe("trivia is not policy", () => {
  it("does not take a leader or a spokesman next to AI for a policy item", () => {
    expect(en("Kremlin spokesman Peskov says he does not use ChatGPT").matched).toBe(false);
    expect(ru("Песков рассказал, что не пользуется нейросетями").matched).toBe(false);
    // A leader speaking about AI policy still matches.
    expect(en("Putin says Russia must develop its own large language models at AI Journey").matched).toBe(
      true,
    );
  });

  it("does not take a famous AI in a sports or arts story for policy", () => {
    const r = en(
      "Sber's GigaChat wins a chess tournament",
      "The large language model won a chess simulator tournament in Moscow.",
    );
    expect(r.matched).toBe(false);
    expect(r.explanation).toContain("sport");
    expect(
      ru("Нейросеть «Яндекса» написала гимн для болельщиков «Зенита»", "Текст сгенерировала YandexGPT.")
        .matched,
    ).toBe(false);
  });

  it("reads an AI item from a partner country in a Russian inflection as foreign", () => {
    expect(ru("В Казахстане заработал национальный ИИ-сервис для госорганов").matched).toBe(false);
  });

  it("reads another state's leader as who acts, though the text names no country", () => {
    const r = ru(
      "Токаев поручил правительству ускорить внедрение искусственного интеллекта",
      "Глава государства поручил правительству подготовить программу внедрения искусственного интеллекта во всех отраслях.",
    );
    expect(r.matched).toBe(false);
    expect(r.explanation).toContain("Токаев");
  });

  it("reads machine learning in Spanish, French and German as AI", () => {
    const texts: [string, string][] = [
      [
        "es",
        "Roskomnadzor planea implementar en 2026 un sistema de filtrado de tráfico basado en aprendizaje automático.",
      ],
      [
        "fr",
        "Roskomnadzor prévoit de déployer en 2026 un système de filtrage du trafic fondé sur l'apprentissage automatique.",
      ],
      [
        "de",
        "Roskomnadzor plant, 2026 ein Filtersystem für den Datenverkehr auf Basis von maschinellem Lernen einzuführen.",
      ],
    ];
    for (const [language, text] of texts)
      expect(inLanguage(language, null, text).matched, language).toBe(true);
  });
});

describe("milestone scores", () => {
  const AUTO = 0.8; // AUTO_PROGRESS_THRESHOLD in src/domain/status/milestone-status.ts
  const milestone = (r: ReturnType<typeof en>, slug: string) => r.milestones.find((m) => m.slug === slug)!;

  it("reach the automatic threshold for an official step on the milestone itself", () => {
    const r = en(
      "Vladimir Putin approved the National Plan for AI Implementation",
      "The President of Russia signed an executive order approving the national plan for AI implementation in federal and regional government bodies.",
    );
    const plan = milestone(r, "national-ai-implementation-plan");
    expect(plan.progress).toBe(true);
    expect(plan.score).toBeGreaterThanOrEqual(AUTO);
  });

  it("stay below it for a company's launch named only by the product, and for discussion", () => {
    const launch = en(
      "Sber launches new GigaChat",
      "Sberbank launched a new version of GigaChat for businesses.",
    );
    const models = milestone(launch, "sovereign-foundation-models");
    expect(models.progress).toBe(true);
    expect(models.score).toBeLessThan(AUTO);
    const talk = en(
      "Putin says the national AI implementation plan must be ready by summer",
      "President Vladimir Putin said the Government should prepare the national plan for AI implementation.",
    );
    expect(talk.progress).toBe(false);
    for (const m of talk.milestones) expect(m.score).toBeLessThan(AUTO);
  });

  it("do not give milestones merely listed beside the step the step's full weight", () => {
    const r = en(
      "Russia approves national plan to deploy AI across economy by 2030",
      "Russia's government has approved a national plan for introducing artificial intelligence in industry, logistics, energy and public administration, Prime Minister Mikhail Mishustin said.",
    );
    expect(milestone(r, "national-ai-implementation-plan").score).toBeGreaterThanOrEqual(AUTO);
    for (const m of r.milestones.filter((x) => x.slug !== "national-ai-implementation-plan"))
      expect(m.score).toBeLessThan(AUTO);
  });
});

describe("a new agenda needs no code change", () => {
  const france = parseAgenda(
    {
      slug: "france-ai",
      version: "1",
      title: "France's AI plan",
      matching: {
        ai: {
          en: [{ term: "AI", weight: 2 }],
          fr: [
            { term: "IA", weight: 2 },
            { term: "intelligence artificielle", weight: 2 },
          ],
        },
        agenda: {
          en: [
            { term: "France", weight: 2 },
            { term: "Macron", weight: 4 },
          ],
          fr: [{ term: "Élysée", weight: 4 }],
        },
        progress: {
          en: [
            { term: "=unveiled", weight: 2 },
            { term: "sign* off", weight: 2 },
          ],
          fr: [],
        },
        discussion: { en: [{ term: "=will", weight: 1.5 }] },
        defaultArea: "compute",
      },
      aliases: [["France", "French"]],
      areas: [
        {
          slug: "compute",
          title: "Compute",
          objective: "Data centres",
          horizon: "2030",
          terms: {
            en: [
              { term: "data centre", weight: 2 },
              { term: "nuclear power", weight: 2, window: 3 },
            ],
          },
          milestones: [
            { slug: "data-centres", title: "Data centres", kind: "ongoing", terms: { en: ["data centre"] } },
          ],
        },
      ],
    },
    "france.json",
  );
  const fr = compileAgenda(france);

  it("matches by the new agenda's own terms, proximity windows, exact forms and prefixes", () => {
    const r = matchItem(fr, {
      title: "French AI data centres to run on nuclear and solar power",
      summary: null,
      language: "en",
    });
    expect(r.matched).toBe(true);
    expect(r.areas).toEqual(["compute"]);
    expect(r.progress).toBe(false);
    expect(
      matchItem(fr, { title: "Macron unveiled an AI plan", summary: null, language: "en" }).progress,
    ).toBe(true);
    expect(
      matchItem(fr, {
        title: "France's AI plan: ministers signed off the data centre budget",
        summary: null,
        language: "en",
      }).progress,
    ).toBe(true);
    expect(
      matchItem(fr, { title: "Putin approves national AI plan", summary: null, language: "en" }).matched,
    ).toBe(false);
  });

  it("counts the agenda's terms, not its milestones, in its index", () => {
    expect(fr.termCount).toBeGreaterThan(0);
    expect(compiled.index.size).toBeGreaterThan(fr.index.size);
  });
});

it("exports a matcher version for stored evidence", () => {
  expect(MATCHER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});

describe("matching without explanations (what a poll stores)", () => {
  it("decides every labelled item exactly as with them, and leaves out only the explanation and the item's terms", () => {
    const items = readLabelled(`${repoRoot}/tests/fixtures/eval/check.jsonl`);
    let matched = 0;
    for (const it of items) {
      const input = { title: it.title, summary: it.excerpt, language: it.language, url: it.url, source: 1 };
      const full = matchItem(compiled, input);
      const brief = matchItem(compiled, input, { explain: false });
      expect(brief).toEqual({ ...full, explanation: "", terms: [] });
      if (full.matched) matched++;
    }
    // Both kinds of answer were compared: items matched with milestones, and items not matched.
    expect(matched).toBeGreaterThan(20);
    expect(items.length - matched).toBeGreaterThan(20);
  });
});

describe("the source's voice and the nature of the evidence", () => {
  const plan = {
    title: "National plan for artificial intelligence implementation approved",
    summary: "The President approved the National Plan for the Implementation of Artificial Intelligence.",
    language: "en",
  };

  it("ties an official source's item to the agenda though it names no country, wherever it is served", () => {
    const mirror = "http://127.0.0.1:8080/events/president/news/79240";
    expect(matchItem(compiled, { ...plan, url: mirror, voice: "official" })).toMatchObject({
      matched: true,
      nature: "step",
    });
    expect(matchItem(compiled, { ...plan, url: mirror, voice: "press" }).matched).toBe(false);
    // Without a voice (classify), the URL's host decides: the Kremlin's mirrors are official.
    const special = matchItem(compiled, {
      ...plan,
      url: "http://en.special.kremlin.ru/events/president/news/79240",
    });
    expect(slugs(special)).toContain("national-ai-implementation-plan");
    expect(matchItem(compiled, { ...plan, url: "https://example.org/national-plan" }).matched).toBe(false);
  });

  it("reads an instruction as a commitment with its deadline, not as a step", () => {
    const r = en(
      "Instructions following the meeting on artificial intelligence",
      "Vladimir Putin approved a list of instructions. The Government is instructed to submit a financial " +
        "architecture for artificial intelligence development that mobilises private funding. Deadline: August 1, 2026.",
    );
    expect(r).toMatchObject({ matched: true, progress: true, nature: "instruction", deadline: "2026-08-01" });
    const finance = r.milestones.find((m) => m.slug === "financial-architecture")!;
    expect(finance).toMatchObject({ progress: true, nature: "instruction" });
    // A commitment can reach the automatic threshold only through an analyst: never as a full step.
    expect(finance.score).toBeLessThan(0.9);
  });

  it("reads a Russian instruction the same way, and talk as discussion", () => {
    const r = ru(
      "Путин поручил правительству до 1 сентября 2026 года представить финансовую архитектуру развития ИИ",
    );
    expect(r).toMatchObject({ matched: true, nature: "instruction", deadline: "2026-09-01" });
    // The noun in any case is the asking too ("поручение", "по поручению президента").
    expect(
      ru("Правительство получило поручение президента разработать национальный план внедрения ИИ").nature,
    ).toBe("instruction");
    const talk = en(
      "Putin discussed artificial intelligence funding with the government",
      "The ministry will consider grants.",
    );
    expect(talk.nature).toBe("discussion");
    expect(talk.progress).toBe(false);
  });
});

describe("actors and languages", () => {
  it("counts the agencies the labelling rules name as the agenda's actors", () => {
    expect(en("Deepfakes of officials' voices are a hostile act — MFA")).toMatchObject({
      matched: true,
      areas: ["risk"],
    });
    expect(ru("Дипфейки угрожают доверию к СМИ, заявила Мария Захарова")).toMatchObject({
      matched: true,
      areas: ["risk"],
    });
    expect(ru("Рособрнадзор проверит работы ЕГЭ с помощью искусственного интеллекта")).toMatchObject({
      matched: true,
      areas: ["education"],
    });
    expect(ru("ФНС внедрила искусственный интеллект для проверки налоговых деклараций").matched).toBe(true);
    expect(en("Bank of Russia warns of AI-enabled fraud").matched).toBe(true);
  });

  it("does not count a Russian item's want of foreign names as strong agenda evidence", () => {
    const strong3 = {
      ...compiled,
      matching: { ...compiled.matching, thresholds: { ...compiled.matching.thresholds, strongAgenda: 3 } },
    };
    const place = matchItem(strong3, {
      title: "В России искусственный интеллект помогает врачам спасать жизни",
      summary: null,
      language: "ru",
    });
    expect(place.matched).toBe(false);
  });

  it("leaves out another state's AI programme, unless it is about cooperation with this one", () => {
    const ukraine = en(
      "Ukraine's defence ministry deploys AI in drones",
      "Ukraine's defence ministry said its defence industry has deployed artificial intelligence in drones used against Russia.",
    );
    expect(ukraine.matched).toBe(false);
    expect(ukraine.explanation).toMatch(/another state's AI/);
    const together = en(
      "China and Russia agree to cooperate on artificial intelligence",
      "China's ministry and Russia signed a memorandum on joint AI research and technology transfer.",
    );
    expect(together).toMatchObject({ matched: true, areas: ["international"] });
    // Naming the partners is who acts, not cooperation.
    const neighbours = en(
      "Kazakhstan and Uzbekistan launch national AI programmes",
      "Kazakhstan's president and Uzbekistan's government approved their own artificial intelligence strategies, unlike Russia.",
    );
    expect(neighbours.matched).toBe(false);
  });

  it("leaves out a partner bloc's AI forum that names no Russian actor, and keeps it when Russia acts", () => {
    const forum = en(
      "Member states of the SCO agree to build a shared AI research hub",
      "The Shanghai Cooperation Organization's summit launched a joint artificial intelligence cooperation programme for its members.",
    );
    expect(forum.matched).toBe(false);
    const withRussia = en(
      "Russia and SCO members agree to build a shared AI research hub",
      "Russia's Ministry of Digital Development signed a joint artificial intelligence cooperation programme with SCO members.",
    );
    expect(withRussia).toMatchObject({ matched: true, areas: ["international"] });
    // A headline the agency attributes to a state word is its own country's official speaking.
    expect(en("SCO members are aligning their approaches to AI — senior diplomat")).toMatchObject({
      matched: true,
      areas: ["international"],
    });
    expect(en("SCO members are aligning their approaches to AI — Indian diplomat").matched).toBe(false);
  });

  it("leaves out a private firm's own AI product, and keeps it when the state acts with it", () => {
    expect(
      ru(
        "МТС внедрила искусственный интеллект в промышленности и логистике",
        "Компания МТС запустила платформу машинного обучения для промышленных предприятий и банков.",
      ).matched,
    ).toBe(false);
    expect(
      en(
        "MTS launches an AI platform for industry and logistics",
        "MTS deployed machine learning for factories, banks and logistics companies.",
      ).matched,
    ).toBe(false);
    const withMinistry = ru(
      "МТС и Минцифры внедрили искусственный интеллект в промышленности и логистике",
      "Компания МТС и министерство запустили платформу машинного обучения для промышленных предприятий.",
    );
    expect(withMinistry.matched).toBe(true);
  });

  it("matches Italian, Portuguese and French reports on what crosses languages, and says so", () => {
    const it = inLanguage(
      "it",
      "Putin firma il decreto sull'intelligenza artificiale",
      "Il presidente russo ha firmato un decreto sulla strategia nazionale per l'intelligenza artificiale.",
    );
    expect(it).toMatchObject({ matched: true, crossLanguage: true, progress: true });
    expect(it.explanation).toMatch(/in it: matched on names that cross languages/);
    const pt = inLanguage("pt", "Rússia apresenta o GigaChat", "O Sber anunciou o modelo.");
    expect(pt).toMatchObject({ matched: true, crossLanguage: true });
    expect(slugs(pt)).toContain("sovereign-foundation-models");
    const fr = inLanguage(
      "fr",
      "L'IA en France",
      "Le gouvernement a présenté un plan sur l'intelligence artificielle.",
    );
    expect(fr.matched).toBe(false);
    expect(en("Putin signs decree on artificial intelligence strategy").crossLanguage).toBe(false);
  });

  it("reads German, French and Spanish deeds and orders in the forms the press writes them", () => {
    const nature = (language: string, summary: string) => {
      const r = matchItem(compiled, { title: null, summary, language });
      return r.matched ? r.nature : null;
    };
    // The simple past, the compound past and the plural preterite of a step.
    expect(
      nature("de", "Putin unterzeichnete am Montag ein Gesetz über künstliche Intelligenz in Russland."),
    ).toBe("step");
    expect(nature("de", "Putin ernannte einen Beauftragten für künstliche Intelligenz in Russland.")).toBe(
      "step",
    );
    expect(nature("fr", "Poutine a promulgué une loi sur l'intelligence artificielle en Russie.")).toBe(
      "step",
    );
    expect(nature("es", "Rusia asignó fondos para la inteligencia artificial.")).toBe("step");
    expect(nature("es", "El gobierno ruso desplegó un sistema de inteligencia artificial en Moscú.")).toBe(
      "step",
    );
    // An order, with the separable verb's particle after its object.
    expect(
      nature("de", "Putin wies die Regierung an, einen Plan für künstliche Intelligenz vorzulegen."),
    ).toBe("instruction");
    expect(
      nature(
        "fr",
        "Poutine a chargé le gouvernement russe d'élaborer une stratégie d'intelligence artificielle.",
      ),
    ).toBe("instruction");
    expect(nature("es", "Putin encomendó al gobierno ruso un plan de inteligencia artificial.")).toBe(
      "instruction",
    );
    // A plan or a future is talk; a dependence ("angewiesen auf") and a title ("chargée de") are no order.
    expect(nature("fr", "La Russie va lancer un modèle d'intelligence artificielle.")).toBe("discussion");
    expect(nature("es", "Rusia va a lanzar un modelo de inteligencia artificial.")).toBe("discussion");
    expect(nature("de", "Russland ist bei künstlicher Intelligenz auf westliche Chips angewiesen.")).not.toBe(
      "instruction",
    );
    expect(
      nature("fr", "La ministre chargée de l'intelligence artificielle en Russie a parlé à Moscou."),
    ).not.toBe("instruction");
  });

  it("reads the plural cognates of artificial intelligence as AI", () => {
    const read = (language: string, summary: string) =>
      matchItem(compiled, { title: null, summary, language }).matched;
    expect(read("pt", "A Rússia quer desenvolver inteligências artificiais próprias com o Sber.")).toBe(true);
    expect(read("pt", "O Kremlin investe em IAs nacionais, disse Putin.")).toBe(true);
    expect(
      read("es", "Rusia apuesta por inteligencias artificiales soberanas para su economía, dijo Putin."),
    ).toBe(true);
    expect(
      read("it", "La Russia di Putin punta sulle intelligenze artificiali nazionali per l'industria."),
    ).toBe(true);
  });

  it("matches Chinese and Arabic reports on Russia's AI policy, and marks them as read across languages", () => {
    const zh = inLanguage(
      "zh",
      "普京签署人工智能发展战略",
      "俄罗斯总统普京批准了新版国家人工智能发展战略，俄政府将加大对数据中心的投资。",
    );
    expect(zh).toMatchObject({ matched: true, crossLanguage: true, progress: true });
    // Chinese is written without spaces: the words are found inside a run of characters.
    const traditional = inLanguage(
      "zh",
      null,
      "俄羅斯總統普丁呼籲開發本土生成式人工智慧模型，以維護國家主權。",
    );
    expect(traditional).toMatchObject({ matched: true, crossLanguage: true });
    const ar = inLanguage(
      "ar",
      "بوتين يوقع مرسوما بشأن الذكاء الاصطناعي",
      "وقع الرئيس الروسي فلاديمير بوتين مرسوما بشأن الاستراتيجية الوطنية للذكاء الاصطناعي في روسيا.",
    );
    expect(ar).toMatchObject({ matched: true, crossLanguage: true });
    // Without a language, the script says which: Han is read as Chinese, not as English.
    expect(
      matchItem(compiled, { title: null, summary: "俄罗斯总统普京批准了国家人工智能战略。" }),
    ).toMatchObject({
      matched: true,
      crossLanguage: true,
    });
  });

  it("leaves out AI misuse told as an anecdote, and keeps the state acting against it", () => {
    const fake = inLanguage(
      "de",
      "Wladimir Putin: Kreml-Chef außer sich nach TV-Ansprache von Doppelgänger",
      "Nachdem ein TV-Sender gehackt worden war, erschien ein Deepfake von Wladimir Putin auf den Bildschirmen.",
    );
    expect(fake.matched).toBe(false);
    expect(en("Moscow warns of deepfake 'informational barbarism'")).toMatchObject({
      matched: true,
      areas: ["risk"],
    });
  });

  it("reads a Chinese order and an Arabic launch announced as an instruction and a step", () => {
    const zh = inLanguage(
      "zh",
      "普京要求制定人工智能技术推广计划",
      "普京说,俄罗斯必须在人工智能领域保持技术主权。",
    );
    expect(zh).toMatchObject({ matched: true, nature: "instruction" });
    const ar = inLanguage(
      "ar",
      null,
      "أعلن صندوق الاستثمار المباشر الروسي عن إطلاق تحالف للذكاء الاصطناعي مع دول بريكس.",
    );
    expect(ar).toMatchObject({ matched: true, nature: "step" });
  });

  it("leaves out another state's AI programme in Turkish, and Putin's name beside AI with no policy", () => {
    const turkey = inLanguage(
      "tr",
      "Türkiye Ulusal Yapay Zeka Stratejisi'ni açıkladı",
      "Cumhurbaşkanlığı Dijital Dönüşüm Ofisi, yapay zeka alanında yeni eylem planını yayımladı.",
    );
    expect(turkey.matched).toBe(false);
    const russia = inLanguage(
      "tr",
      "Putin'den yapay zeka talimatı",
      "Rusya Devlet Başkanı Vladimir Putin, hükümete yapay zeka alanında ulusal bir plan hazırlama talimatı verdi.",
    );
    expect(russia).toMatchObject({ matched: true, crossLanguage: true, nature: "instruction" });
    const avatar = inLanguage(
      "hi",
      null,
      "रूसी राष्ट्रपति व्लादिमीर पुतिन का एआई अवतार सोशल मीडिया पर वायरल हो रहा है।",
    );
    expect(avatar.matched).toBe(false);
  });

  it("gives an item in another language the areas its own words carry", () => {
    const read = (language: string, title: string | null, summary: string) =>
      matchItem(compiled, { title, summary, language });
    const defence = read(
      "it",
      "Mosca punta sull'intelligenza artificiale",
      "Il ministero russo prevede di fornire alle truppe droni militari guidati dall'intelligenza artificiale.",
    );
    expect(defence).toMatchObject({ matched: true, crossLanguage: true, areas: ["defense"] });
    const schools = read(
      "de",
      "Russland und künstliche Intelligenz",
      "Putin will, dass Schulen und Universitäten mehr Fachkräfte für KI ausbilden.",
    );
    expect(schools.areas).toEqual(["education"]);
    // German declines the adjective: "mit künstlicher Intelligenz" is AI as "künstliche Intelligenz" is.
    const army = read(
      "de",
      "Putin und die Armee",
      "Das Verteidigungsministerium Russlands setzt Drohnen mit künstlicher Intelligenz in der Armee ein.",
    );
    expect(army).toMatchObject({ matched: true, areas: ["defense"] });
    // "Language model" in the item's language is a second AI term, as in English.
    const models = read(
      "fr",
      null,
      "À Moscou, Sber a présenté ses grands modèles de langage et son intelligence artificielle.",
    );
    expect(models.matched).toBe(true);
    // A partner's own name beside Russia and AI is who acts, not a word of policy.
    const rival = read(
      "de",
      null,
      "Russland fehlt die ökonomische Dimension. China greift mit künstlicher Intelligenz nach der Weltherrschaft.",
    );
    expect(rival.matched).toBe(false);
    const china = read(
      "fr",
      "La Russie et l'IA",
      "Le Kremlin veut renforcer la coopération avec la Chine et les pays partenaires dans l'intelligence artificielle.",
    );
    expect(china.areas).toEqual(["international"]);
    // One headline word beside an area that is clear is a passing mention there: the area needs two.
    const passing = read(
      "it",
      "La Russia e l'intelligenza artificiale",
      "Putin vuole che le scuole e le università formino specialisti di intelligenza artificiale, anche in campo militare.",
    );
    expect(passing.areas).toEqual(["education"]);
    // When no area is clear, the one word says more than the default area.
    const single = read(
      "it",
      "La Russia e l'intelligenza artificiale",
      "Putin ha annunciato che la Russia punta sull'intelligenza artificiale nel settore militare.",
    );
    expect(single.areas).toEqual(["defense"]);
  });

  it("tells steps, instructions and plans apart in other languages", () => {
    const nature = (language: string, title: string, summary: string) =>
      matchItem(compiled, { title, summary, language }).nature;
    expect(
      nature(
        "it",
        "Mosca, fondi per l'intelligenza artificiale",
        "Il governo russo ha stanziato nuovi finanziamenti per l'intelligenza artificiale.",
      ),
    ).toBe("step");
    expect(
      nature(
        "de",
        "Russland und die künstliche Intelligenz",
        "Die russische Regierung hat die nationale Strategie für KI beschlossen.",
      ),
    ).toBe("step");
    expect(
      nature(
        "fr",
        "La Russie et l'IA",
        "Le président russe a lancé un comité national sur l'intelligence artificielle.",
      ),
    ).toBe("step");
    expect(nature("de", "Putin und die KI", "Der Kreml hat die nationale KI-Strategie unterzeichnet.")).toBe(
      "step",
    );
    expect(
      nature(
        "es",
        "Putin y la inteligencia artificial",
        "El presidente ruso ordenó al gobierno presentar la estrategia nacional de IA.",
      ),
    ).toBe("instruction");
    expect(
      nature(
        "pt",
        "A Rússia e a inteligência artificial",
        "O governo russo vai aprovar a estratégia nacional de IA no próximo ano.",
      ),
    ).toBe("discussion");
  });

  it("reads an AI system at work, and plural participles, as steps in other languages", () => {
    expect(
      natureOf("it", "Al Cremlino l'IA aiuta a smistare le lettere dei cittadini, ha detto Peskov."),
    ).toBe("step");
    expect(natureOf("de", "Die KI hilft dem Kreml, die Briefe der Bürger zu sortieren, sagte Peskow.")).toBe(
      "step",
    );
    expect(
      natureOf(
        "pt",
        "Em Moscou foram assinados acordos sobre inteligência artificial entre o Sber e o governo russo.",
      ),
    ).toBe("step");
    // Somebody using AI is not an AI system at work.
    expect(natureOf("it", "Putin teme che i truffatori usino l'IA per ingannare gli anziani.")).toBe(
      "discussion",
    );
  });

  it("places Russia's stance on AI at the United Nations in the international area", () => {
    const envoy = en(
      "Russia's envoy speaks on artificial intelligence at the UN Security Council",
      "Russia's permanent representative told the United Nations that AI rules must respect sovereignty.",
    );
    expect(envoy).toMatchObject({ matched: true, areas: ["international"] });
    const inRussian = matchItem(compiled, {
      title: "Постпред России в ООН заявил о подходах к искусственному интеллекту",
      summary: null,
      language: "ru",
    });
    expect(inRussian.areas).toEqual(["international"]);
  });

  it("leaves out another state's army written about in another language", () => {
    const r = inLanguage(
      "es",
      null,
      "El ejército ucraniano usa drones con inteligencia artificial en combate. Ucrania y Rusia copian sus innovaciones.",
    );
    expect(r.matched).toBe(false);
  });

  it("reads an official's dated commitment to deliver as an instruction, an undated plan as discussion", () => {
    expect(
      natureOf("en", "Russia's digital ministry will prepare a bill on artificial intelligence by 1 March."),
    ).toBe("instruction");
    expect(
      natureOf(
        "ru",
        "Минцифры подготовит законопроект о регулировании искусственного интеллекта до 1 марта.",
      ),
    ).toBe("instruction");
    // The same promise with no date is a plan.
    expect(
      natureOf("en", "Russia's digital ministry will prepare a bill on artificial intelligence soon."),
    ).toBe("discussion");
    // A year or a month's end is a time limit too, and "должно внести" an obligation to deliver.
    expect(
      natureOf(
        "ru",
        "В 2026 году в Москве запустят пилотный проект по управлению дорожным движением с помощью искусственного интеллекта, сообщил мэр Сергей Собянин.",
      ),
    ).toBe("instruction");
    expect(
      natureOf(
        "ru",
        "До конца февраля Минцифры должно будет внести законопроект о регулировании искусственного интеллекта в правительство.",
      ),
    ).toBe("instruction");
    expect(
      natureOf(
        "en",
        "Russia's digital ministry will launch an AI platform for public administration and public services in 2027.",
      ),
    ).toBe("instruction");
    // A dated start is a commitment too; drafting begun is work under way.
    expect(
      natureOf(
        "ru",
        "В 2022 году российские вузы начнут обучать магистров по 83 новым программам в сфере искусственного интеллекта, сообщил вице-премьер Дмитрий Чернышенко.",
      ),
    ).toBe("instruction");
    expect(
      natureOf(
        "en",
        "Russia's Ministry of Education will begin teaching an artificial intelligence course in schools in 2026.",
      ),
    ).toBe("instruction");
    expect(
      inLanguage(
        "fr",
        "Moscou prépare une loi sur le contrôle de l’intelligence artificielle",
        "Les autorités russes ont lancé l’élaboration d’un projet de loi destiné à encadrer l’usage des réseaux neuronaux et de l’intelligence artificielle, pour renforcer la sécurité des citoyens.",
      ).nature,
    ).toBe("discussion");
  });

  it("reads a decree's clause-opening infinitives: its own act a step, an order an instruction", () => {
    const decree = (summary: string) =>
      matchItem(compiled, {
        title: "О мерах по развитию искусственного интеллекта в Российской Федерации",
        summary,
        language: "ru",
      }).nature;
    expect(
      decree("1. Образовать межведомственный совет по искусственному интеллекту при Правительстве."),
    ).toBe("step");
    expect(
      decree(
        "2. Правительству Российской Федерации: обеспечить подготовку кадров в сфере искусственного интеллекта.",
      ),
    ).toBe("instruction");
    // The same infinitive inside a sentence is not the decree speaking.
    expect(
      decree("Министр считает, что важно образовать совет по искусственному интеллекту при Правительстве."),
    ).toBe("discussion");
  });
});

describe("headlines", () => {
  it("reads an agency's attribution as the agenda's actor speaking", () => {
    expect(en("Artificial intelligence is a question for everybody — Kremlin")).toMatchObject({
      matched: true,
      areas: ["economy"],
      nature: "discussion",
    });
    expect(en("Artificial intelligence must serve every citizen of Russia – minister")).toMatchObject({
      matched: true,
      areas: ["economy"],
    });
    expect(ru("Нейросети изменят жизнь каждого, считает Греф").matched).toBe(true);
    // Beside another state, "– official" may be anybody's official.
    expect(en("NATO tests AI targeting for drones near Russia's border – official").matched).toBe(false);
    // Without the attribution the leader beside AI is still a passing mention.
    expect(en("Kremlin spokesman Peskov says he does not use ChatGPT").matched).toBe(false);
  });

  it("reads an agency's abbreviations: a deputy PM speaking, the special operation as war", () => {
    expect(
      en("AI is integral part of SU-57 used in special operation zone — Russia's first deputy PM"),
    ).toMatchObject({ matched: true, areas: ["defense"] });
    // Another state's PM is another state speaking.
    expect(en("AI will change schools — Hungarian PM").matched).toBe(false);
  });

  it("reads the President speaking at a forum on AI as his talk on AI", () => {
    expect(ru("Президент России выступил на онлайн-форуме по искусственному интеллекту")).toMatchObject({
      matched: true,
      nature: "discussion",
    });
  });

  it("reads an agency's future, the actor and 'to', as the actor's plan whatever the verb", () => {
    expect(en("Russia to hold Global Digital Forum with focus on AI")).toMatchObject({
      matched: true,
      nature: "discussion",
    });
    // Somebody else's words about the actor are not the actor's plan.
    expect(en("Russia to hold Global Digital Forum with focus on AI — analyst").matched).toBe(false);
  });

  it("lets a bare headline's one area word choose its area, where a text would need more", () => {
    const headline = "Russia counts on its partners in artificial intelligence — Lavrov";
    expect(en(headline)).toMatchObject({ matched: true, areas: ["international"] });
    const withText = en(
      headline,
      "The minister spoke to reporters in Moscow on Tuesday about artificial intelligence.",
    );
    expect(withText).toMatchObject({ matched: true, areas: ["economy"] });
    // Beside a clear area, the one word is kept when it is a word of policy, not a name.
    expect(en("Russia cooperates with the global majority on AI regulation — Lavrov").areas).toEqual([
      "risk",
      "international",
    ]);
    expect(en("Russian pupils win a medal at the AI olympiad in China").areas).not.toContain("international");
  });

  it("reads one word of cooperation in a bare headline led by the partner's name", () => {
    const headline = "Iran and Russia discuss cooperation in artificial intelligence";
    expect(en(headline)).toMatchObject({ matched: true, areas: ["international"] });
    expect(en(headline, "The two countries' officials met in Tehran on Monday.").matched).toBe(false);
    // Opening on the country paired with another state, it is about the two together.
    expect(
      en("Russia, India have everything to use AI as a force multiplier — Indian envoy to Moscow"),
    ).toMatchObject({
      matched: true,
      areas: ["international"],
    });
    expect(en("India has everything to use AI as a force multiplier — Indian envoy to Moscow").matched).toBe(
      false,
    );
  });

  it("reads a headline's bare verb as a deed done after its subject and as one to come after 'to'", () => {
    expect(en("Russia tests AI-guided drones in the special military operation zone")).toMatchObject({
      matched: true,
      areas: ["defense"],
      nature: "step",
    });
    expect(en("Russia and Belarus sign an agreement on artificial intelligence in defence")).toMatchObject({
      nature: "step",
    });
    expect(
      en("Russia to sign an agreement with Belarus on artificial intelligence in defence"),
    ).toMatchObject({
      matched: true,
      nature: "discussion",
    });
  });

  it("reads a headline's actor using AI as AI put into use, not a bystander's", () => {
    expect(en("Russian government uses AI to answer citizens' letters — Mishustin")).toMatchObject({
      matched: true,
      nature: "step",
    });
    expect(en("Fraudster in Russia uses AI to fake bank calls")).toMatchObject({ nature: "discussion" });
  });

  it("reads an agency's digest of a leader's statements as talk", () => {
    expect(
      en("Artificial intelligence and the Arctic: Putin's remarks at the Geographical Society"),
    ).toMatchObject({
      matched: true,
      nature: "discussion",
    });
  });

  it("takes a bare headline opening on the agenda's actor and its verb as the actor acting on AI", () => {
    expect(en("Moscow launches an AI assistant for residents")).toMatchObject({
      matched: true,
      areas: ["economy"],
      nature: "step",
    });
    // The country's name qualifying somebody else, or somebody else's words about it, is no actor.
    expect(en("Russian scientists launch an AI assistant for residents").matched).toBe(false);
    expect(en("Russia launches an AI assistant for residents — analyst").matched).toBe(false);
    // Capitalised words after the anchor continue its name when the verb after them is lower case.
    expect(en("Yandex Cloudia launched an AI assistant for residents")).toMatchObject({
      matched: true,
      nature: "step",
    });
    expect(en("Russian Scientists Launch An AI Assistant For Residents").matched).toBe(false);
    // In a bare headline the country's name qualifying private actors names no state actor.
    expect(en("Share of Russian energy companies using AI to reach 70% by 2027").matched).toBe(false);
    expect(en("Russian GigaChat rival passes university entrance exams").matched).toBe(false);
    expect(en("Around forty percent of Russian IT companies use GenAI — Sber").matched).toBe(true);
    // The other states it names after the actor are where or with whom it acts.
    expect(en("Sber launches an AI service for Turkish and Iranian banks in Türkiye")).toMatchObject({
      matched: true,
      areas: ["international"],
      nature: "step",
    });
  });
});
