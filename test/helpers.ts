import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { compileLexicons, type AliasHit, type PhraseIndex } from '../src/core/lexicon/compile.js';
import type { PhraseTrie } from '../src/core/lexicon/trie.js';
import { readLexiconFile, readSchema } from '../src/node/lexicon/load.js';
import { loadIndex } from '../src/node/load-index.js';
import { AnnotatorError } from '../src/core/errors.js';
import { main, type CliIO } from '../src/cli/main.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const fixtures = join(repoRoot, 'test', 'fixtures');
export const binPath = join(repoRoot, 'bin', 'afghan-annotator.js');
export const tinyLexiconPath = join(fixtures, 'lexicons', 'tiny.yaml');

/** ../shared beside the checkout: present for developers and CI, absent in a user's clone. */
export const sharedDir = join(repoRoot, '..', 'shared');
export const sharedAvailable = existsSync(join(sharedDir, 'dev', 'seed-article.txt'));
export const SHARED_SKIP_MESSAGE =
  'skipped: ../shared/dev is not beside this checkout (it ships only to the developers and CI; see README "Development")';

let tiny: PhraseIndex | undefined;
/** The tiny fixture lexicon, compiled once: tests do not depend on the shipped gazetteers. */
export function tinyIndex(): PhraseIndex {
  tiny ??= compileLexicons([readLexiconFile(tinyLexiconPath, 'tiny.yaml')]);
  return tiny;
}

let shipped: PhraseIndex | undefined;
/** The shipped lexicons and context rules, compiled once: what the CLI uses. */
export function shippedIndex(): PhraseIndex {
  shipped ??= loadIndex();
  return shipped;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validateAnnotationSchema = ajv.compile(readSchema('annotation'));
const validateLexiconSchema = ajv.compile(readSchema('lexicon'));

/** Assert that a document is valid against the published output schema. */
export function expectValidAnnotation(doc: unknown): void {
  const ok = validateAnnotationSchema(doc);
  expect(validateAnnotationSchema.errors ?? [], 'output must match schema/annotation.schema.json').toEqual([]);
  expect(ok).toBe(true);
}

export function expectValidLexicon(doc: unknown): void {
  const ok = validateLexiconSchema(doc);
  expect(validateLexiconSchema.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

/** Code-point slice, what Python and jq do. */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real executable as a child process, without colour and without a terminal. */
export function runCli(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...testCacheEnv(), ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The run's temporary XDG_CACHE_HOME (test/setup/env.ts), for a child process's environment:
 * without it the executable would read and write the user's ~/.cache.
 */
export function testCacheEnv(): { XDG_CACHE_HOME: string } {
  const dir = process.env['XDG_CACHE_HOME'];
  if (dir === undefined || dir === '') throw new Error('XDG_CACHE_HOME is not set: run the tests through vitest (test/setup/env.ts sets it)');
  return { XDG_CACHE_HOME: dir };
}

/**
 * Run the command line in this process (src/cli/main.ts `main`, what bin/ calls), from the
 * TypeScript sources: no build, no child process, the same exit code, stdout and stderr.
 * A spawn of the executable costs about half a second of CPU, this a few tens of ms
 * (issue 14). Relative paths are relative to `cwd` (default: the repository, vitest's
 * working folder): the process changes folder for the call and changes back after it,
 * which is safe because a worker of vitest's `forks` pool is a process of its own that runs
 * one test at a time (vitest.config.ts). `--jobs 2` runs worker threads from the built
 * dist/node/worker.js: the cli project builds it first (test/global-setup.ts).
 */
export async function runMain(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void): NodeJS.WriteStream =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        add(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        callback();
      },
    }) as unknown as NodeJS.WriteStream;
  const io: CliIO = {
    argv: args,
    env: { NO_COLOR: '1', ...testCacheEnv(), ...options.env },
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from([options.input ?? '']) as unknown as NodeJS.ReadStream,
  };
  const before = process.cwd();
  if (options.cwd !== undefined) process.chdir(options.cwd);
  try {
    const status = await main(io);
    return { status, stdout, stderr };
  } finally {
    if (options.cwd !== undefined) process.chdir(before);
  }
}

export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export function readSchemaFile(name: 'annotation' | 'lexicon'): unknown {
  return JSON.parse(readFileSync(join(repoRoot, 'schema', `${name}.schema.json`), 'utf8'));
}

/** The AnnotatorError that `fn` throws (the test fails if it throws nothing, or something else). */
export function errorOf(fn: () => unknown): AnnotatorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnnotatorError) return e;
    throw e;
  }
  throw new Error('expected an AnnotatorError');
}

/** A trie node as objects: what the reference compiler (compile-reference.test.ts) builds, and `objectTrie` makes of the flat trie. */
export interface ObjectTrieNode {
  next: Map<string, ObjectTrieNode> | undefined;
  hits: AliasHit[] | undefined;
}

/**
 * The flat trie (src/core/lexicon/trie.ts) as nested objects, children and hits in the
 * flat trie's order, its hit objects the ones `trie.hit` gives: a yardstick that tests walk
 * with Maps and compare, not a second trie in the product.
 */
export function objectTrie(trie: PhraseTrie): ObjectTrieNode {
  const node = (n: number): ObjectTrieNode => {
    let next: Map<string, ObjectTrieNode> | undefined;
    const first = trie.firstChild[n]!;
    const count = trie.childCount[n]!;
    if (count > 0) {
      next = new Map();
      for (let c = first; c < first + count; c++) next.set(trie.words.at(trie.nodeWord[c]!), node(c));
    }
    const h0 = trie.hitStart[n]!;
    const h1 = trie.hitStart[n + 1]!;
    let hits: AliasHit[] | undefined;
    if (h1 > h0) {
      hits = [];
      for (let h = h0; h < h1; h++) hits.push(trie.hit(h));
    }
    return { next, hits };
  };
  return node(0);
}

/** An index as the reference compiler builds it: its trie as objects, its variants a Map. */
export type ReferenceIndex = Omit<PhraseIndex, 'trie' | 'variants'> & { root: ObjectTrieNode; variants: ReadonlyMap<string, number[]> };

/**
 * Everything in a phrase index, in iteration order (Map insertion order included), as plain data
 * (entries by position), serialized as JSON: comparing two such strings with toEqual takes a
 * fraction of a deep comparison of the shipped index (stricter too: key order counts).
 */
export function dumpIndex(index: PhraseIndex | ReferenceIndex): string {
  return JSON.stringify(dumpIndexData(index));
}

function dumpIndexData(index: PhraseIndex | ReferenceIndex): unknown {
  const node = (n: ObjectTrieNode): unknown => ({
    next: n.next === undefined ? '(undefined)' : [...n.next].map(([k, c]) => [k, node(c)]),
    hits: n.hits === undefined ? '(undefined)' : n.hits.map((h) => ({ ...h, require: `Uint8Array[${Array.from(h.require).join(',')}]`, exact: h.exact ?? '(undefined)' })),
  });
  return {
    root: node('root' in index ? index.root : objectTrie(index.trie)),
    entries: index.entries,
    byId: [...index.byId].map(([id, e]) => [id, index.entries.indexOf(e)]),
    lexicons: index.lexicons,
    aliasCount: index.aliasCount,
    variants: [...index.variants],
  };
}
