// Telling a person's name from other words, for metadata that has no markup saying which is which:
// the name part of a file name ("1863-abraham-lincoln") and an author field that may hold a
// description instead ("International Relations Expert from Islamabad, Pakistan"). Pure.
//
// A file name's words carry no capital letters or context, so a name is recognised by its first
// word: a common given name (the list below), or an initial in the name ("franklin-d-roosevelt").
// Given names that are also everyday words (May, Grace, Hope, Will, Mark, Rose, Bill...) are left
// out on purpose: "2024-grace-period" is a title, not an author. A name that starts otherwise
// ("kassym-jomart-tokayev") is not taken for a person: the words then stay a title, which is true
// either way, while a wrong author would be invented.

const givenNameList = `
aaron abbas abdul abdullah abigail abraham ada adam adele adolf adrian adriana agnes ahmad ahmed aidan aisha
akira alan alastair albert alberto aleksandr alessandro alex alexander alexandra alexei alexis alfonso alfred
alfredo ali alice alicia alison allan allen alma alonzo alvin amanda amelia amir amit amy ana anastasia anatoly
anders andre andrea andreas andrei andres andrew andrey andy angela angelo angus anita ann anna anne annie anthony
antoine anton antonio archibald arnold arthur arturo ashley astrid audrey augustus austin ayesha barack barbara
barry bartholomew beatrice ben benedict benjamin bernard bernardo bernice bertha betty beverly bill billy boris
boyd bradley brandon brenda brent brett brian bridget brittany bruce bruno bryan byron calvin camille carl carla
carlos carmen caroline carrie catherine cecil cecilia cedric celia charles charlie charlotte chester chloe chris
christian christina christine christopher cindy claire clara clarence claude claudia clement clifford clinton
clyde colin connor conrad constance cornelius craig cristina curtis cynthia cyrus dale damian dan daniel daniela
danielle danny daphne darius darren dave david deborah debra deepak denis denise dennis derek diana diane diego
dmitri dmitry dolores dominic donald donna dora doris dorothy douglas duncan dwight dylan earnest ed eddie edgar
edith edmund edna eduardo edward edwin eileen elaine eleanor elena eli elias elijah elizabeth ella ellen elliot
elmer eloise elsa emil emile emily emma emmanuel enrique eric erica erik ernest ernesto esther ethan ethel eugene
eva evan evelyn ezra fatima federico felix ferdinand fernando fiona florence floyd francesca francesco francis
francisco frank franklin franz fred freda frederick fyodor gabriel gabriela gabrielle garfield gary genevieve
geoffrey george georgia gerald gerard gertrude gideon gilbert giovanni giuseppe gladys glen glenn gloria gordon
graham gregory greta grover guillermo gustav gustavo gwendolyn hamid hana hannah hans harold harriet harrison harry
harvey hassan hazel heinrich helen helena helmut henri henrietta henry herbert herman hilary hillary horace howard
hugh hugo hussein ian ibrahim igor ilya imran ingrid irene irving isaac isabel isabella isaiah ivan jacob jacqueline
jaime jake james jamie jan jane janet janice jared jason javier jean jeanne jeff jefferson jeffrey jennifer jeremy
jerome jerry jesse jessica jesus jimmy joan joanna joao jocelyn joe joel johann johanna john johnny jon jonathan
jorge jose josef joseph josephine joshua juan judith judy julia julian juliana julie julius justin karen karim
karl katherine kathleen kathryn katie keith kelly kenneth kevin khalid kim kimberly kirk klaus konstantin kurt
kyle lars laura lauren lawrence leah lena leo leon leonard leonardo leonid leopold leslie lester lewis liam lila
lillian linda lionel lisa lloyd logan lois lorenzo loretta louis louisa louise lucas lucia lucille lucy luis luke
lydia lyndon mabel madeleine madison magdalena mahmoud malcolm manuel marcel marcia marco marcus margaret margarita
maria marian marie marilyn mario marion marjorie marta martha martin marvin mary mateo mathilde matilda matteo
matthew maureen maurice max maximilian megan melanie melissa michael michel michelle miguel mikhail mildred millard
milton miriam mitchell mohamed mohammad mohammed monica morris moses muhammad mustafa nadia nancy naomi natalia
natalie natasha nathan nathaniel neil nelson nicholas nicolas nicole nikita nikolai nina noah norman nursultan
octavia olga oliver olivia omar oscar otto pablo pamela patricia patrick paul paula pauline pavel pedro peggy
peter philip phillip phyllis pierre priscilla rachel rafael rahul ralph ramon randall randolph raphael raul
rebecca reginald renee ricardo richard rita robert roberta roberto rodney roger roland ronald rosa rosalind
rosemary ross roy rudolf rudolph rupert russell ruth rutherford ryan salvador samantha samuel sandra sara sarah
scott sean sebastian sergei sergey shannon sharon sheila shirley sigmund silvia simon simone sofia sonia sophia
sophie spencer stanley stefan stella stephanie stephen steve steven stuart susan suzanne sylvia tamara tanya
teresa thelma theodore theresa thomas timothy tobias todd tom tommy tony travis trevor ulysses ursula valentina
valerie vanessa vera veronica victor victoria vincent viola virginia vivian vladimir wallace walter wanda warren
wayne wendy wesley wilbur wilhelm willard william willis wilson winifred winston woodrow yasmin yuri yusuf yvonne
zachary zoe
`;

export const givenNames: ReadonlySet<string> = new Set(givenNameList.split(/\s+/).filter(Boolean));

/** Lower-case words inside a name: "Martin Van Buren", "Charles de Gaulle", "Osama bin Laden". */
const particles = new Set(["van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "ibn", "al", "el"]);
const suffixes = new Set(["jr", "sr", "ii", "iii", "iv"]);
/** Particles kept lower case when written out (the rest read capitalised: "Van Buren", as American usage has it). */
const lowerParticles = new Set(["von", "de", "der", "den", "da", "di", "du", "del", "della", "bin", "ibn"]);

const isInitial = (word: string) => /^\p{L}\.?$/u.test(word);
const plainWord = (word: string) => /^\p{L}[\p{L}'’]*\.?$/u.test(word);

/**
 * "mc kinley" -> "mckinley": slug makers split "McKinley" at its capital; a name has no word "Mc".
 * Initials lose a trailing dot so the checks see one form.
 */
export function nameWords(words: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (/^mc$/i.test(word) && words[i + 1] !== undefined && /^\p{L}{2,}$/u.test(words[i + 1])) {
      joined.push(word + words[i + 1]);
      i += 1;
    } else joined.push(isInitial(word) ? word.replace(/\.$/, "") : word);
  }
  return joined;
}

/**
 * Whether these words (a file name's, in any case) are a person's name: two to four name words
 * plus particles and a suffix, starting with a known given name, or with an initial among them
 * ("Harry S Truman", "F Scott Fitzgerald"), the last one a whole word.
 */
export function isPersonName(input: string[]): boolean {
  const words = nameWords(input);
  if (words.length < 2 || words.length > 6 || !words.every(plainWord)) return false;
  const lower = words.map((word) => word.toLowerCase().replace(/\.$/, ""));
  let end = lower.length;
  if (suffixes.has(lower[end - 1])) end -= 1;
  const core = lower.slice(0, end).filter((word, index) => index === 0 || !particles.has(word));
  if (core.length < 2 || core.length > 4) return false;
  const last = core[core.length - 1];
  if (isInitial(last) || last.length < 2) return false;
  if (givenNames.has(core[0])) return true;
  // Initials: "chester a arthur", "j k rowling", "f scott fitzgerald".
  const initials = core.slice(0, -1).filter(isInitial).length;
  if (initials === 0) return false;
  if (isInitial(core[0])) return core.slice(0, -1).every(isInitial) || givenNames.has(core[1]);
  return core.length >= 3;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A name as it is written: "franklin d roosevelt" -> "Franklin D. Roosevelt", "william mckinley" -> "William McKinley". */
export function formatPersonName(input: string[]): string {
  const words = nameWords(input);
  return words
    .map((word, index) => {
      const lower = word.toLowerCase();
      if (isInitial(word)) return `${word.toUpperCase()}.`;
      if (index > 0 && lowerParticles.has(lower)) return lower;
      if (suffixes.has(lower.replace(/\.$/, ""))) return /^i+v?$/.test(lower) ? lower.toUpperCase() : `${capitalise(lower.replace(/\.$/, ""))}.`;
      // Written with capitals ("DeWitt", "McKinley"): keep them.
      if (/\p{Lu}/u.test(word.slice(1))) return capitalise(word);
      const mc = lower.match(/^mc(\p{L}{2,})$/u);
      if (mc) return `Mc${capitalise(mc[1])}`;
      return lower.split(/(['’-])/).map((part) => (/^\p{L}/u.test(part) && part.length > 1 ? capitalise(part) : part === "o" ? "O" : part)).join("");
    })
    .join(" ");
}

// ---------------------------------------------------------------------------------------------
// Author fields

/** Words of a job, a rank or an affiliation: "Expert", "Senior Fellow", "Staff writer". */
const roleWord =
  /^(?:expert|analyst|researcher|research|professor|lecturer|student|scholar|fellow|journalist|correspondent|reporter|writer|author|contributor|columnist|editor|director|specialist|consultant|observer|commentator|member|graduate|candidate|scientist|economist|historian|associate|assistant|senior|junior|chief|head|staff|team|desk|board|department|institute|university|center|centre|council|relations|affairs|studies|international|political|policy)$/i;
const honorific = /^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Sir|Dame)\.?$/;

/** A run of capitalised words (and name particles) with no role word: a name, going by its form. */
function looksLikeNamedPerson(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const body = words[0] && honorific.test(words[0]) ? words.slice(1) : words;
  if (body.length < 2 || body.length > 5) return false;
  return body.every(
    (word, index) =>
      (/^\p{Lu}[\p{L}'’.-]*$/u.test(word) && !roleWord.test(word.replace(/\.$/, ""))) || (index > 0 && particles.has(word)),
  );
}

/**
 * The person an author field names, or "" when it only describes one. A name, or names joined by
 * "and", stays as written ("By Kassym Tokayev", "Reuters Staff" is kept too: no lower-case words).
 * A field with lower-case words is a description: it keeps only a name it opens with before a
 * comma ("John Smith, a senior fellow at ..." -> "John Smith"); "International Relations Expert
 * from Islamabad, Pakistan" names nobody and gives "".
 */
export function personInAuthorField(value: string): string {
  // A sentence's full stop goes ("… Pakistan."); an initial's or "Jr."'s stays.
  const text = value.trim().replace(/[;:,]+$/, "").replace(/(\p{Ll}{2})\.$/u, "$1");
  if (!text) return "";
  const words = text.split(/\s+/);
  const describes = words.some((word, index) => /^\p{Ll}/u.test(word) && !(index > 0 && (particles.has(word) || word === "and")));
  // All capitalised: a name ("Kassym Tokayev", "Reuters Staff"), unless every word is a role ("Staff Writer").
  if (!describes) return words.every((word) => roleWord.test(word.replace(/\.$/, "")) || honorific.test(word)) ? "" : text;
  const lead = text.split(/,|\s+[-–—]\s+|\s+\(/)[0].trim();
  if (lead !== text && looksLikeNamedPerson(lead)) return lead;
  return "";
}
