/**
 * `lexicon lookup NAME`: which entries a string matches and why. Pure: runs the real
 * pipeline (tokenize, normalize.v2, the phrase index, case-shape.v1, longest-first.v1) on
 * the string alone and explains each step.
 */
import { annotateText } from '../annotate.js';
import type { Annotation } from '../output/contract.js';
import { findAllCandidates, type CheckedCandidate } from '../pipeline/match.js';
import { aliasPieces, NORMALIZE_POLICY, piecesOfText, Shape, withSentences, type Pieces } from '../pipeline/normalize.js';
import { OffsetMap } from '../pipeline/offsets.js';
import { tokenize } from '../pipeline/tokenize.js';
import { CASE_POLICY, type AliasHit, type PhraseIndex } from './compile.js';
import type { AliasCase, EntityType } from './types.js';

export type PieceCase = 'upper' | 'capitalized' | 'lower' | 'mixed' | 'uncased';

export interface LookupPiece {
  /** The piece as written. */
  raw: string;
  /** Its match key (folded). */
  key: string;
  case: PieceCase;
}

/** An entry found at a span of the query. */
export interface LookupSpan {
  /** Code-point offsets in the query, end exclusive. */
  start: number;
  end: number;
  text: string;
  entity: string;
  type: EntityType;
  name: string;
  lexicon: string;
}

export interface LookupMatch extends LookupSpan {
  /** The alias as the lexicon writes it. */
  alias: string;
  case: AliasCase;
  /** Whether the matcher keeps this candidate (key, case policy and word boundaries). */
  accepted: boolean;
  reason: string;
}

export interface LookupShortForm extends LookupSpan {
  short_form: string;
}

export interface LookupResult {
  query: string;
  policies: { normalize: string; case: string };
  pieces: LookupPiece[];
  /** Every alias whose keys occur in the query, accepted or not, in text order. */
  matches: LookupMatch[];
  /** Short forms whose keys occur in the query (they name the entry only after a full mention of it earlier in the article). */
  short_forms: LookupShortForm[];
  /** What `annotateText` outputs for the query alone. */
  annotation: Annotation;
}

export function pieceCase(shape: number): PieceCase {
  if ((shape & Shape.cased) === 0) return 'uncased';
  if ((shape & Shape.allUpper) !== 0) return 'upper';
  if ((shape & Shape.initialUpper) !== 0) return 'capitalized';
  return 'lower';
}

function caseOf(pieceRaw: string, shape: number): PieceCase {
  const c = pieceCase(shape);
  // caseShape has no bit for "mixed" (iPhone); only for the explanation.
  if (c === 'lower' && /\p{Lu}/u.test(pieceRaw)) return 'mixed';
  return c;
}

/** Why the case policy keeps or refuses a candidate's pieces: match.ts's verdict (`casePiece`) in words. */
function caseReason(c: CheckedCandidate, mode: AliasCase, pieces: Pieces): string {
  const hit = c.alias;
  const k = c.casePiece;
  if (k >= 0) {
    const textRaw = pieces.raw[c.firstPiece + k]!;
    if (hit.exact !== undefined) return `"${textRaw}" is not written exactly as "${hit.exact[k]}"`;
    const aliasRaw = aliasPieces(hit.form)[k]!.raw;
    if (hit.require[k] === Shape.allUpper) return `alias word "${aliasRaw}" is an acronym and needs capitals; "${textRaw}" is not`;
    return `alias word "${aliasRaw}" needs a capital initial; "${textRaw}" has none`;
  }
  if (hit.exact !== undefined) return 'written exactly as the alias';
  if (mode === 'any') return 'case is ignored';
  if (hit.require.some((r) => r !== 0)) return 'capitals where the alias has them';
  return 'the alias is lower case or uncased: any case matches';
}

/** The reason `lexicon lookup` prints for a candidate's verdict. */
function reasonOf(c: CheckedCandidate, mode: AliasCase, pieces: Pieces): string {
  if (c.verdict === 'boundary') return `inside a longer word (${caseReason(c, mode, pieces)})`;
  // A case verdict with every piece fitting is the capital-run rule's.
  if (c.verdict === 'case' && c.casePiece < 0) return 'a short exact-case alias next to a word in capitals (shouted text) does not match';
  return caseReason(c, mode, pieces);
}

function aliasMode(index: PhraseIndex, hit: AliasHit): AliasCase {
  const spec = index.entries[hit.entry]!.entry.aliases.find((a) => (typeof a === 'string' ? a : a.form) === hit.form);
  return spec === undefined || typeof spec === 'string' ? 'shape' : (spec.case ?? 'shape');
}

export function lookupName(query: string, index: PhraseIndex): LookupResult {
  const pieces = withSentences(piecesOfText(query), tokenize(query));
  const offsets = new OffsetMap(query);
  const matches: (LookupMatch & { entryIndex: number })[] = [];
  const shortForms: LookupShortForm[] = [];
  for (const c of findAllCandidates(query, pieces, index)) {
    const hit = c.alias;
    const e = index.entries[c.entry]!;
    const span = { start: offsets.codePoint(c.start), end: offsets.codePoint(c.end), text: query.slice(c.start, c.end) };
    const who = { entity: e.id, type: e.type, name: e.name, lexicon: e.lexicon };
    if (hit.short) {
      shortForms.push({ ...span, ...who, short_form: hit.form });
      continue;
    }
    const mode = aliasMode(index, hit);
    matches.push({ ...span, ...who, alias: hit.form, case: mode, accepted: c.verdict === 'ok', reason: reasonOf(c, mode, pieces), entryIndex: e.index });
  }
  matches.sort((a, b) => a.start - b.start || b.end - a.end || a.entryIndex - b.entryIndex || (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));

  shortForms.sort((a, b) => a.start - b.start || b.end - a.end || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));

  const lookupPieces: LookupPiece[] = [];
  for (let i = 0; i < pieces.count; i++) lookupPieces.push({ raw: pieces.raw[i]!, key: pieces.key[i]!, case: caseOf(pieces.raw[i]!, pieces.shape[i]!) });

  return {
    query,
    policies: { normalize: NORMALIZE_POLICY, case: CASE_POLICY },
    pieces: lookupPieces,
    matches: matches.map(({ entryIndex: _e, ...m }) => m),
    short_forms: shortForms,
    annotation: annotateText(query, index, { path: '-' }),
  };
}
