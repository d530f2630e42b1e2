// Function words and news boilerplate of four letters or more, English and Russian (lower case, ё→е).
// They say nothing about what an item is about, so a pattern learned from a rejection never uses them
// (negative.ts). Words of three letters or fewer are left out there anyway. Not agenda data: they
// belong to the languages, not to any agenda.
const WORDS = `
about above after again against also although among another around because been before being below
between both cannot could does doing done down during each either else even ever every from further
have having here hers herself himself however into itself just last least less many more most much
must near next none only other ours over same shall should since some such than that their theirs
them themselves then there these they this those though through thus till today together toward
towards under until upon very were what whatever when where whether which while whom whose will with
within without would year years your yours week weeks month months said says told reported according
added noted stated also including include includes including however among well still back
become became make made take taken time times first second third them year's
этот этого этому этим этом эта этой эту эти этих этими тот того тому тем том та той ту те тех теми
который которая которое которые которого которой которому котором которых которым которыми
также такой такая такое такие таких так же тоже более менее очень уже еще ещё было были была быть
будет будут будучи есть нет него нему ним нем нее неё ними них свой своя свое свои своего своей
своих своим если чтобы когда тогда где куда откуда пока после перед через между около против
кроме вместо среди вокруг внутри после для без под над при про через всех весь вся всё все всего
всем всеми всему какой какая какое какие каких каким как почему зачем потому поэтому однако тоже
либо или даже лишь только почти именно ведь вот может можно нужно надо сегодня вчера завтра теперь
сейчас году года годы годах лет месяц месяца неделе неделю время раза сообщил сообщила сообщили
сообщает сообщают заявил заявила заявили рассказал рассказала рассказали отметил отметила отметили
добавил добавила подчеркнул подчеркнула пояснил пояснила уточнил уточнила передает пишет словам
данным мнению ходе рамках также итогам числе том чем самый самая самое самые свою своим него
`;

const STOPWORDS = new Set(WORDS.split(/\s+/).filter((w) => w.length > 0));

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
