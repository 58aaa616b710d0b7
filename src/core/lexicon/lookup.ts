/**
 * `lexicon lookup NAME`: which entries a string matches and why. Pure: runs the real
 * pipeline (tokenize, normalize.v2, the phrase index, case-shape.v1, longest-first.v1) on
 * the string alone and explains each step.
 */
import { annotateText } from '../annotate.js';
import type { Annotation } from '../output/contract.js';
import { findCandidates } from '../pipeline/match.js';
import { aliasPieces, isWordCharAt, isWordCharBefore, normalizeTokens, NORMALIZE_POLICY, Shape, type Pieces } from '../pipeline/normalize.js';
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

/** Why the case policy keeps or refuses an alias hit at piece `first` (mirrors match.ts). */
export function caseVerdict(hit: AliasHit, mode: AliasCase, pieces: Pieces, first: number): { ok: boolean; reason: string } {
  const aliasRaw = aliasPieces(hit.form).map((p) => p.raw);
  const textRaw = pieces.raw.slice(first, first + hit.length);
  if (hit.exact !== undefined) {
    for (let k = 0; k < hit.length; k++) {
      if (textRaw[k] !== hit.exact[k]) return { ok: false, reason: `"${textRaw[k]}" is not written exactly as "${hit.exact[k]}"` };
    }
    return { ok: true, reason: 'written exactly as the alias' };
  }
  for (let k = 0; k < hit.length; k++) {
    const need = hit.require[k]!;
    if (need === 0 || (pieces.shape[first + k]! & need) === need) continue;
    if (need === Shape.allUpper) return { ok: false, reason: `alias word "${aliasRaw[k]}" is an acronym and needs capitals; "${textRaw[k]}" is not` };
    return { ok: false, reason: `alias word "${aliasRaw[k]}" needs a capital initial; "${textRaw[k]}" has none` };
  }
  if (mode === 'any') return { ok: true, reason: 'case is ignored' };
  if (hit.require.some((r) => r !== 0)) return { ok: true, reason: 'capitals where the alias has them' };
  return { ok: true, reason: 'the alias is lower case or uncased: any case matches' };
}

function aliasMode(index: PhraseIndex, hit: AliasHit): AliasCase {
  const spec = index.entries[hit.entry]!.entry.aliases.find((a) => (typeof a === 'string' ? a : a.form) === hit.form);
  return spec === undefined || typeof spec === 'string' ? 'shape' : (spec.case ?? 'shape');
}

export function lookupName(query: string, index: PhraseIndex): LookupResult {
  const pieces = normalizeTokens(tokenize(query));
  const offsets = new OffsetMap(query);
  const kept = findCandidates(query, pieces, index);
  const matches: (LookupMatch & { entryIndex: number })[] = [];

  const shortForms: LookupShortForm[] = [];
  for (let i = 0; i < pieces.count; i++) {
    let node = index.root.next?.get(pieces.key[i]!);
    let j = i;
    while (node !== undefined) {
      for (const hit of node.hits ?? []) {
        const start = pieces.start[i]!;
        const end = pieces.end[j]!;
        const e = index.entries[hit.entry]!;
        const span = { start: offsets.codePoint(start), end: offsets.codePoint(end), text: query.slice(start, end) };
        const who = { entity: e.id, type: e.type, name: e.name, lexicon: e.lexicon };
        if (hit.short) {
          shortForms.push({ ...span, ...who, short_form: hit.form });
          continue;
        }
        const mode = aliasMode(index, hit);
        const accepted = kept.some((c) => c.alias === hit && c.firstPiece === i && c.endPiece === j + 1);
        const boundary = !isWordCharBefore(query, start) && !isWordCharAt(query, end);
        const verdict = caseVerdict(hit, mode, pieces, i);
        let reason = verdict.reason;
        if (!boundary) reason = `inside a longer word (${verdict.reason})`;
        else if (verdict.ok && !accepted) {
          reason =
            hit.exact !== undefined && hit.length === 1
              ? 'a short exact-case alias next to a word in capitals (shouted text) does not match'
              : `refused by the matcher (${verdict.reason})`;
        }
        matches.push({ ...span, ...who, alias: hit.form, case: mode, accepted, reason, entryIndex: e.index });
      }
      j++;
      if (j >= pieces.count || pieces.sentence[j] !== pieces.sentence[i]) break;
      node = node.next?.get(pieces.key[j]!);
    }
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
