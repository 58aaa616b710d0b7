/**
 * The whole pipeline, text in, annotation out: tokenize, normalize, match, resolve, then
 * build the output record. Pure: no files, no process state.
 */
import type { PhraseIndex, CompiledEntry } from './lexicon/compile.js';
import { CASE_POLICY } from './lexicon/compile.js';
import { ENTITY_TYPES, type EntityType } from './lexicon/types.js';
import { tokenize } from './pipeline/tokenize.js';
import { normalizeTokens, NORMALIZE_POLICY } from './pipeline/normalize.js';
import { findCandidates } from './pipeline/match.js';
import { resolveOverlaps, OVERLAP_POLICY, type Resolved } from './pipeline/resolve.js';
import { OffsetMap } from './pipeline/offsets.js';
import { sha256Hex, type SourceEncoding } from './pipeline/read.js';
import {
  ANNOTATION_SCHEMA_NAME,
  ANNOTATION_SCHEMA_VERSION,
  type Annotation,
  type AnnotatorInfo,
  type CandidateRecord,
  type EntityRecord,
  type MentionRecord,
} from './output/contract.js';
import { VERSION } from './version.js';

/** The rule names a mention's `rule` can take. */
export const RULES = {
  /** An alias of a lexicon entry matched (after normalize.v1 and case-shape.v1). */
  alias: 'alias',
} as const;

export interface AnnotateOptions {
  /** `source.path` in the output (default `-`). */
  path?: string;
  /** sha256 of the input bytes (default: of the text's UTF-8 encoding). */
  sha256?: string;
  encoding?: SourceEncoding;
  /** Keep only these entity types (default: all). */
  types?: readonly EntityType[];
}

export function annotatorInfo(index: PhraseIndex): AnnotatorInfo {
  return {
    name: 'afghan-annotator',
    version: VERSION,
    policies: { normalize: NORMALIZE_POLICY, case: CASE_POLICY, overlap: OVERLAP_POLICY },
    lexicons: index.lexicons.map((l) => ({
      name: l.name,
      version: l.version,
      sha256: l.sha256,
      entries: l.entries,
      ...(l.attribution === undefined ? {} : { attribution: l.attribution }),
    })),
  };
}

/** Annotate one text with a compiled phrase index (see `compileLexicons`). */
export function annotateText(text: string, index: PhraseIndex, options: AnnotateOptions = {}): Annotation {
  const tokens = tokenize(text);
  const pieces = normalizeTokens(tokens);
  const types = options.types === undefined ? undefined : new Set(options.types);
  const candidates = findCandidates(text, pieces, index, types);
  const resolved = resolveOverlaps(text, candidates, index);
  return buildAnnotation(text, resolved, pieces.sentence, index, options);
}

function provinceOf(e: CompiledEntry): string | undefined {
  return e.entry.province ?? (e.type === 'province' ? e.id : undefined);
}

function entityRecord(e: CompiledEntry): EntityRecord {
  const x = e.entry;
  const province = provinceOf(e);
  return {
    id: e.id,
    type: e.type,
    name: e.name,
    lexicon: e.lexicon,
    ...(province === undefined ? {} : { province }),
    ...(x.district === undefined ? {} : { district: x.district }),
    ...(x.iso_3166_2 === undefined ? {} : { iso_3166_2: x.iso_3166_2 }),
    ...(x.kind === undefined ? {} : { kind: x.kind }),
    ...(x.category === undefined ? {} : { category: x.category }),
    ...(x.part_of === undefined ? {} : { part_of: x.part_of }),
    ...(x.active_from === undefined ? {} : { active_from: x.active_from }),
    ...(x.active_to === undefined ? {} : { active_to: x.active_to }),
    ...(x.geonames === undefined ? {} : { geonames: x.geonames }),
    ...(x.wikidata === undefined ? {} : { wikidata: x.wikidata }),
    ...(x.xref === undefined ? {} : { xref: sortedXref(x.xref) }),
    ...(x.roles === undefined ? {} : { roles: x.roles.map((r) => ({ ...r })) }),
    mentions: 0,
  };
}

/** Keys in code-unit order, so output does not depend on how a lexicon ordered them. */
function sortedXref(xref: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of Object.keys(xref).sort()) out[k] = Array.isArray(xref[k]) ? [...(xref[k] as string[])] : (xref[k] as string);
  return out;
}

function candidateRecord(e: CompiledEntry): CandidateRecord {
  const province = provinceOf(e);
  return { entity: e.id, type: e.type, name: e.name, ...(province === undefined ? {} : { province }) };
}

function buildAnnotation(
  text: string,
  resolved: readonly Resolved[],
  pieceSentence: Int32Array,
  index: PhraseIndex,
  options: AnnotateOptions,
): Annotation {
  const offsets = new OffsetMap(text);
  const entities = new Map<string, EntityRecord>();
  const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  let ambiguous = 0;

  const mentions: MentionRecord[] = resolved.map((r) => {
    const e = index.entries[r.entry]!;
    let entity = entities.get(e.id);
    if (entity === undefined) {
      entity = entityRecord(e);
      entities.set(e.id, entity);
    }
    entity.mentions++;
    byType[e.type]++;
    const isAmbiguous = r.candidates.length > 1;
    if (isAmbiguous) ambiguous++;
    const { line, column } = offsets.lineColumn(r.start);
    const province = provinceOf(e);
    return {
      start: offsets.codePoint(r.start),
      end: offsets.codePoint(r.end),
      line,
      column,
      sentence: pieceSentence[r.firstPiece]! + 1,
      text: text.slice(r.start, r.end),
      type: e.type,
      entity: e.id,
      name: e.name,
      ...(province === undefined ? {} : { province }),
      alias: r.alias,
      rule: RULES.alias,
      ambiguous: isAmbiguous,
      ...(isAmbiguous ? { candidates: r.candidates.map((c) => candidateRecord(index.entries[c]!)) } : {}),
    };
  });

  return {
    schema: { name: ANNOTATION_SCHEMA_NAME, version: ANNOTATION_SCHEMA_VERSION },
    source: {
      path: options.path ?? '-',
      sha256: options.sha256 ?? sha256Hex(text),
      length: offsets.length,
      encoding: options.encoding ?? 'utf-8',
    },
    annotator: annotatorInfo(index),
    summary: { mentions: mentions.length, entities: entities.size, ambiguous, by_type: byType },
    entities: [...entities.values()],
    mentions,
  };
}
