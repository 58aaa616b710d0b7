/**
 * The library: `import { annotateText, loadLexicons, compileLexicons } from 'afghan-annotator'`.
 *
 *   const index = loadIndex();          // built-in lexicons and context rules
 *   const annotation = annotateText('Fighting in Kunduz province…', index);
 */
export { annotateText, annotatorInfo, ALIAS_RULE, type AnnotateOptions } from './core/annotate.js';
export { loadIndex, type LoadIndexOptions } from './node/load-index.js';
export { compileRules, type CompiledRules, type RulesDocument } from './core/context/rules.js';
export { CONTEXT_POLICY } from './core/context/apply.js';
export { compileLexicons, CASE_POLICY, type PhraseIndex, type CompiledEntry } from './core/lexicon/compile.js';
/** `LoadLexiconsOptions` is the former name of `LexiconSelection`, kept for library users. */
export { loadLexicons, loadRules, readLexiconFile, readSchema, BUILTIN_LEXICON_DIR, type LexiconSelection, type LexiconSelection as LoadLexiconsOptions } from './node/lexicon/load.js';
export { parseRules, parseLexicon } from './core/lexicon/parse.js';
export * from './core/lexicon/types.js';
export * from './core/output/contract.js';
export { serializeAnnotation, FORMATS, type Format } from './core/output/serialize.js';
export { decodeSource, type DecodedSource } from './core/pipeline/read.js';
/** aliasPieces: an alias form's pieces and match keys (normalize.v3), for the lexicon build scripts. */
export { NORMALIZE_POLICY, aliasPieces, type Piece } from './core/pipeline/normalize.js';
export { OVERLAP_POLICY } from './core/pipeline/resolve.js';
export { AFFIX_POLICY } from './core/pipeline/arabic-affixes.js';
export { LANGUAGE_POLICY } from './core/pipeline/language.js';
export { mayMention, PREFILTER_POLICY } from './core/pipeline/prefilter.js';
export { AnnotatorError, ErrorCodes, ExitCode, type ErrorCode } from './core/errors.js';
export { VERSION } from './core/version.js';
