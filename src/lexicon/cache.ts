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
 * (`~/.cache/afghan-annotator/indexes/`), as a V8 structured-clone image: reading it
 * takes ~20 ms where compiling the built-in lexicons takes ~60-90 ms in a fresh process. Its
 * key is every lexicon file's origin and sha256, in order, with a hash of the code that
 * loads and compiles (the modules in INDEX_CODE) and the V8 version; so a hit is the index
 * `compileLexicons` would build from the same bytes. The context rules are not in it (they
 * are compiled apart and attached).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { sha256Hex } from '../pipeline/read.js';
import { VERSION } from '../version.js';
import { compileLexicons, type PhraseIndex } from './compile.js';
import { BUILTIN_LEXICON_DIR, builtinLexiconFiles, loadRules, readLexiconFile, SCHEMA_DIR } from './load.js';
import type { CompiledRules, RulesDocument } from '../context/rules.js';
import type { Lexicon, LexiconDocument } from './types.js';

const CACHE_FORMAT = 1;
const MAX_ENTRIES = 200;
/** Index images are bigger (100,000 extra aliases make one of ~22 MB): fewer are kept. */
const MAX_INDEX_ENTRIES = 8;

/**
 * The compiled modules whose code decides the phrase index, relative to this one: the
 * compiler and everything it imports at run time (test/unit/lexicon-index-cache.test.ts checks
 * this list against compile.ts's imports).
 */
export const INDEX_CODE = ['./compile.js', './types.js', '../pipeline/normalize.js', '../pipeline/variants.js', '../errors.js'] as const;

export interface LexiconSelection {
  /** Load the lexicons that ship with the package (default true). */
  builtin?: boolean;
  /** Further lexicon files, in the order given. */
  files?: readonly string[];
}

export interface CacheOptions {
  /** Use the disk cache (default true). */
  enabled?: boolean;
  /** Cache folder (default: lexiconCacheDir()). Compiled indexes go in `indexes/` beside it. */
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
export const SHIPPED_CACHE_DIR = fileURLToPath(new URL('../lexicon-cache/', import.meta.url));

interface CacheDirs {
  /** The user's lexicon cache folder (written), if known. */
  user: string | undefined;
  /** The shipped cache's root (read only), unless turned off. */
  shipped: string | undefined;
}

function cacheDirs(options: CacheOptions): CacheDirs | undefined {
  if (options.enabled === false) return undefined;
  const user = options.dir ?? lexiconCacheDir();
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
export function lexiconCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
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

/** Write a cache file atomically (temporary file, then rename), then prune its folder. Best effort. */
function writeAtomic(dir: string, file: string, data: string | Uint8Array, suffix: string, max: number): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, data, { flag: 'wx' });
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    prune(dir, suffix, max);
  } catch {
    // Best effort: a cache that cannot be written only costs start-up time.
  }
}

function writeEntry<T>(dir: string, file: string, entry: CacheEntry<T>): void {
  writeAtomic(dir, file, JSON.stringify(entry), '.json', MAX_ENTRIES);
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
    sha256 = sha256Hex(`${sha256Hex(readFileSync(path))} ${existsSync(names) ? sha256Hex(readFileSync(names)) : 'none'}`);
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

/** What, besides the lexicons' bytes, decides a compiled index: the loader's fingerprint, the compiler's code, V8's image format. */
function indexCodeFingerprint(): string {
  indexFingerprint ??= hashOfFiles(
    `${codeFingerprint()} index ${process.versions.v8}`,
    INDEX_CODE.map((module) => fileURLToPath(new URL(module, import.meta.url))),
  );
  return indexFingerprint;
}

interface IndexImage {
  format: number;
  key: string;
  index: Omit<PhraseIndex, 'rules'>;
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
  const key = `${CACHE_FORMAT} ${indexCodeFingerprint()}\n${files.map((f, i) => `${hashes[i]} ${f.origin}`).join('\n')}`;
  const paths = cachePaths(dirs, 'indexes', `${sha256Hex(key)}.v8`);
  for (const file of [paths.user, paths.shipped]) {
    if (file === undefined) continue;
    let bytes: Buffer;
    let image: IndexImage;
    try {
      bytes = readFileSync(file);
      image = deserialize(bytes) as IndexImage;
      if (image.format !== CACHE_FORMAT || image.key !== key) continue;
    } catch {
      continue; // a miss, or an unreadable entry
    }
    if (file === paths.shipped && paths.user !== undefined) writeAtomic(dirname(paths.user), paths.user, bytes, '.v8', MAX_INDEX_ENTRIES);
    const { root, entries, byId, lexicons, aliasCount, variants } = image.index;
    return { root, rules, entries, byId, lexicons, aliasCount, variants };
  }
  const index = compile();
  // Cache it only if it was built from the bytes hashed above (a file may change meanwhile).
  if (paths.user !== undefined && index.lexicons.length === files.length && index.lexicons.every((l, i) => l.sha256 === hashes[i] && l.origin === files[i]!.origin)) {
    const { rules: _rules, ...rest } = index;
    let data: Uint8Array | undefined;
    try {
      data = serialize({ format: CACHE_FORMAT, key, index: rest } satisfies IndexImage);
    } catch {
      data = undefined; // not cloneable: never expected, but the cache is only an optimisation
    }
    if (data !== undefined) writeAtomic(dirname(paths.user), paths.user, data, '.v8', MAX_INDEX_ENTRIES);
  }
  return index;
}
