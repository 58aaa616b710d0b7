/**
 * The whole pipeline, text in, annotation out: tokenize, normalize, match, resolve, apply
 * the context rules, then build the output record. Pure: no files, no process state.
 */
import type { PhraseIndex, CompiledEntry } from './lexicon/compile.js';
import { CASE_POLICY } from './lexicon/compile.js';
import { ENTITY_TYPES, type EntityType } from './lexicon/types.js';
import { tokenize } from './pipeline/tokenize.js';
import { detectLanguage, type Language } from './pipeline/language.js';
import { aliasPieces, NORMALIZE_POLICY, piecesOfText, Shape, withSentences } from './pipeline/normalize.js';
import { mayMention } from './pipeline/prefilter.js';
import { findVariants, VARIANT_POLICY } from './pipeline/variants.js';
import { findCandidates } from './pipeline/match.js';
import { resolveOverlaps, OVERLAP_POLICY } from './pipeline/resolve.js';
import { OffsetMap } from './pipeline/offsets.js';
import { sha256Hex, type SourceEncoding } from './pipeline/read.js';
import { applyContext, BASE_CONFIDENCE, CONTEXT_POLICY, type Decision, type ShortCandidate, type Working } from './context/apply.js';
import { datelineDate, rolesOn, ROLES_POLICY } from './context/dates.js';
import {
  ANNOTATION_SCHEMA_NAME,
  ANNOTATION_SCHEMA_VERSION,
  type Annotation,
  type AnnotatorInfo,
  type CandidateRecord,
  type EntityRecord,
  type GeoPrecision,
  type ExplanationRecord,
  type MentionRecord,
  type RunOptions,
} from './output/contract.js';
import { VERSION } from './version.js';
import { VARIANT_AMBIGUOUS_CONFIDENCE, VARIANT_CONFIDENCE } from './confidence.js';

/** The rule a mention gets when a lexicon alias matched and no context rule changed it. */
export const ALIAS_RULE = 'alias';
/** The rule of a spelling variant that no lexicon lists (variant.v1). */
export const VARIANT_RULE = 'variant';

export interface AnnotateOptions {
  /** `source.path` in the output (default `-`). */
  path?: string;
  /** sha256 of the input bytes (default: of the text's UTF-8 encoding). */
  sha256?: string;
  encoding?: SourceEncoding;
  /** Keep only these entity types (default: all). */
  types?: readonly EntityType[];
  /** Drop mentions whose confidence is below this (default 0: keep all). */
  minConfidence?: number;
  /** The article's date (YYYY, YYYY-MM or YYYY-MM-DD); default: read from the dateline. */
  date?: string;
  /**
   * Record mode: the date the record itself carries (its `date` field or the one named by
   * `--date-field`), valid and to the precision given; used when `date` is not given,
   * before the dateline (`source.date_from: record`). Not recorded in `annotator.options`:
   * it is the document's own, like a dateline.
   */
  recordDate?: string;
  /** Also list the candidates that lost an overlap or a context decision, and why. */
  explain?: boolean;
  /** Match unlisted spelling variants (variant.v1; default true). */
  variants?: boolean;
  /** The article's language (default: detected, language.v1). */
  lang?: Language;
  /**
   * Skip wink-nlp and the later stages for a text that cannot produce a mention
   * (prefilter.v1; default true). The output is the same either way: `false` is for tests
   * and measurements.
   */
  prefilter?: boolean;
}

/**
 * What produced an output: version, policies, lexicons, and the options that change what
 * is found (only those not at their default, so a plain run records none). A rerun with
 * other options therefore never takes an old output for up to date.
 */
export function annotatorInfo(index: PhraseIndex, options: AnnotateOptions = {}): AnnotatorInfo {
  const used = runOptions(options);
  return {
    name: 'afghan-annotator',
    version: VERSION,
    policies: {
      normalize: NORMALIZE_POLICY,
      case: CASE_POLICY,
      overlap: OVERLAP_POLICY,
      ...(options.variants === false ? {} : { variant: VARIANT_POLICY }),
      ...(index.rules === undefined ? {} : { context: `${CONTEXT_POLICY} (${index.rules.ruleset} ${index.rules.version})` }),
      roles: ROLES_POLICY,
    },
    ...(used === undefined ? {} : { options: used }),
    lexicons: index.lexicons.map((l) => ({
      name: l.name,
      version: l.version,
      sha256: l.sha256,
      entries: l.entries,
      ...(l.attribution === undefined ? {} : { attribution: l.attribution }),
    })),
  };
}

/** The options of a run that are not at their default, in a fixed order; undefined if none. */
function runOptions(options: AnnotateOptions): RunOptions | undefined {
  const out: RunOptions = {};
  if (options.types !== undefined) out.types = ENTITY_TYPES.filter((t) => options.types!.includes(t));
  if (options.minConfidence !== undefined && options.minConfidence > 0) out.min_confidence = options.minConfidence;
  if (options.date !== undefined) out.date = options.date;
  if (options.explain === true) out.explain = true;
  if (options.variants === false) out.variants = false;
  if (options.lang !== undefined) out.lang = options.lang;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** `source.language`: given, or detected when the text has Arabic script (absent: English). */
function languageField(text: string, options: AnnotateOptions): { language?: Language } {
  if (options.lang !== undefined) return { language: options.lang };
  const language = detectLanguage(text);
  return language === 'en' ? {} : { language };
}

/** Annotate one text with a compiled phrase index (see `compileLexicons`). */
export function annotateText(text: string, index: PhraseIndex, options: AnnotateOptions = {}): Annotation {
  const textPieces = piecesOfText(text);
  if (options.prefilter !== false && !mayMention(text, index, textPieces)) {
    return buildAnnotation(text, [], textPieces.sentence, index, options, options.explain === true ? [] : undefined);
  }
  const pieces = withSentences(textPieces, tokenize(text));
  const candidates = findCandidates(text, pieces, index);
  const full = candidates.filter((c) => !c.alias.short);
  const { taken, lost } = resolveOverlaps(text, full, index);
  const decisions: Decision[] = [];
  let mentions: Working[] = taken.map((r) => ({
    start: r.start,
    end: r.end,
    firstPiece: r.firstPiece,
    endPiece: r.endPiece,
    candidates: r.candidates,
    alias: r.alias,
    rule: ALIAS_RULE,
    confidence: aliasConfidence(r.candidates, index),
    decided: false,
  }));
  if (options.variants !== false) {
    const covered = new Uint8Array(pieces.count);
    for (const m of mentions) covered.fill(1, m.firstPiece, m.endPiece);
    for (const v of findVariants(pieces, index.variants, covered, Shape)) {
      if (isInflectedAlias(text.slice(v.start, v.end), v.entries, index)) continue;
      // "Nadia Qaderi" is a person, whatever place it sounds like.
      if (v.endPiece - v.firstPiece > 1 && startsWithForeignGivenName(pieces.key[v.firstPiece]!, v.entries, index)) continue;
      const ranked = [...v.entries].sort((a, b) => index.entries[b]!.priority - index.entries[a]!.priority || a - b);
      mentions.push({
        start: v.start,
        end: v.end,
        firstPiece: v.firstPiece,
        endPiece: v.endPiece,
        candidates: ranked,
        alias: index.entries[ranked[0]!]!.name,
        rule: VARIANT_RULE,
        // As sure as a variant can be, unless its candidates differ in type or province.
        confidence: aliasConfidence(ranked, index) === BASE_CONFIDENCE.ambiguous ? VARIANT_AMBIGUOUS_CONFIDENCE : VARIANT_CONFIDENCE,
        decided: false,
      });
    }
    mentions.sort((a, b) => a.start - b.start);
  }
  if (index.rules !== undefined) {
    const short = shortCandidates(candidates.filter((c) => c.alias.short));
    mentions = applyContext(text, pieces, index, index.rules, mentions, short, decisions);
  }
  if (options.explain === true) {
    for (const l of lost) {
      decisions.push({ start: l.start, end: l.end, rule: OVERLAP_POLICY, outcome: 'lost-overlap', before: l.candidates.map((c) => index.entries[c]!.id), after: [] });
    }
  }
  const types = options.types === undefined ? undefined : new Set(options.types);
  const minConfidence = options.minConfidence ?? 0;
  const kept = mentions.filter((m) => (types === undefined || types.has(typeOf(m, index))) && m.confidence >= minConfidence);
  return buildAnnotation(text, kept, pieces.sentence, index, options, options.explain === true ? decisions : undefined);
}

const lettersOnly = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');

/** "Helmandi", "Kandahari": a listed name with a suffix is an adjective, not a variant. */
function isInflectedAlias(span: string, entries: readonly number[], index: PhraseIndex): boolean {
  const folded = lettersOnly(span);
  return entries.some((e) =>
    index.entries[e]!.entry.aliases.some((a) => {
      const alias = lettersOnly(typeof a === 'string' ? a : a.form);
      return alias.length > 0 && folded.length > alias.length && folded.startsWith(alias);
    }),
  );
}

/** The first word is a given name that no alias of these (non-person) entries starts with. */
function startsWithForeignGivenName(firstKey: string, entries: readonly number[], index: PhraseIndex): boolean {
  if (index.rules?.givenNames.has(firstKey) !== true) return false;
  return entries.every((e) => {
    const c = index.entries[e]!;
    return c.type !== 'official' && !c.entry.aliases.some((a) => aliasPieces(typeof a === 'string' ? a : a.form)[0]?.key === firstKey);
  });
}

/**
 * An alias match is sure of itself unless its candidates differ in type or province (the
 * province Kunduz or the city); a city and its same-named district differ in neither.
 */
function aliasConfidence(candidates: readonly number[], index: PhraseIndex): number {
  if (candidates.length === 1) return BASE_CONFIDENCE.alias;
  const first = index.entries[candidates[0]!]!;
  const same = candidates.every((c) => {
    const e = index.entries[c]!;
    return e.type === first.type && e.province === first.province;
  });
  return same ? BASE_CONFIDENCE.sameTypeAndProvince : BASE_CONFIDENCE.ambiguous;
}

function typeOf(m: Working, index: PhraseIndex): EntityType {
  return m.local?.type ?? index.entries[m.candidates[0]!]!.type;
}

function shortCandidates(list: readonly { firstPiece: number; endPiece: number; entry: number }[]): ShortCandidate[] {
  const bySpan = new Map<string, ShortCandidate>();
  for (const c of list) {
    const k = `${c.firstPiece}:${c.endPiece}`;
    const sc = bySpan.get(k);
    if (sc === undefined) bySpan.set(k, { firstPiece: c.firstPiece, endPiece: c.endPiece, entries: [c.entry] });
    else if (!sc.entries.includes(c.entry)) sc.entries.push(c.entry);
  }
  return [...bySpan.values()];
}


/**
 * The point of an entity and how precise it is (ACLED's geo-precision): its own lat/lon
 * (1 for a town or city, 2 for a district, whose point is its seat, 3 for a province, whose
 * point is its capital); else its district's point (2); else its province's (3).
 */
export function pointOf(
  own: { lat?: number; lon?: number; kind?: string; type: EntityType } | undefined,
  district: string | undefined,
  province: string | undefined,
  index: PhraseIndex,
): { lat: number; lon: number; geo_precision: GeoPrecision } | undefined {
  if (own?.lat !== undefined && own.lon !== undefined) {
    const precision: GeoPrecision = own.type === 'province' ? 3 : own.kind === 'district' ? 2 : 1;
    return { lat: own.lat, lon: own.lon, geo_precision: precision };
  }
  if (own !== undefined && own.type !== 'province' && own.type !== 'place') return undefined;
  const d = district === undefined ? undefined : index.byId.get(district)?.entry;
  if (d?.lat !== undefined && d.lon !== undefined) return { lat: d.lat, lon: d.lon, geo_precision: 2 };
  const p = province === undefined ? undefined : index.byId.get(province)?.entry;
  if (p?.lat !== undefined && p.lon !== undefined) return { lat: p.lat, lon: p.lon, geo_precision: 3 };
  return undefined;
}

function entityRecord(e: CompiledEntry, index: PhraseIndex): EntityRecord {
  const x = e.entry;
  const province = e.province;
  const point = pointOf({ lat: x.lat, lon: x.lon, kind: x.kind, type: e.type }, x.district, province, index);
  // Keys in the contract's order, optional ones only when present (assigned one by one:
  // object spreads cost more, once per entity of every document).
  const r = { id: e.id, type: e.type, name: e.name, lexicon: e.lexicon } as EntityRecord;
  if (province !== undefined) r.province = province;
  if (x.district !== undefined) r.district = x.district;
  if (x.iso_3166_2 !== undefined) r.iso_3166_2 = x.iso_3166_2;
  if (x.kind !== undefined) r.kind = x.kind;
  if (x.category !== undefined) r.category = x.category;
  if (x.part_of !== undefined) r.part_of = x.part_of;
  if (x.active_from !== undefined) r.active_from = x.active_from;
  if (x.active_to !== undefined) r.active_to = x.active_to;
  if (x.geonames !== undefined) r.geonames = x.geonames;
  if (point !== undefined) {
    r.lat = point.lat;
    r.lon = point.lon;
    r.geo_precision = point.geo_precision;
  }
  if (x.wikidata !== undefined) r.wikidata = x.wikidata;
  if (x.xref !== undefined) r.xref = sortedXref(x.xref);
  if (x.roles !== undefined) r.roles = x.roles.map((role) => ({ ...role }));
  r.mentions = 0;
  return r;
}

/** Keys in code-unit order, so output does not depend on how a lexicon ordered them. */
function sortedXref(xref: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of Object.keys(xref).sort()) out[k] = Array.isArray(xref[k]) ? [...(xref[k] as string[])] : (xref[k] as string);
  return out;
}

function candidateRecord(e: CompiledEntry): CandidateRecord {
  const province = e.province;
  return { entity: e.id, type: e.type, name: e.name, ...(province === undefined ? {} : { province }) };
}

function buildAnnotation(
  text: string,
  mentions: readonly Working[],
  pieceSentence: Int32Array,
  index: PhraseIndex,
  options: AnnotateOptions,
  decisions: readonly Decision[] | undefined,
): Annotation {
  const offsets = new OffsetMap(text);
  const entities = new Map<string, EntityRecord>();
  const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  const date = options.date ?? options.recordDate ?? datelineDate(text);
  const dateFrom = options.date !== undefined ? 'option' : options.recordDate !== undefined ? 'record' : 'dateline';
  let ambiguous = 0;

  const records: MentionRecord[] = mentions.map((m) => {
    let entity: EntityRecord | undefined;
    let id: string;
    let type: EntityType;
    let name: string;
    let province: string | undefined;
    const compiled = m.local === undefined ? index.entries[m.candidates[0]!]! : undefined;
    if (compiled !== undefined) {
      id = compiled.id;
      type = compiled.type;
      name = compiled.name;
      province = compiled.province;
      entity = entities.get(id);
      if (entity === undefined) {
        entity = entityRecord(compiled, index);
        entities.set(id, entity);
      }
    } else {
      const local = m.local!;
      id = local.id;
      type = local.type;
      name = local.name;
      province = local.province;
      entity = entities.get(id);
      if (entity === undefined) {
        entity = {
          id,
          type,
          name,
          lexicon: '(document)',
          ...(province === undefined ? {} : { province }),
          ...(local.kind === undefined ? {} : { kind: local.kind }),
          ...(pointOf(undefined, undefined, province, index) ?? {}),
          mentions: 0,
        };
        entities.set(id, entity);
      }
    }
    entity.mentions++;
    byType[type]++;
    const isAmbiguous = m.candidates.length > 1;
    if (isAmbiguous) ambiguous++;
    const { line, column } = offsets.lineColumn(m.start);
    const roles = compiled?.entry.roles;
    const held = roles !== undefined && date !== undefined ? rolesOn(roles, date) : undefined;
    // Keys are added in the contract's order (optional ones only when present): the order
    // of the output. Built step by step rather than with object spreads, which cost more.
    const record = {
      start: offsets.codePoint(m.start),
      end: offsets.codePoint(m.end),
      line,
      column,
      sentence: pieceSentence[m.firstPiece]! + 1,
      text: text.slice(m.start, m.end),
      type,
      entity: id,
      name,
    } as MentionRecord;
    if (province !== undefined) record.province = province;
    record.alias = m.alias;
    record.rule = m.rule;
    record.confidence = m.confidence;
    record.ambiguous = isAmbiguous;
    if (isAmbiguous) record.candidates = m.candidates.map((c) => candidateRecord(index.entries[c]!));
    if (m.title !== undefined) record.title = m.title;
    if (m.affiliation !== undefined) record.affiliation = m.affiliation;
    if (held !== undefined) {
      if (held.length > 0) record.roles_on_date = held.map((r) => ({ ...r }));
      else record.out_of_office = true;
    }
    return record;
  });

  const explanation: ExplanationRecord[] | undefined = decisions
    ?.map((d) => ({
      start: offsets.codePoint(d.start),
      end: offsets.codePoint(d.end),
      text: text.slice(d.start, d.end),
      rule: d.rule,
      outcome: d.outcome,
      before: d.before,
      after: d.after,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);

  return {
    schema: { name: ANNOTATION_SCHEMA_NAME, version: ANNOTATION_SCHEMA_VERSION },
    source: {
      path: options.path ?? '-',
      sha256: options.sha256 ?? sha256Hex(text),
      length: offsets.length,
      encoding: options.encoding ?? 'utf-8',
      ...(date === undefined ? {} : { date, date_from: dateFrom }),
      ...languageField(text, options),
    },
    annotator: annotatorInfo(index, options),
    summary: { mentions: records.length, entities: entities.size, ambiguous, by_type: byType },
    entities: [...entities.values()],
    mentions: records,
    ...(explanation === undefined ? {} : { explanation }),
  };
}
