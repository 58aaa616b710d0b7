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
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../pipeline/read.js';
import { VERSION } from '../version.js';
import { BUILTIN_LEXICON_DIR, builtinLexiconFiles, loadRules, readLexiconFile, SCHEMA_DIR } from './load.js';
import type { RulesDocument } from '../context/rules.js';
import type { Lexicon, LexiconDocument } from './types.js';

const CACHE_FORMAT = 1;
const MAX_ENTRIES = 200;

export interface LexiconSelection {
  /** Load the lexicons that ship with the package (default true). */
  builtin?: boolean;
  /** Further lexicon files, in the order given. */
  files?: readonly string[];
}

export interface CacheOptions {
  /** Use the disk cache (default true). */
  enabled?: boolean;
  /** Cache folder (default: lexiconCacheDir()). */
  dir?: string;
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

let fingerprint: string | undefined;

/** What, besides a lexicon's bytes, decides the validated document: the version and the code that validates. */
function codeFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256').update(`afghan-annotator lexicon cache ${CACHE_FORMAT} ${VERSION}\n`);
    const files = [fileURLToPath(new URL('./load.js', import.meta.url)), join(SCHEMA_DIR, 'lexicon.schema.json'), join(SCHEMA_DIR, 'rules.schema.json')];
    for (const file of files) {
      try {
        hash.update(readFileSync(file));
      } catch {
        hash.update(`missing ${file}`);
      }
    }
    fingerprint = hash.digest('hex');
  }
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

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names
    .map((n) => {
      try {
        return { n, t: statSync(join(dir, n)).mtimeMs };
      } catch {
        return { n, t: 0 };
      }
    })
    .sort((a, b) => a.t - b.t || (a.n < b.n ? -1 : 1));
  for (const { n } of aged.slice(0, names.length - MAX_ENTRIES)) rmSync(join(dir, n), { force: true });
}

function writeEntry<T>(dir: string, file: string, entry: CacheEntry<T>): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(entry), { flag: 'wx' });
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    prune(dir);
  } catch {
    // Best effort: a cache that cannot be written only costs start-up time.
  }
}

/** Read one lexicon file through the cache. Errors are those of `readLexiconFile`. */
export function readLexiconFileCached(path: string, origin: string = path, options: CacheOptions = {}): Lexicon {
  const dir = options.enabled === false ? undefined : (options.dir ?? lexiconCacheDir());
  if (dir === undefined) return readLexiconFile(path, origin);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return readLexiconFile(path, origin); // reports the error as usual
  }
  const sha256 = sha256Hex(bytes);
  const file = join(dir, `${sha256Hex(`${codeFingerprint()} ${sha256}`)}.json`);
  const cached = readEntry(file, sha256);
  if (cached !== undefined) return { document: cached, sha256, origin };
  const lexicon = readLexiconFile(path, origin);
  if (lexicon.sha256 === sha256 && jsonSafe(lexicon.document)) writeEntry(dir, file, { format: CACHE_FORMAT, sha256, document: lexicon.document });
  return lexicon;
}

/**
 * The same lexicons as `loadLexicons` (built-in ones sorted by file name, then the user's
 * in order), read through the cache.
 */
export function loadLexiconsCached(selection: LexiconSelection = {}, options: CacheOptions = {}): Lexicon[] {
  const out: Lexicon[] = [];
  if (selection.builtin !== false) {
    for (const f of builtinLexiconFiles()) out.push(readLexiconFileCached(join(BUILTIN_LEXICON_DIR, f), `builtin:${f}`, options));
  }
  for (const f of selection.files ?? []) out.push(readLexiconFileCached(f, f, options));
  return out;
}

/**
 * `loadRules` (the context rules and the given names beside them) through the cache: the
 * same document, without YAML parsing and schema validation on a hit.
 */
export function loadRulesCached(path: string = join(BUILTIN_LEXICON_DIR, 'rules', 'context.yaml'), options: CacheOptions = {}): RulesDocument {
  const dir = options.enabled === false ? undefined : (options.dir ?? lexiconCacheDir());
  if (dir === undefined) return loadRules(path);
  let sha256: string;
  try {
    const names = join(dirname(path), 'given-names.yaml');
    sha256 = sha256Hex(`${sha256Hex(readFileSync(path))} ${existsSync(names) ? sha256Hex(readFileSync(names)) : 'none'}`);
  } catch {
    return loadRules(path); // reports the error as usual
  }
  const file = join(dir, `${sha256Hex(`${codeFingerprint()} rules ${sha256}`)}.json`);
  const cached = readEntry<RulesDocument>(file, sha256);
  if (cached !== undefined) return cached;
  const rules = loadRules(path);
  if (jsonSafe(rules)) writeEntry(dir, file, { format: CACHE_FORMAT, sha256, document: rules });
  return rules;
}
