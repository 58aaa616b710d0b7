/**
 * `lexicon stats`: counts per lexicon and per type. Pure.
 */
import { aliasPieces } from '../pipeline/normalize.js';
import { ENTITY_TYPES, type EntityType, type Lexicon } from './types.js';

export interface LongestAlias {
  form: string;
  /** Number of normalize.v2 pieces. */
  pieces: number;
  entity: string;
}

export interface StatsRow {
  entries: number;
  /** Aliases as listed in the lexicons (before folding). */
  aliases: number;
  /** Aliases with at least one Arabic-script letter (Dari, Pashto). */
  arabic_script_aliases: number;
  short_forms: number;
  /** Distinct source ids cited by these entries. */
  sources: number;
  /** The alias with the most pieces (the first in load order on a tie). */
  longest_alias: LongestAlias | null;
}

export interface LexiconStats {
  lexicons: ({ name: string; origin: string; declared_sources: number } & StatsRow & { by_type: Partial<Record<EntityType, StatsRow>> })[];
  types: Partial<Record<EntityType, StatsRow>>;
  total: StatsRow;
}

const ARABIC = /\p{Script=Arabic}/u;

class Tally {
  entries = 0;
  aliases = 0;
  arabic = 0;
  shortForms = 0;
  sources = new Set<string>();
  longest: LongestAlias | null = null;

  add(lexicon: string, entry: Lexicon['document']['entries'][number]): void {
    this.entries++;
    this.shortForms += entry.short_forms?.length ?? 0;
    for (const s of entry.sources) this.sources.add(`${lexicon}\u0000${s}`);
    for (const spec of entry.aliases) {
      const form = typeof spec === 'string' ? spec : spec.form;
      this.aliases++;
      if (ARABIC.test(form)) this.arabic++;
      const n = aliasPieces(form).length;
      if (this.longest === null || n > this.longest.pieces) this.longest = { form, pieces: n, entity: entry.id };
    }
  }

  row(): StatsRow {
    return {
      entries: this.entries,
      aliases: this.aliases,
      arabic_script_aliases: this.arabic,
      short_forms: this.shortForms,
      sources: this.sources.size,
      longest_alias: this.longest,
    };
  }
}

function rows(tallies: Map<EntityType, Tally>): Partial<Record<EntityType, StatsRow>> {
  const out: Partial<Record<EntityType, StatsRow>> = {};
  for (const t of ENTITY_TYPES) {
    const tally = tallies.get(t);
    if (tally !== undefined) out[t] = tally.row();
  }
  return out;
}

/** Statistics of lexicons in load order; types in the order of ENTITY_TYPES (only those present). */
export function lexiconStats(lexicons: readonly Lexicon[]): LexiconStats {
  const total = new Tally();
  const typeTallies = new Map<EntityType, Tally>();
  const perLexicon: LexiconStats['lexicons'] = [];
  for (const lexicon of lexicons) {
    const doc = lexicon.document;
    const all = new Tally();
    const byType = new Map<EntityType, Tally>();
    for (const entry of doc.entries) {
      for (const tally of [all, total]) tally.add(doc.lexicon, entry);
      for (const map of [byType, typeTallies]) {
        let t = map.get(entry.type);
        if (t === undefined) map.set(entry.type, (t = new Tally()));
        t.add(doc.lexicon, entry);
      }
    }
    perLexicon.push({ name: doc.lexicon, origin: lexicon.origin, declared_sources: doc.sources.length, ...all.row(), by_type: rows(byType) });
  }
  return { lexicons: perLexicon, types: rows(typeTallies), total: total.row() };
}
