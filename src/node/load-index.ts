/**
 * The one way to build a phrase index: the built-in lexicons (and the user's), compiled
 * together with the built-in context rules; through the compiled-lexicon cache when asked
 * (the CLI and its worker threads ask; the library default reads no cache).
 */
import { dirname, join } from 'node:path';
import { compileRules } from '../core/context/rules.js';
import type { PhraseIndex } from '../core/lexicon/compile.js';
import { loadIndexCached, loadRulesCached } from './lexicon/cache.js';
import type { LexiconSelection } from './lexicon/load.js';
import { useWinkModelCache } from './wink-model-cache.js';

export interface LoadIndexOptions extends LexiconSelection {
  /** Apply the built-in context rules (default true). */
  contextRules?: boolean;
  /**
   * Read and write the compiled-lexicon cache and wink's model cache (default false). Plain
   * data, so that a worker thread builds the same index from the same options.
   */
  cache?: boolean;
  /** The user's lexicon cache folder (the CLI's is lexiconCacheDir(env)); without it only the shipped cache is read. Wink's model cache is `wink/` beside it. */
  cacheDir?: string;
}

export function loadIndex(options: LoadIndexOptions = {}): PhraseIndex {
  const cache = { enabled: options.cache === true, ...(options.cacheDir === undefined ? {} : { dir: options.cacheDir }) };
  useWinkCacheOf(options);
  const rules = options.contextRules === false ? undefined : compileRules(loadRulesCached(undefined, cache));
  return loadIndexCached({ builtin: options.builtin !== false, files: options.files ?? [] }, rules, cache);
}

/**
 * wink's core model from its cache (`wink/` beside the lexicon cache) when a text is first
 * tokenized, as `options.cache` says; nothing when it says nothing. loadIndex does it, and
 * so does a command that tokenizes without an index (`lexicon validate`).
 */
export function useWinkCacheOf(options: Pick<LoadIndexOptions, 'cache' | 'cacheDir'>): void {
  if (options.cache === undefined) return;
  const winkDir = options.cacheDir === undefined ? undefined : join(dirname(options.cacheDir), 'wink');
  useWinkModelCache({ enabled: options.cache, ...(winkDir === undefined ? {} : { dir: winkDir }) });
}
