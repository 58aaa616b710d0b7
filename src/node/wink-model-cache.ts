/**
 * A disk cache of wink-nlp's built core model (issue 5, start-up time). Building it is most
 * of what wink costs a fresh process: its package parses a 3 MB JSON, deep-copies it
 * through JSON.stringify and JSON.parse, decodes the lexicon from base64 one character at
 * a time and fills its feature hashes (~0.2 s of the ~0.55 s cold start). A cached image
 * is read in a fraction of that.
 *
 * - One V8 image (node:v8 serialize) per wink build, in `wink/` beside the lexicon
 *   cache (`$XDG_CACHE_HOME/afghan-annotator/wink/`, default `~/.cache/...`), then in the
 *   read-only one that may ship in `dist/lexicon-cache/wink/`
 *   (`scripts/prebuild-lexicon-cache.mjs`). Its key is the versions of wink-nlp and
 *   wink-eng-lite-web-model (their package.json), the bytes of this module and of
 *   src/pipeline/tokenize.ts (built), the V8 version and the byte order: another wink,
 *   other code or another Node.js never reads an entry.
 * - A hit is the core model wink's loader builds, but for the lexemes' hash, which reads the
 *   same but is lazy (`lazyHash`, below). The feature hashes (87,593 keys for the lexemes)
 *   are not in the image: V8's deserializer, like JSON.parse, makes such
 *   objects several times slower than a loop does, so they are rebuilt from their lists as
 *   wink's loader builds them (`hash[list[k]] = k`, prototype null), and the short lists travel
 *   as one JSON string (its strings fill a hash faster than deserialized ones). The lexemes
 *   travel as one string, split in a few ms (JSON.parse of their list took ~30 ms), with
 *   their lazy hash's table ready made (lazy-lexemes.v2). Before an
 *   image is written, it is read back and compared with the model it came from (values,
 *   key order, prototypes, typed arrays, sets); if a future wink builds something this
 *   scheme does not restore exactly, a marker saying so is cached instead, and wink's own
 *   loader is used.
 * - Best effort: a missing, unreadable, stale or corrupt entry (a CRC-32 of the image
 *   heads the file; `IMAGE_CHECK_BYTES`) means wink's own loader, silently. Entries are written atomically
 *   (temporary file, then rename); the folder keeps at most MAX_ENTRIES images.
 * - `--no-lexicon-cache` turns it off with the lexicon cache (see src/commands/context.ts).
 *
 * File I/O lives here, at the edge; src/pipeline/tokenize.ts only receives the model
 * (`setTokenizerModel`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import * as zlib from 'node:zlib';
import { lexiconCacheDir, SHIPPED_CACHE_DIR, writeCacheFile } from './lexicon/cache.js';
import { loadWinkCore, sbdModel, setTokenizerModel, type WinkCore, type WinkModel } from '../core/pipeline/tokenize.js';

/** 2: the lexemes travel joined, with their lazy hash's table (lazy-lexemes.v2), under a CRC-32. */
const FORMAT = 2;
/** Images are ~4 MB, and a new one comes only with a new wink, Node.js or build. */
const MAX_ENTRIES = 4;
/** Between the words of a joined list (no word of wink's has it; a list with one is not joined). */
const WORD_SEPARATOR = '\u0000';

/**
 * The check that heads an image, against torn or damaged files: CRC-32 (zlib.crc32, Node.js
 * 20.15 and later; 1 ms for an image where sha256 took 3.5 ms), else sha256. Which one is
 * part of the key, so an image is only read by the check that wrote it.
 */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const CHECK = crc32 === undefined ? 'sha256' : 'crc32';
/** How many bytes the check takes at the head of an image file. */
export const IMAGE_CHECK_BYTES = crc32 === undefined ? 32 : 4;

function checkOf(body: Uint8Array): Buffer {
  if (crc32 === undefined) return createHash('sha256').update(body).digest();
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(body));
  return out;
}

/** The compiled modules whose code decides what an image holds, relative to this one. */
export const WINK_CACHE_CODE = ['./wink-model-cache.js', '../core/pipeline/tokenize.js'] as const;

/** The read-only cache that may ship with the package: `dist/lexicon-cache/wink/`. */
export const SHIPPED_WINK_CACHE_DIR = join(SHIPPED_CACHE_DIR, 'wink');

export interface WinkCacheOptions {
  /** Use the disk cache (default true). */
  enabled?: boolean;
  /** Folder of the user's images (the CLI's: winkCacheDir(env)); none: only the shipped cache is read. */
  dir?: string;
  /** Folder of a read-only cache to try after a miss (default SHIPPED_WINK_CACHE_DIR; false: none). */
  shipped?: string | false;
}

/** `wink/` beside the lexicon cache's folder; undefined when no cache folder is known. */
export function winkCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const lexicons = lexiconCacheDir(env);
  return lexicons === undefined ? undefined : join(dirname(lexicons), 'wink');
}

interface Image {
  format: number;
  key: string;
  /** The core model without the rebuilt hashes and lists (null: this wink cannot be cached). */
  core: WinkCore | null;
  /** JSON of the lists of the features whose hash is rebuilt and that are not joined, by feature name. */
  lists: string;
  /** The features whose `hash` is rebuilt from `list`, in order. */
  rebuilt: string[];
  /** The joined lists (`joinable`: the lexemes), by feature name: their words, WORD_SEPARATOR between them. */
  words: Record<string, string>;
  /** The joined lists' lazy-hash tables (`lexemeTable`), by feature name. */
  slots: Record<string, Int32Array>;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  const version = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error(`${name} has no version`);
  return version;
}

let cachedKey: string | undefined;

/** What decides an image: the format, wink's versions, our code, V8's image format and the byte order. */
export function winkCacheKey(): string {
  if (cachedKey !== undefined) return cachedKey;
  const code = createHash('sha256');
  for (const module of WINK_CACHE_CODE) {
    const file = fileURLToPath(new URL(module, import.meta.url));
    try {
      code.update(readFileSync(file));
    } catch {
      code.update(`missing ${module}`); // run from sources (the tests): the key still holds the versions
    }
  }
  cachedKey = [
    `afghan-annotator wink model cache ${FORMAT}`,
    `wink-nlp ${packageVersion('wink-nlp')}`,
    `wink-eng-lite-web-model ${packageVersion('wink-eng-lite-web-model')}`,
    `v8 ${process.versions.v8} ${endianness()}`,
    `check ${CHECK}`,
    `code ${code.digest('hex')}`,
  ].join('\n');
  return cachedKey;
}

/** The image file's name for a key. */
export function winkImageName(key: string = winkCacheKey()): string {
  return `core-${createHash('sha256').update(key).digest('hex').slice(0, 32)}.v8`;
}

type Features = Record<string, Record<string, unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A rebuilt list whose hash is lazy and that travels joined (lazy-lexemes.v2): long, all strings, none with U+0000. */
function joinable(list: readonly unknown[]): list is string[] {
  return list.length >= LAZY_HASH_MIN && list.every((w) => typeof w === 'string' && !w.includes(WORD_SEPARATOR));
}

/** The image of a freshly built core model (which it leaves unchanged). */
function imageOf(core: WinkCore, key: string): Image {
  const features = core['features'];
  if (!isPlainObject(features)) throw new Error('wink core model without features');
  const rebuilt: string[] = [];
  const lists: Record<string, unknown> = {};
  const words: Record<string, string> = {};
  const slots: Record<string, Int32Array> = {};
  const copy: Features = {};
  for (const [name, feature] of Object.entries(features as Features)) {
    const { list, hash } = feature;
    if (isPlainObject(feature) && Array.isArray(list) && typeof hash === 'object' && hash !== null && Object.getPrototypeOf(hash) === null) {
      rebuilt.push(name);
      if (joinable(list)) {
        words[name] = list.join(WORD_SEPARATOR);
        slots[name] = lexemeTable(list).slots;
      } else {
        lists[name] = list;
      }
      copy[name] = { ...feature, list: null, hash: null }; // same keys, same order
    } else {
      copy[name] = feature;
    }
  }
  return { format: FORMAT, key, core: { ...core, features: copy }, lists: JSON.stringify(lists), rebuilt, words, slots };
}

/** The core model of an image (which it takes over). */
function coreOf(image: Image): WinkCore {
  const core = image.core!;
  const features = core['features'] as Features;
  const lists = JSON.parse(image.lists) as Record<string, unknown[]>;
  for (const name of image.rebuilt) {
    const feature = features[name]!;
    const joined = Object.hasOwn(image.words, name) ? image.words[name] : undefined;
    if (joined !== undefined) {
      const list = joined.split(WORD_SEPARATOR);
      feature['list'] = list;
      feature['hash'] = lazyHash(list, image.slots[name]);
      continue;
    }
    const list = lists[name]!;
    feature['list'] = list;
    feature['hash'] = list.length >= LAZY_HASH_MIN && list.every((w) => typeof w === 'string') ? lazyHash(list as string[]) : builtHash(list);
  }
  return core;
}

/** A feature's hash as wink-eng-lite-web-model's read-core-model.js builds it: `hash[list[k]] = k`, prototype null. */
function builtHash(list: readonly unknown[]): Record<string, number> {
  const hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < list.length; k += 1) hash[list[k] as string] = k;
  return hash;
}

/** Lists at least this long get a lazy hash (of wink's: the lexemes, 87,593; the others have at most 4,601 values). */
const LAZY_HASH_MIN = 20_000;

/** The lazy hashes made here, with their number of keys and their table's lookup (for `sameData`). */
const lazyHashes = new WeakMap<object, { keys: number; find: (word: string) => number | undefined }>();

/** Whether a table read from an image has the shape `lexemeTable` gives for a list of `n` words. */
function fits(slots: Int32Array, n: number): boolean {
  return slots.length >= 2 * n && (slots.length & (slots.length - 1)) === 0;
}

/**
 * The open-addressing table of a lazy hash: `slots[s]` is the index in `list` of the word
 * whose FNV-1a hash probes to slot s (linear probing), -1 for none; a repeated word keeps
 * its last index, as `hash[list[k]] = k` does. `keys`: the number of distinct words.
 */
function lexemeTable(list: readonly string[]): { slots: Int32Array; keys: number } {
  let size = 1;
  while (size < list.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  let keys = 0;
  for (let k = 0; k < list.length; k++) {
    const word = list[k]!;
    let s = stringHash(word) & mask;
    for (;;) {
      const at = slots[s]!;
      if (at === -1) {
        slots[s] = k;
        keys++;
        break;
      }
      if (list[at] === word) {
        slots[s] = k; // as hash[list[k]] = k: the last index of a repeated word
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return { slots, keys };
}

/**
 * A hash that reads as `builtHash(list)` does (lazy-lexemes.v2; v1 built its table in every
 * process, v2 reads it from the image when `given`). Filling an object
 * with wink's 87,593 lexemes was the largest part of reading a cached model (~60 ms of CPU,
 * and the garbage collector's work on the result, in every process), while a run looks up
 * a few thousand of them. Here the keys are in an open-addressing table over `list` (typed
 * arrays, a few ms to build), behind a Proxy that is the prototype of the object wink gets:
 * the first read of a key finds it in the table and makes it an own property of the object,
 * so that later reads are wink's ordinary property reads. A key not in the list reads as
 * undefined. What is written (the words wink learns; tokenizer-memory's undefined for a
 * word hidden again) becomes an own property, as in a built hash; a deleted key reads as
 * the table says again, which differs from a built hash only for a listed word written
 * over, something never done to a listed word (wink writes a word only when reading it gave
 * undefined).
 */
function lazyHash(list: readonly string[], given?: Int32Array): Record<string, number> {
  const { slots, keys } = given instanceof Int32Array && fits(given, list.length) ? { slots: given, keys: given.reduce((n, at) => (at === -1 ? n : n + 1), 0) } : lexemeTable(list);
  const mask = slots.length - 1;
  const find = (word: string): number | undefined => {
    let s = stringHash(word) & mask;
    for (;;) {
      const at = slots[s]!;
      if (at === -1) return undefined;
      if (list[at] === word) return at;
      s = (s + 1) & mask;
    }
  };
  const table = new Proxy(Object.create(null) as Record<string, number>, {
    get(_target, key, receiver: Record<string, number>) {
      if (typeof key !== 'string') return undefined;
      const index = find(key);
      if (index !== undefined) Object.defineProperty(receiver, key, { value: index, writable: true, enumerable: true, configurable: true });
      return index;
    },
    has(_target, key) {
      return typeof key === 'string' && find(key) !== undefined;
    },
  });
  const hash = Object.create(table) as Record<string, number>;
  lazyHashes.set(hash, { keys, find });
  return hash;
}

/** FNV-1a over the UTF-16 code units of a string. */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Whether two values are the same data: primitives by Object.is; arrays index by index
 * (holes included); other objects with the same prototype and the same own keys in the
 * same order, each enumerable and with the same value; typed arrays and sets element by
 * element. (Property values are read, so accessors compare by what they return: neither a
 * built core model nor a deserialized one has any.)
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (lazyHashes.has(a) || lazyHashes.has(b)) return sameHash(a as Record<string, unknown>, b as Record<string, unknown>);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if ((i in a) !== (i in y) || !sameData(a[i], y[i])) return false;
    return true;
  }
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Set) {
    const x = [...a];
    const y = [...(b as Set<unknown>)];
    return x.length === y.length && x.every((v, i) => sameData(v, y[i]));
  }
  if (a instanceof Map || a instanceof Date || a instanceof RegExp || a instanceof ArrayBuffer) return false; // not in a core model
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.length !== keysB.length) return false;
  const x = a as Record<PropertyKey, unknown>;
  const y = b as Record<PropertyKey, unknown>;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i]!;
    if (key !== keysB[i] || !isEnumerable(x, key) || !isEnumerable(y, key) || !sameData(x[key], y[key])) return false;
  }
  return true;
}

const isEnumerable = (o: object, key: PropertyKey): boolean => Object.prototype.propertyIsEnumerable.call(o, key);

/**
 * Whether two hashes, one of them lazy (`lazyHash`) and not yet read or written, read the
 * same: every key of the other one reads the same in the lazy one's table, and both have
 * as many keys.
 */
function sameHash(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const [lazy, other] = lazyHashes.has(a) ? [a, b] : [b, a];
  const table = lazyHashes.get(lazy)!;
  const keys = Reflect.ownKeys(other);
  // A lazy hash read or written since it was made is not compared (none is where this is used: image checks, tests).
  if (lazyHashes.has(other) || Object.getPrototypeOf(other) !== null || Reflect.ownKeys(lazy).length !== 0 || table.keys !== keys.length) return false;
  for (const key of keys) if (typeof key !== 'string' || !isEnumerable(other, key) || !Object.is(table.find(key), other[key])) return false;
  return true;
}

/** The bytes of the image of `core`, checked to give it back exactly; else those of a marker that this wink is not cached. */
export function imageBytes(core: WinkCore, key: string = winkCacheKey()): Buffer {
  let bytes: Buffer;
  try {
    bytes = serialize(imageOf(core, key));
    if (!sameData(coreOf(deserialize(bytes) as Image), core)) throw new Error('not restored exactly');
  } catch {
    bytes = serialize({ format: FORMAT, key, core: null, lists: '', rebuilt: [], words: {}, slots: {} } satisfies Image);
  }
  return Buffer.concat([checkOf(bytes), bytes]);
}

/** The image in a file: undefined when absent, unreadable, corrupt or for another key. */
function readImage(file: string, key: string): Image | undefined {
  try {
    const bytes = readFileSync(file);
    if (bytes.length <= IMAGE_CHECK_BYTES) return undefined;
    const body = bytes.subarray(IMAGE_CHECK_BYTES);
    if (!checkOf(body).equals(bytes.subarray(0, IMAGE_CHECK_BYTES))) return undefined;
    const image = deserialize(body) as Partial<Image> | null;
    if (image === null || typeof image !== 'object' || image.format !== FORMAT || image.key !== key) return undefined;
    if (image.core !== null && (!isPlainObject(image.core) || typeof image.lists !== 'string' || !Array.isArray(image.rebuilt) || !isPlainObject(image.words) || !isPlainObject(image.slots))) return undefined;
    return image as Image;
  } catch {
    return undefined;
  }
}

/** Write an image file atomically, keeping the MAX_ENTRIES newest images in its folder. Best effort. */
function writeImage(file: string, data: Uint8Array): boolean {
  return writeCacheFile(dirname(file), file, data, '.v8', MAX_ENTRIES);
}

/**
 * wink's core model, from the user's cache, else from the shipped one, else built by the
 * package's loader (and then cached in the user's folder).
 */
export function loadWinkCoreCached(options: WinkCacheOptions = {}): WinkCore {
  if (options.enabled === false) return loadWinkCore();
  let key: string;
  try {
    key = winkCacheKey();
  } catch {
    return loadWinkCore();
  }
  const name = winkImageName(key);
  const userDir = options.dir;
  const shippedDir = options.shipped === false ? undefined : (options.shipped ?? SHIPPED_WINK_CACHE_DIR);
  for (const dir of [userDir, shippedDir]) {
    if (dir === undefined) continue;
    const image = readImage(join(dir, name), key);
    if (image === undefined) continue;
    if (image.core === null) return loadWinkCore(); // this wink is known not to be cacheable
    try {
      return coreOf(image);
    } catch {
      // a corrupt entry: try the next, else build
    }
  }
  const core = loadWinkCore();
  if (userDir !== undefined) writeImage(join(userDir, name), imageBytes(core, key));
  return core;
}

/** Write the image of wink's core model into `dir` (for the shipped cache); returns its path, or undefined if it could not be written. */
export function writeWinkCoreCache(dir: string): string | undefined {
  const file = join(dir, winkImageName());
  return writeImage(file, imageBytes(loadWinkCore())) ? file : undefined;
}

/** The tokenizer's model with its core read through the cache. */
export function cachedWinkModel(options: WinkCacheOptions = {}): () => WinkModel {
  return () => sbdModel(() => loadWinkCoreCached(options));
}

let installed: string | undefined;

/**
 * Make the tokenizer read wink's core model through the cache (or not, when
 * `enabled: false`). Nothing is read until a text is first tokenized; calling it again
 * with the same options changes nothing.
 */
export function useWinkModelCache(options: WinkCacheOptions = {}): void {
  const id = JSON.stringify([options.enabled !== false, options.dir ?? null, options.shipped ?? null]);
  if (id === installed) return;
  installed = id;
  setTokenizerModel(options.enabled === false ? undefined : cachedWinkModel(options));
}
