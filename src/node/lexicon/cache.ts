/**
 * A disk cache of validated lexicons (and of the context rules), so that start-up skips
 * YAML parsing and schema validation (measured: ~0.3 s for the built-in lexicons, ~0.2 s
 * for the rules, ~4 s for a 100,000-alias lexicon; reading the cached JSON takes a few
 * milliseconds).
 *
 * - One file per lexicon under `$XDG_CACHE_HOME/afghan-annotator/lexicons/` (default
 *   `~/.cache/...`), named by a hash of the lexicon file's sha256 and of the code that
 *   validates it (package version, lexicon schema, the loader module's own bytes): a
 *   changed lexicon, schema or loader never reads an old entry.
 * - What is cached is exactly the validated document that `readLexiconFile` returns,
 *   and only when it survives a JSON round trip unchanged; so a hit gives the same
 *   `Lexicon`, and the same output, as a miss. A lexicon with an error is never cached: it
 *   is parsed, and reported, every time.
 * - Best effort: an unreadable or unwritable cache is ignored (the lexicons are parsed).
 *   Entries are written atomically (temporary file, then rename), so concurrent runs
 *   share the cache safely. The folder keeps at most MAX_ENTRIES files (oldest removed).
 * - `--no-lexicon-cache` disables it.
 *
 * The compiled phrase index of a whole selection (built-in lexicons and the user's) is
 * cached too (`loadIndexCached`), in `indexes/` beside the lexicons' folder
 * (`~/.cache/afghan-annotator/indexes/`), as an image of its flat arrays (see `encodeImage`):
 * reading it takes ~20 ms where compiling the built-in lexicons takes ~60-90 ms in a fresh
 * process, and ~0.12 s with 100,000 more aliases (the V8 structured-clone image of the
 * object trie that format 1 stored took ~0.8 s, in every thread). Its key is every lexicon
 * file's origin and sha256, in order, with a hash of the code that loads, compiles, writes
 * and reads (the modules in INDEX_CODE, and this one), the image format and the byte
 * order; so a hit is the index `compileLexicons` would build from the same bytes. The
 * context rules are not in it (they are compiled apart and attached). The image is read
 * into shared memory, which worker threads are given (`sharedIndexImages`).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import { endianness, homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../core/pipeline/read.js';
import { VERSION } from '../../core/version.js';
import { compiledEntry, compileLexicons, type CompiledEntry, type LexiconInfo, type PhraseIndex } from '../../core/lexicon/compile.js';
import { writeFileAtomic } from '../output/write.js';
import { BUILTIN_LEXICON_DIR, builtinLexiconFiles, extraRuleFiles, loadRules, readLexiconFile, SCHEMA_DIR, type LexiconSelection } from './load.js';
import type { CompiledRules, RulesDocument } from '../../core/context/rules.js';
import { PhraseTrie, VariantTable } from '../../core/lexicon/trie.js';
import type { EntityType, Lexicon, LexiconDocument, LexiconEntry } from '../../core/lexicon/types.js';

const CACHE_FORMAT = 1;
/** Format of the compiled-index images (1: a V8 structured-clone image of the object trie). */
const INDEX_FORMAT = 3;
/** Index images keep the name ending of format 1 (`.v8`), so that old ones age out of the folder with the new. */
const IMAGE_EXTENSION = 'v8';
const MAX_ENTRIES = 200;
/** Index images are bigger (100,000 extra aliases make one of ~22 MB): fewer are kept. */
const MAX_INDEX_ENTRIES = 8;

/**
 * The compiled modules whose code decides the phrase index, relative to this one: the
 * compiler and everything it imports at run time (test/unit/lexicon-index-cache.test.ts checks
 * this list against compile.ts's imports).
 */
export const INDEX_CODE = ['../../core/lexicon/compile.js', '../../core/lexicon/trie.js', '../../core/lexicon/types.js', '../../core/pipeline/normalize.js', '../../core/pipeline/variants.js', '../../core/pipeline/arabic-affixes.js', '../../core/errors.js'] as const;

export interface CacheOptions {
  /** Use the disk cache (default true). */
  enabled?: boolean;
  /** The user's cache folder (the CLI gives lexiconCacheDir(env); none: only the shipped cache is read). Compiled indexes go in `indexes/` beside it. */
  dir?: string;
  /** Root of a read-only cache to try after a miss (default SHIPPED_CACHE_DIR; false: none). */
  shipped?: string | false;
}

/**
 * A read-only cache that may ship with the package, `dist/lexicon-cache/` (`lexicons/` and
 * `indexes/`, as in the user's cache), filled after the build by
 * `node scripts/prebuild-lexicon-cache.mjs`, so that even the first run needs no YAML
 * parsing. It is tried after the user's cache misses, with the same keys (the lexicon
 * files' sha256 and the code's fingerprint): an entry built from other lexicons or other
 * code is never found, so a stale or missing shipped cache makes a run slower, never
 * different. A hit is copied into the user's cache.
 */
export const SHIPPED_CACHE_DIR = fileURLToPath(new URL('../../lexicon-cache/', import.meta.url));

interface CacheDirs {
  /** The user's lexicon cache folder (written), if known. */
  user: string | undefined;
  /** The shipped cache's root (read only), unless turned off. */
  shipped: string | undefined;
}

function cacheDirs(options: CacheOptions): CacheDirs | undefined {
  if (options.enabled === false) return undefined;
  const user = options.dir;
  const shipped = options.shipped === false ? undefined : (options.shipped ?? SHIPPED_CACHE_DIR);
  return user === undefined && shipped === undefined ? undefined : { user, shipped };
}

/** Where one cache file is: in the user's cache (`lexicons/NAME` or `indexes/NAME`), and in the shipped one. */
function cachePaths(dirs: CacheDirs, kind: 'lexicons' | 'indexes', name: string): { user: string | undefined; shipped: string | undefined } {
  const userDir = dirs.user === undefined ? undefined : kind === 'lexicons' ? dirs.user : join(dirname(dirs.user), 'indexes');
  return {
    user: userDir === undefined ? undefined : join(userDir, name),
    shipped: dirs.shipped === undefined ? undefined : join(dirs.shipped, kind, name),
  };
}

/** `$XDG_CACHE_HOME/afghan-annotator/lexicons`, or `~/.cache/afghan-annotator/lexicons`; undefined when neither is known. */
export function lexiconCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'afghan-annotator', 'lexicons');
  try {
    const home = homedir();
    return home === '' ? undefined : join(home, '.cache', 'afghan-annotator', 'lexicons');
  } catch {
    return undefined;
  }
}

/** sha256 of a header line and the bytes of each file (a missing file counts as its name). */
function hashOfFiles(header: string, files: readonly string[]): string {
  const hash = createHash('sha256').update(`${header}\n`);
  for (const file of files) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`missing ${file}`);
    }
  }
  return hash.digest('hex');
}

let fingerprint: string | undefined;

/** What, besides a lexicon's bytes, decides the validated document: the version and the code that validates. */
function codeFingerprint(): string {
  fingerprint ??= hashOfFiles(`afghan-annotator lexicon cache ${CACHE_FORMAT} ${VERSION}`, [
    fileURLToPath(new URL('./load.js', import.meta.url)),
    fileURLToPath(new URL('../../core/lexicon/parse.js', import.meta.url)),
    join(SCHEMA_DIR, 'lexicon.schema.json'),
    join(SCHEMA_DIR, 'rules.schema.json'),
  ]);
  return fingerprint;
}

/** Whether a value comes back identical from JSON.stringify + JSON.parse. */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as Record<string, unknown>).every(jsonSafe);
  }
  return false;
}

interface CacheEntry<T = LexiconDocument> {
  format: number;
  sha256: string;
  document: T;
}

function readEntry<T = LexiconDocument>(file: string, sha256: string): T | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry<T>;
    return entry.format === CACHE_FORMAT && entry.sha256 === sha256 ? entry.document : undefined;
  } catch {
    return undefined;
  }
}

function prune(dir: string, suffix = '.json', max = MAX_ENTRIES): void {
  const names = readdirSync(dir).filter((n) => n.endsWith(suffix));
  if (names.length <= max) return;
  const aged = names
    .map((n) => {
      try {
        return { n, t: statSync(join(dir, n)).mtimeMs };
      } catch {
        return { n, t: 0 };
      }
    })
    .sort((a, b) => a.t - b.t || (a.n < b.n ? -1 : 1));
  for (const { n } of aged.slice(0, names.length - max)) rmSync(join(dir, n), { force: true });
}

/**
 * Write a cache file atomically (with output/write.ts's writer, whose stale-file cleanup
 * knows the caches' temporary names), then keep the `max` newest files ending in `suffix`
 * in its folder. Best effort: false if it could not be written.
 */
export function writeCacheFile(dir: string, file: string, data: string | Uint8Array, suffix: string, max: number): boolean {
  try {
    mkdirSync(dir, { recursive: true }); // every time: a cache folder may be removed while we run
    writeFileAtomic(file, data);
    prune(dir, suffix, max);
    return true;
  } catch {
    return false; // a cache that cannot be written only costs start-up time
  }
}

function writeEntry<T>(dir: string, file: string, entry: CacheEntry<T>): void {
  writeCacheFile(dir, file, JSON.stringify(entry), '.json', MAX_ENTRIES);
}

/**
 * A cached JSON entry: from the user's cache, else from the shipped one (then copied into
 * the user's), else undefined.
 */
function readCachedEntry<T>(paths: { user: string | undefined; shipped: string | undefined }, sha256: string): T | undefined {
  if (paths.user !== undefined) {
    const hit = readEntry<T>(paths.user, sha256);
    if (hit !== undefined) return hit;
  }
  if (paths.shipped === undefined) return undefined;
  const hit = readEntry<T>(paths.shipped, sha256);
  if (hit !== undefined && paths.user !== undefined) writeEntry(dirname(paths.user), paths.user, { format: CACHE_FORMAT, sha256, document: hit });
  return hit;
}

/** Read one lexicon file through the cache. Errors are those of `readLexiconFile`. */
export function readLexiconFileCached(path: string, origin: string = path, options: CacheOptions = {}): Lexicon {
  const dirs = cacheDirs(options);
  if (dirs === undefined) return readLexiconFile(path, origin);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return readLexiconFile(path, origin); // reports the error as usual
  }
  const sha256 = sha256Hex(bytes);
  const paths = cachePaths(dirs, 'lexicons', `${sha256Hex(`${codeFingerprint()} ${sha256}`)}.json`);
  const cached = readCachedEntry<LexiconDocument>(paths, sha256);
  if (cached !== undefined) return { document: cached, sha256, origin };
  const lexicon = readLexiconFile(path, origin);
  if (paths.user !== undefined && lexicon.sha256 === sha256 && jsonSafe(lexicon.document)) {
    writeEntry(dirname(paths.user), paths.user, { format: CACHE_FORMAT, sha256, document: lexicon.document });
  }
  return lexicon;
}

/** The lexicon files of a selection, in load order (as `loadLexicons`: built-in ones by file name, then the user's). */
function selectionFiles(selection: LexiconSelection): { path: string; origin: string }[] {
  const out: { path: string; origin: string }[] = [];
  if (selection.builtin !== false) for (const f of builtinLexiconFiles()) out.push({ path: join(BUILTIN_LEXICON_DIR, f), origin: `builtin:${f}` });
  for (const f of selection.files ?? []) out.push({ path: f, origin: f });
  return out;
}

/**
 * The same lexicons as `loadLexicons` (built-in ones sorted by file name, then the user's
 * in order), read through the cache.
 */
export function loadLexiconsCached(selection: LexiconSelection = {}, options: CacheOptions = {}): Lexicon[] {
  return selectionFiles(selection).map((f) => readLexiconFileCached(f.path, f.origin, options));
}

/**
 * `loadRules` (the context rules and the given names beside them) through the cache: the
 * same document, without YAML parsing and schema validation on a hit.
 */
export function loadRulesCached(path: string = join(BUILTIN_LEXICON_DIR, 'rules', 'context.yaml'), options: CacheOptions = {}): RulesDocument {
  const dirs = cacheDirs(options);
  if (dirs === undefined) return loadRules(path);
  let sha256: string;
  try {
    const names = join(dirname(path), 'given-names.yaml');
    const extras = extraRuleFiles(path).map((f) => `${f} ${sha256Hex(readFileSync(f))}`);
    sha256 = sha256Hex(`${sha256Hex(readFileSync(path))} ${existsSync(names) ? sha256Hex(readFileSync(names)) : 'none'}${extras.length === 0 ? '' : ` ${extras.join(' ')}`}`);
  } catch {
    return loadRules(path); // reports the error as usual
  }
  const paths = cachePaths(dirs, 'lexicons', `${sha256Hex(`${codeFingerprint()} rules ${sha256}`)}.json`);
  const cached = readCachedEntry<RulesDocument>(paths, sha256);
  if (cached !== undefined) return cached;
  const rules = loadRules(path);
  if (paths.user !== undefined && jsonSafe(rules)) writeEntry(dirname(paths.user), paths.user, { format: CACHE_FORMAT, sha256, document: rules });
  return rules;
}

let indexFingerprint: string | undefined;

/**
 * What, besides the lexicons' bytes, decides a compiled index: the loader's fingerprint, the
 * compiler's code, the image format, the code that writes and reads it (this module) and the
 * byte order (the arrays are stored as they are in memory).
 */
function indexCodeFingerprint(): string {
  indexFingerprint ??= hashOfFiles(`${codeFingerprint()} index ${INDEX_FORMAT} ${endianness()}`, [
    ...INDEX_CODE.map((module) => fileURLToPath(new URL(module, import.meta.url))),
    fileURLToPath(import.meta.url),
  ]);
  return indexFingerprint;
}

/**
 * The image of a compiled index (format 2): the flat trie and variant table's arrays as they
 * are in memory (in this machine's byte order, which the key records), and the entries.
 *
 *   int32 x 8   IMAGE_MAGIC, INDEX_FORMAT, key bytes, meta bytes, sections, 0, 0, 0
 *   int32 x 3n  per section: kind (1 Int32Array, 2 Uint16Array, 3 Uint8Array), byte offset, length
 *   key         UTF-8 (the cache key: read before anything else is trusted)
 *   meta        UTF-8 JSON: { lexicons, aliasCount, ids, types, names, priorities, provinces,
 *               withShortForms } (per entry, in index order; withShortForms: entry indexes)
 *   sections    each at a multiple of 8 bytes: the trie's, the variant table's, then each
 *               entry's document as UTF-8 JSON, one after another, and where each starts
 *
 * Reading it makes views on the bytes and parses the small JSON; an entry's document is
 * parsed the first time its `entry` is read (a run reads those of the entries it finds).
 */
const IMAGE_MAGIC = 0x58494141; // "AAIX"
const IMAGE_HEADER = 8;
const TRIE_SECTIONS = PhraseTrie.SECTIONS;
const VARIANT_SECTIONS = VariantTable.SECTIONS;
const ALL_SECTIONS = TRIE_SECTIONS + VARIANT_SECTIONS + 2;

type Section = Int32Array | Uint16Array | Uint8Array;

interface ImageMeta {
  lexicons: LexiconInfo[];
  aliasCount: number;
  ids: string[];
  types: EntityType[];
  names: string[];
  priorities: number[];
  /** Each entry's `province` (null: none). */
  provinces: (string | null)[];
  /** The indexes of the entries with short forms. */
  withShortForms: number[];
}

const align8 = (n: number): number => (n + 7) & ~7;

/** The image of an index (in shared memory, so that worker threads can use it as it is); undefined if it cannot be stored. */
function encodeImage(key: string, index: PhraseIndex): SharedArrayBuffer | undefined {
  const { trie, variants } = index;
  // Only entries that are what compiledEntry makes of a document that JSON gives back unchanged.
  const same = (e: CompiledEntry, i: number): boolean => {
    const c = compiledEntry(i, e.entry, e.lexicon);
    return e.index === i && c.id === e.id && c.type === e.type && c.name === e.name && c.priority === e.priority && c.province === e.province && c.hasShortForms === e.hasShortForms;
  };
  const documents = index.entries.map((e) => e.entry);
  if (!jsonSafe(documents) || !index.entries.every(same)) return undefined;
  const encoder = new TextEncoder();
  const encoded = documents.map((d) => encoder.encode(JSON.stringify(d)));
  const docOffsets = new Int32Array(encoded.length + 1);
  encoded.forEach((d, i) => (docOffsets[i + 1] = docOffsets[i]! + d.length));
  const docBytes = new Uint8Array(docOffsets[encoded.length]!);
  encoded.forEach((d, i) => docBytes.set(d, docOffsets[i]!));
  const meta: ImageMeta = {
    lexicons: index.lexicons,
    aliasCount: index.aliasCount,
    ids: index.entries.map((e) => e.id),
    types: index.entries.map((e) => e.type),
    names: index.entries.map((e) => e.name),
    priorities: index.entries.map((e) => e.priority),
    provinces: index.entries.map((e) => e.province ?? null),
    withShortForms: index.entries.filter((e) => e.hasShortForms).map((e) => e.index),
  };
  if (!jsonSafe(meta.priorities)) return undefined;
  const keyBytes = encoder.encode(key);
  const metaBytes = encoder.encode(JSON.stringify(meta));
  const sections: Section[] = [...trie.sections(), ...variants.sections(), docBytes, docOffsets];
  let at = align8((IMAGE_HEADER + sections.length * 3) * 4 + keyBytes.length + metaBytes.length);
  const table: number[] = [];
  for (const s of sections) {
    table.push(s instanceof Int32Array ? 1 : s instanceof Uint16Array ? 2 : 3, at, s.length);
    at = align8(at + s.byteLength);
  }
  const buffer = new SharedArrayBuffer(at);
  new Int32Array(buffer, 0, IMAGE_HEADER + table.length).set([IMAGE_MAGIC, INDEX_FORMAT, keyBytes.length, metaBytes.length, sections.length, 0, 0, 0, ...table]);
  const bytes = new Uint8Array(buffer);
  const p = (IMAGE_HEADER + table.length) * 4;
  bytes.set(keyBytes, p);
  bytes.set(metaBytes, p + keyBytes.length);
  sections.forEach((s, i) => bytes.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), table[i * 3 + 1]!));
  return buffer;
}

/**
 * Entry `index` of a decoded image: what `compiledEntry` makes, its `entry` (the document)
 * parsed on first read, then kept.
 */
function lazyEntry(index: number, meta: ImageMeta, shortForms: ReadonlySet<number>, lexicon: string, docBytes: Uint8Array, docOffsets: Int32Array, decode: (bytes: Uint8Array) => string): CompiledEntry {
  let document: LexiconEntry | undefined;
  return {
    index,
    id: meta.ids[index]!,
    type: meta.types[index]!,
    name: meta.names[index]!,
    priority: meta.priorities[index]!,
    lexicon,
    province: meta.provinces[index] ?? undefined,
    hasShortForms: shortForms.has(index),
    get entry(): LexiconEntry {
      return (document ??= JSON.parse(decode(docBytes.subarray(docOffsets[index]!, docOffsets[index + 1]!))) as LexiconEntry);
    },
  };
}

/** The index in an image, if it is one of this format with this key (else undefined). Throws on a damaged image. */
function decodeImage(buffer: SharedArrayBuffer, key: string, rules: CompiledRules | undefined): PhraseIndex | undefined {
  if (buffer.byteLength < IMAGE_HEADER * 4) return undefined;
  const header = new Int32Array(buffer, 0, IMAGE_HEADER);
  if (header[0] !== IMAGE_MAGIC || header[1] !== INDEX_FORMAT || header[4] !== ALL_SECTIONS) return undefined;
  const keyLength = header[2]!;
  const metaLength = header[3]!;
  const table = new Int32Array(buffer, IMAGE_HEADER * 4, ALL_SECTIONS * 3);
  const decoder = new TextDecoder();
  const keyAt = (IMAGE_HEADER + table.length) * 4;
  if (decoder.decode(new Uint8Array(buffer, keyAt, keyLength)) !== key) return undefined;
  const sections: Section[] = [];
  for (let i = 0; i < ALL_SECTIONS; i++) {
    const kind = table[i * 3]!;
    const offset = table[i * 3 + 1]!;
    const length = table[i * 3 + 2]!;
    sections.push(kind === 1 ? new Int32Array(buffer, offset, length) : kind === 2 ? new Uint16Array(buffer, offset, length) : new Uint8Array(buffer, offset, length));
  }
  const meta = JSON.parse(decoder.decode(new Uint8Array(buffer, keyAt + keyLength, metaLength))) as ImageMeta;
  const docBytes = sections[ALL_SECTIONS - 2] as Uint8Array;
  const docOffsets = sections[ALL_SECTIONS - 1] as Int32Array;
  const lexicons: LexiconInfo[] = meta.lexicons.map((l) => ({ name: l.name, version: l.version, sha256: l.sha256, entries: l.entries, attribution: l.attribution, origin: l.origin }));
  const total = lexicons.reduce((n, l) => n + l.entries, 0);
  if (total !== meta.ids.length || meta.provinces?.length !== total || !Array.isArray(meta.withShortForms) || docOffsets.length !== total + 1 || docOffsets[total] !== docBytes.length) return undefined;
  const entries: CompiledEntry[] = [];
  const byId = new Map<string, CompiledEntry>();
  const decode = (bytes: Uint8Array): string => decoder.decode(bytes);
  const shortForms = new Set(meta.withShortForms);
  let next = 0;
  for (const lexicon of lexicons) {
    for (let k = 0; k < lexicon.entries; k++, next++) {
      const compiled = lazyEntry(next, meta, shortForms, lexicon.name, docBytes, docOffsets, decode);
      entries.push(compiled);
      byId.set(compiled.id, compiled);
    }
  }
  return {
    trie: PhraseTrie.fromSections(sections.slice(0, TRIE_SECTIONS)),
    rules,
    entries,
    byId,
    lexicons,
    aliasCount: meta.aliasCount,
    variants: VariantTable.fromSections(sections.slice(TRIE_SECTIONS, TRIE_SECTIONS + VARIANT_SECTIONS)),
  };
}

/** A whole file read into shared memory. */
function readShared(file: string): SharedArrayBuffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = new SharedArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) throw new Error(`${file}: shorter than its size`);
      at += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/**
 * Index images this thread has read or written, by key, most recent last (at most
 * HELD_IMAGES): a worker thread is given them (src/batch/pool.ts) and adopts them, so
 * that it makes its index on the same shared memory instead of reading the disk.
 */
const heldImages = new Map<string, SharedArrayBuffer>();
const HELD_IMAGES = 2;
/** Images given by the thread that started this one (`adoptSharedIndexImages`). */
const adoptedImages = new Map<string, SharedArrayBuffer>();

export interface SharedIndexImage {
  key: string;
  image: SharedArrayBuffer;
}

function hold(key: string, image: SharedArrayBuffer): void {
  heldImages.delete(key);
  heldImages.set(key, image);
  for (const old of heldImages.keys()) {
    if (heldImages.size <= HELD_IMAGES) break;
    heldImages.delete(old);
  }
}

/** The index images this thread holds, to give to a worker thread (see `adoptSharedIndexImages`). */
export function sharedIndexImages(): SharedIndexImage[] {
  return [...heldImages].map(([key, image]) => ({ key, image }));
}

/**
 * Index images another thread holds (`sharedIndexImages`): from now on `loadIndexCached`
 * makes the index of a selection whose key is one of theirs (the same lexicon bytes, the
 * same code) on that memory, without reading the disk cache.
 */
export function adoptSharedIndexImages(images: readonly SharedIndexImage[]): void {
  for (const { key, image } of images) adoptedImages.set(key, image);
}

/**
 * `compileLexicons(loadLexiconsCached(selection), { rules })`, through a cache of the
 * compiled index: the same index (and the same errors: a selection with an error is never
 * cached), without parsing or compiling on a hit.
 */
export function loadIndexCached(selection: LexiconSelection = {}, rules?: CompiledRules, options: CacheOptions = {}): PhraseIndex {
  const compile = (): PhraseIndex => compileLexicons(loadLexiconsCached(selection, options), rules === undefined ? {} : { rules });
  const dirs = cacheDirs(options);
  if (dirs === undefined) return compile();
  const files = selectionFiles(selection);
  const hashes: string[] = [];
  for (const f of files) {
    try {
      hashes.push(sha256Hex(readFileSync(f.path)));
    } catch {
      return compile(); // reports the error as usual
    }
  }
  const key = `${INDEX_FORMAT} ${indexCodeFingerprint()}\n${files.map((f, i) => `${hashes[i]} ${f.origin}`).join('\n')}`;
  const adopted = adoptedImages.get(key);
  if (adopted !== undefined) {
    try {
      const index = decodeImage(adopted, key, rules);
      if (index !== undefined) return index;
    } catch {
      // not expected (another thread read or wrote it with this code): the disk cache or the compiler will do
    }
    adoptedImages.delete(key);
  }
  const paths = cachePaths(dirs, 'indexes', `${sha256Hex(key)}.${IMAGE_EXTENSION}`);
  for (const file of [paths.user, paths.shipped]) {
    if (file === undefined) continue;
    let image: SharedArrayBuffer;
    let index: PhraseIndex | undefined;
    try {
      image = readShared(file);
      index = decodeImage(image, key, rules);
    } catch {
      continue; // a miss, or an unreadable entry
    }
    if (index === undefined) continue;
    hold(key, image);
    if (file === paths.shipped && paths.user !== undefined) writeCacheFile(dirname(paths.user), paths.user, new Uint8Array(image), `.${IMAGE_EXTENSION}`, MAX_INDEX_ENTRIES);
    return index;
  }
  const index = compile();
  // Cache it only if it was built from the bytes hashed above (a file may change meanwhile).
  if (paths.user !== undefined && index.lexicons.length === files.length && index.lexicons.every((l, i) => l.sha256 === hashes[i] && l.origin === files[i]!.origin)) {
    let image: SharedArrayBuffer | undefined;
    try {
      image = encodeImage(key, index);
    } catch {
      image = undefined; // not expected, but the cache is only an optimisation
    }
    if (image !== undefined) {
      writeCacheFile(dirname(paths.user), paths.user, new Uint8Array(image), `.${IMAGE_EXTENSION}`, MAX_INDEX_ENTRIES);
      hold(key, image);
    }
  }
  return index;
}
