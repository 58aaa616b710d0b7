/**
 * `stats`: counts over a set of annotations, per entity, type, province and file, and
 * how often two entities occur in the same article or the same sentence. Pure; every
 * list has a fixed order so that the output is deterministic.
 */
import { ENTITY_TYPES, type EntityType } from '../lexicon/types.js';
import type { Annotation } from '../output/contract.js';
import { LANGUAGES, type Language } from '../pipeline/language.js';
import { formatCsv, formatTable } from './table.js';

export interface StatsInput {
  /** The annotation file the document was read from. */
  annotation: string;
  document: Annotation;
}

export interface Stats {
  files: number;
  mentions: number;
  entities: number;
  by_type: { type: EntityType; mentions: number; entities: number; files: number }[];
  by_entity: { entity: string; type: EntityType; name: string; province?: string; mentions: number; files: number }[];
  by_province: { province: string; name?: string; mentions: number; province_mentions: number; place_mentions: number; files: number }[];
  by_file: ({ file: string; annotation: string; mentions: number; entities: number } & Record<EntityType, number>)[];
  /** Per article language (`source.language`; absent means `en`), in the order en, fa, ps, mixed. */
  by_language: ({ language: Language; files: number; mentions: number } & Record<EntityType, number>)[];
  cooccurrence: { a: string; a_name: string; b: string; b_name: string; articles: number; sentences: number }[];
}

export const STATS_SECTIONS = ['type', 'entity', 'province', 'file', 'pairs', 'language'] as const;
export type StatsSection = (typeof STATS_SECTIONS)[number];

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function computeStats(inputs: readonly StatsInput[]): Stats {
  const entities = new Map<string, Stats['by_entity'][number] & { fileSet: Set<number> }>();
  const types = new Map(ENTITY_TYPES.map((t) => [t, { mentions: 0, entities: new Set<string>(), files: new Set<number>() }]));
  const provinces = new Map<string, Stats['by_province'][number] & { fileSet: Set<number> }>();
  const provinceNames = new Map<string, string>();
  const pairs = new Map<string, { articles: number; sentences: number }>();
  const byFile: Stats['by_file'] = [];
  let mentions = 0;
  const languages = new Map<Language, Stats['by_language'][number]>();

  const pairKeys = (ids: Iterable<string>): string[] => {
    const sorted = [...new Set(ids)].sort(byCode);
    const out: string[] = [];
    for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) out.push(`${sorted[i]}\u0000${sorted[j]}`);
    return out;
  };
  const pair = (k: string): { articles: number; sentences: number } => {
    let p = pairs.get(k);
    if (p === undefined) {
      p = { articles: 0, sentences: 0 };
      pairs.set(k, p);
    }
    return p;
  };

  inputs.forEach(({ annotation, document: doc }, fileIndex) => {
    const row = { file: doc.source.path, annotation, mentions: doc.mentions.length, entities: 0, province: 0, place: 0, armed_group: 0, official: 0 };
    const seen = new Set<string>();
    const sentences = new Map<number, string[]>();
    for (const e of doc.entities) if (e.type === 'province' && e.province !== undefined && !provinceNames.has(e.province)) provinceNames.set(e.province, e.name);
    for (const m of doc.mentions) {
      mentions++;
      row[m.type]++;
      seen.add(m.entity);
      let e = entities.get(m.entity);
      if (e === undefined) {
        e = { entity: m.entity, type: m.type, name: m.name, ...(m.province === undefined ? {} : { province: m.province }), mentions: 0, files: 0, fileSet: new Set() };
        entities.set(m.entity, e);
      }
      e.mentions++;
      e.fileSet.add(fileIndex);
      const t = types.get(m.type)!;
      t.mentions++;
      t.entities.add(m.entity);
      t.files.add(fileIndex);
      if (m.province !== undefined) {
        let p = provinces.get(m.province);
        if (p === undefined) {
          p = { province: m.province, mentions: 0, province_mentions: 0, place_mentions: 0, files: 0, fileSet: new Set() };
          provinces.set(m.province, p);
        }
        p.mentions++;
        if (m.type === 'province') p.province_mentions++;
        else if (m.type === 'place') p.place_mentions++;
        p.fileSet.add(fileIndex);
      }
      const s = sentences.get(m.sentence);
      if (s === undefined) sentences.set(m.sentence, [m.entity]);
      else s.push(m.entity);
    }
    row.entities = seen.size;
    byFile.push(row);
    const language = doc.source.language ?? 'en';
    let l = languages.get(language);
    if (l === undefined) {
      l = { language, files: 0, mentions: 0, province: 0, place: 0, armed_group: 0, official: 0 };
      languages.set(language, l);
    }
    l.files++;
    l.mentions += doc.mentions.length;
    for (const t of ENTITY_TYPES) l[t] += row[t];
    for (const k of pairKeys(seen)) pair(k).articles++;
    for (const ids of sentences.values()) for (const k of pairKeys(ids)) pair(k).sentences++;
  });

  const name = (id: string): string => entities.get(id)?.name ?? id;
  return {
    files: inputs.length,
    mentions,
    entities: entities.size,
    by_type: ENTITY_TYPES.map((type) => {
      const t = types.get(type)!;
      return { type, mentions: t.mentions, entities: t.entities.size, files: t.files.size };
    }),
    by_entity: [...entities.values()]
      .map(({ fileSet, ...e }) => ({ ...e, files: fileSet.size }))
      .sort((a, b) => b.mentions - a.mentions || byCode(a.entity, b.entity)),
    by_province: [...provinces.values()]
      .map(({ fileSet, ...p }) => {
        const n = provinceNames.get(p.province);
        return { province: p.province, ...(n === undefined ? {} : { name: n }), mentions: p.mentions, province_mentions: p.province_mentions, place_mentions: p.place_mentions, files: fileSet.size };
      })
      .sort((a, b) => b.mentions - a.mentions || byCode(a.province, b.province)),
    by_file: byFile,
    by_language: LANGUAGES.filter((l) => languages.has(l)).map((l) => languages.get(l)!),
    cooccurrence: [...pairs.entries()]
      .map(([k, v]) => {
        const [a, b] = k.split('\u0000') as [string, string];
        return { a, a_name: name(a), b, b_name: name(b), articles: v.articles, sentences: v.sentences };
      })
      .sort((x, y) => y.articles - x.articles || y.sentences - x.sentences || byCode(x.a, y.a) || byCode(x.b, y.b)),
  };
}

/** The rows of one section, with its header. */
export function statsSection(s: Stats, section: StatsSection): { headers: string[]; rows: (string | number)[][] } {
  switch (section) {
    case 'type':
      return { headers: ['type', 'mentions', 'entities', 'files'], rows: s.by_type.map((x) => [x.type, x.mentions, x.entities, x.files]) };
    case 'entity':
      return {
        headers: ['entity', 'name', 'type', 'province', 'mentions', 'files'],
        rows: s.by_entity.map((x) => [x.entity, x.name, x.type, x.province ?? '', x.mentions, x.files]),
      };
    case 'province':
      return {
        headers: ['province', 'name', 'mentions', 'as_province', 'as_place', 'files'],
        rows: s.by_province.map((x) => [x.province, x.name ?? '', x.mentions, x.province_mentions, x.place_mentions, x.files]),
      };
    case 'file':
      return {
        headers: ['file', 'mentions', 'entities', ...ENTITY_TYPES],
        rows: s.by_file.map((x) => [x.file, x.mentions, x.entities, ...ENTITY_TYPES.map((t) => x[t])]),
      };
    case 'language':
      return {
        headers: ['language', 'files', 'mentions', ...ENTITY_TYPES],
        rows: s.by_language.map((x) => [x.language, x.files, x.mentions, ...ENTITY_TYPES.map((t) => x[t])]),
      };
    case 'pairs':
      return {
        headers: ['a', 'a_name', 'b', 'b_name', 'articles', 'sentences'],
        rows: s.cooccurrence.map((x) => [x.a, x.a_name, x.b, x.b_name, x.articles, x.sentences]),
      };
  }
}

const TITLES: Record<StatsSection, string> = {
  type: 'per type',
  entity: 'per entity (most mentioned first)',
  province: 'per province (province and place mentions)',
  file: 'per file',
  pairs: 'entities in the same article / sentence (pairs)',
  language: 'per language (source.language)',
};

/** Tables for a terminal; `top` rows per section (0: all). */
export function formatStatsTables(s: Stats, sections: readonly StatsSection[], top: number): string {
  const out = [`${s.files} file(s), ${s.mentions} mention(s), ${s.entities} entit${s.entities === 1 ? 'y' : 'ies'}`];
  for (const section of sections) {
    const { headers, rows } = statsSection(s, section);
    const shown = top > 0 ? rows.slice(0, top) : rows;
    const align = headers.map((_, i) => (rows.length > 0 && typeof rows[0]![i] === 'number' ? 'right' : 'left') as 'left' | 'right');
    out.push('', `${TITLES[section]}${shown.length < rows.length ? ` (top ${shown.length} of ${rows.length}; --top 0 for all)` : ''}:`);
    out.push(formatTable(headers, shown, align).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

export function formatStatsCsv(s: Stats, section: StatsSection): string {
  const { headers, rows } = statsSection(s, section);
  return formatCsv(headers, rows);
}
