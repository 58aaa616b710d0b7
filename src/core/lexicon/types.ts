/**
 * The lexicon format, version 1, as TypeScript types. `schema/lexicon.schema.json` is the
 * published contract; these types mirror it (a test checks that they agree on every
 * shipped lexicon).
 */

export const ENTITY_TYPES = ['province', 'place', 'armed_group', 'official'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const LEXICON_FORMAT = 'afghan-annotator/lexicon@1';

/** Case policy of one alias. See `CASE_POLICY` in compile.ts. */
export type AliasCase = 'shape' | 'exact' | 'any';

export type AliasSpec = string | { form: string; case?: AliasCase; note?: string };

/** How far a role's `from`/`to` can be trusted (roles-on-date.v2, src/context/dates.ts). */
export type RoleDates = 'exact' | 'approximate' | 'unknown';

export interface Role {
  /** The post as the sources write it ("Governor of Kandahar Province"). */
  title: string;
  organization?: string;
  /** The normalised role word: governor, police chief, minister, spokesman, commander... */
  office?: string;
  /** republic, taliban, haqqani, ttp, iskp, al-qaeda, nrf, hizb-i-islami, us, nato, un, eu, uk, pakistan, iran, india, china, russia, qatar, uzbekistan, other. */
  affiliation?: string;
  /** ISO 3166-2 code of the province of a provincial post (AF-KDH). */
  province?: string;
  from?: string;
  to?: string;
  /** exact (or absent): the span as sourced; approximate: widened; unknown: no span at all. */
  dates?: RoleDates;
  note?: string;
}

export interface LexiconEntry {
  id: string;
  type: EntityType;
  name: string;
  aliases: AliasSpec[];
  /** Matched only after a full alias of the same entry earlier in the document. */
  short_forms?: string[];
  priority?: number;
  province?: string;
  district?: string;
  iso_3166_2?: string;
  kind?: string;
  category?: 'state' | 'non-state' | 'international';
  part_of?: string;
  active_from?: string;
  active_to?: string;
  geonames?: number;
  /** WGS 84 latitude, 4 decimals (with lon): a province's is its capital's, a district's its seat's. */
  lat?: number;
  lon?: number;
  wikidata?: string;
  xref?: Record<string, string | string[]>;
  roles?: Role[];
  sources: string[];
  note?: string;
}

export interface LexiconSource {
  id: string;
  title: string;
  url?: string;
  licence: string;
  attribution?: string;
  note?: string;
}

export interface LexiconDocument {
  format: typeof LEXICON_FORMAT;
  lexicon: string;
  version: string;
  description?: string;
  attribution?: string;
  shared_aliases?: 'refuse' | 'candidates';
  sources: LexiconSource[];
  entries: LexiconEntry[];
}

/** A lexicon document with where it came from and the hash of its bytes. */
export interface Lexicon {
  document: LexiconDocument;
  /** sha256 of the file's bytes (or of the canonical JSON of an in-memory document). */
  sha256: string;
  /** Where it came from, for messages: a path, or `builtin:<file>`. */
  origin: string;
}

/** Default tie-break priority by type (higher wins on the same span). */
export const DEFAULT_PRIORITY: Record<EntityType, number> = {
  province: 40,
  place: 30,
  armed_group: 20,
  official: 10,
};
