/**
 * The library: `import { annotateText, loadLexicons, compileLexicons } from 'afghan-annotator'`.
 *
 *   const index = loadIndex();          // built-in lexicons and context rules
 *   const annotation = annotateText('Fighting in Kunduz province…', index);
 */
export { annotateText, annotatorInfo, ALIAS_RULE, type AnnotateOptions } from './annotate.js';
export { loadIndex, type LoadIndexOptions } from './load-index.js';
export { compileRules, type CompiledRules, type RulesDocument } from './context/rules.js';
export { CONTEXT_POLICY } from './context/apply.js';
export { compileLexicons, CASE_POLICY, type PhraseIndex, type CompiledEntry } from './lexicon/compile.js';
export { loadLexicons, loadRules, parseRules, parseLexicon, readLexiconFile, readSchema, BUILTIN_LEXICON_DIR, type LoadLexiconsOptions } from './lexicon/load.js';
export * from './lexicon/types.js';
export * from './output/contract.js';
export { serializeAnnotation, FORMATS, type Format } from './output/serialize.js';
export { decodeSource, type DecodedSource } from './pipeline/read.js';
/** aliasPieces: an alias form's pieces and match keys (normalize.v3), for the lexicon build scripts. */
export { NORMALIZE_POLICY, aliasPieces, type Piece } from './pipeline/normalize.js';
export { OVERLAP_POLICY } from './pipeline/resolve.js';
export { AnnotatorError, ErrorCodes, ExitCode, type ErrorCode } from './errors.js';
export { VERSION } from './version.js';
