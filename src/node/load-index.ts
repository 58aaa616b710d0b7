/**
 * The usual way in: the built-in lexicons (and the user's), compiled together with the
 * built-in context rules.
 */
import { compileRules } from '../core/context/rules.js';
import { compileLexicons, type PhraseIndex } from '../core/lexicon/compile.js';
import { loadLexicons, loadRules, type LoadLexiconsOptions } from './lexicon/load.js';

export interface LoadIndexOptions extends LoadLexiconsOptions {
  /** Apply the built-in context rules (default true). */
  contextRules?: boolean;
}

export function loadIndex(options: LoadIndexOptions = {}): PhraseIndex {
  const rules = options.contextRules === false ? undefined : compileRules(loadRules());
  return compileLexicons(loadLexicons(options), rules === undefined ? {} : { rules });
}
