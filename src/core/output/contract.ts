/**
 * The output contract: schema `afghan-annotator/annotation`, version 1.
 * `schema/annotation.schema.json` is the published form; every output the tests write is
 * validated against it. Field names are fixed; new optional fields may be added in a
 * minor release; removing or renaming one means version 2.
 */
import type { Language } from '../pipeline/language.js';
import type { EntityType, Role } from '../lexicon/types.js';

export const ANNOTATION_SCHEMA_NAME = 'afghan-annotator/annotation';
export const ANNOTATION_SCHEMA_VERSION = 1;

export interface SourceInfo {
  /** The path as given on the command line (`-` for stdin). */
  path: string;
  /** sha256 of the input's bytes (BOM included). */
  sha256: string;
  /** Length of the text in Unicode code points (BOM excluded). */
  length: number;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** The article's date, when known: given with --date, a record's own date (record mode), or read from the dateline. */
  date?: string;
  date_from?: 'option' | 'record' | 'dateline';
  /**
   * The article's language (`en`, `fa`, `ps`, `mixed`): given with --lang, or detected
   * (policy language.v1). Written when given or when the text has Arabic script; absent
   * means English.
   */
  language?: Language;
}

export interface LexiconStamp {
  name: string;
  version: string;
  sha256: string;
  entries: number;
  attribution?: string;
}

export interface AnnotatorInfo {
  name: 'afghan-annotator';
  version: string;
  /** Names and versions of the policies that shaped this output. */
  policies: { normalize: string; case: string; overlap: string; variant?: string; context?: string; roles?: string };
  /** The options of the run that change what is found, when not at their default. */
  options?: RunOptions;
  lexicons: LexiconStamp[];
}

/** Options recorded in `annotator.options` (absent ones were at their default). */
export interface RunOptions {
  /** `--types`: only these entity types were kept. */
  types?: EntityType[];
  /** `--min-confidence`: mentions below this were dropped. */
  min_confidence?: number;
  /** `--date`: the date given for every article (else each article's dateline). */
  date?: string;
  /** `--explain`: the output has an `explanation`. */
  explain?: boolean;
  /** `--no-variants`: unlisted spelling variants were not matched. */
  variants?: boolean;
  /** `--lang`: the language given for every article (else detected, language.v1). */
  lang?: Language;
}

export interface Summary {
  mentions: number;
  entities: number;
  ambiguous: number;
  by_type: Record<EntityType, number>;
}

/** ACLED's geo-precision: 1 own point (town), 2 district's point, 3 province's point. */
export type GeoPrecision = 1 | 2 | 3;

export interface EntityRecord {
  id: string;
  type: EntityType;
  name: string;
  lexicon: string;
  province?: string;
  district?: string;
  iso_3166_2?: string;
  kind?: string;
  category?: string;
  part_of?: string;
  active_from?: string;
  active_to?: string;
  geonames?: number;
  /**
   * The entity's point, WGS 84, 4 decimals: a province's capital, a district's seat, a
   * town's own; else its district's or province's point (issue 15).
   */
  lat?: number;
  lon?: number;
  /** ACLED-style: 1 the place's own point, 2 its district's, 3 its province's. With lat/lon. */
  geo_precision?: GeoPrecision;
  wikidata?: string;
  xref?: Record<string, string | string[]>;
  roles?: Role[];
  /** Number of mentions of this entity in the document. */
  mentions: number;
}

export interface CandidateRecord {
  entity: string;
  type: EntityType;
  name: string;
  province?: string;
}

export interface MentionRecord {
  /** 0-based code-point offset, inclusive. */
  start: number;
  /** 0-based code-point offset, exclusive. */
  end: number;
  /** 1-based line of `start` (lines end at LF, CRLF or CR). */
  line: number;
  /** 1-based column of `start`, in code points. */
  column: number;
  /** 1-based sentence number. */
  sentence: number;
  /** Exactly the source text from start to end. */
  text: string;
  type: EntityType;
  entity: string;
  name: string;
  province?: string;
  /** The lexicon form that matched. */
  alias: string;
  /** Why it was tagged (see the README's rule table). */
  rule: string;
  /** How sure the rule is, 0 to 1. */
  confidence: number;
  ambiguous: boolean;
  /** When ambiguous: every entry that matched this span, the chosen one first. */
  candidates?: CandidateRecord[];
  /** Officials: the title or role the text gives ("police spokesman"). */
  title?: string;
  /** Officials: id of the group the text ties the title to ("a Taliban spokesman"). */
  affiliation?: string;
  /** Officials, when the article's date is known: the roles held on that date. */
  roles_on_date?: Role[];
  /** Officials, when the article's date is known and falls outside every role. */
  out_of_office?: boolean;
}

export interface ExplanationRecord {
  start: number;
  end: number;
  text: string;
  rule: string;
  outcome: 'dropped' | 'selected' | 'added' | 'linked' | 'lost-overlap';
  before: string[];
  after: string[];
}

export interface Annotation {
  schema: { name: typeof ANNOTATION_SCHEMA_NAME; version: typeof ANNOTATION_SCHEMA_VERSION };
  source: SourceInfo;
  annotator: AnnotatorInfo;
  summary: Summary;
  entities: EntityRecord[];
  mentions: MentionRecord[];
  /** With --explain: every context decision and every span that lost an overlap. */
  explanation?: ExplanationRecord[];
}
