/**
 * Issue 15, end to end on the samples with the shipped lexicons: coordinates on entity
 * records, export --format geojson (points; --by province polygons) validated against
 * RFC 7946's structure and against `stats`, export --format csv parsed back and compared
 * with `stats`, and brat's annotation.conf.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Annotation } from '../../src/core/output/contract.js';
import type { Stats } from '../../src/core/workflows/stats.js';
import { expectValidAnnotation, runMain } from '../helpers.js';
import { rfc7946Problems } from '../rfc7946.js';

let work: string;
let ann: string;
let env: Record<string, string>;
let stats: Stats;
let docs: Annotation[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'aa-geo-'));
  env = { XDG_CACHE_HOME: join(work, 'cache') };
  ann = join(work, 'ann');
  const r = await runMain(['annotate', 'samples/', '-o', ann], { env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const s = await runMain(['stats', '--json', ann], { env });
  expect(s.status).toBe(0);
  stats = JSON.parse(s.stdout) as Stats;
  docs = readdirSync(ann)
    .sort()
    .map((f) => YAML.parse(readFileSync(join(ann, f), 'utf8')) as Annotation);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      expect(c, 'a record ends with CRLF').not.toBe('\n');
      field += c;
      i++;
    }
  }
  expect(field, 'the last record ends with CRLF').toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('coordinates on entity records', () => {
  it('valid against the schema; lat/lon/geo_precision together; provinces at their capital (3), towns own (1), districts their seat (2)', () => {
    const byId = new Map(docs.flatMap((d) => d.entities).map((e) => [e.id, e]));
    for (const d of docs) {
      expectValidAnnotation(d);
      for (const e of d.entities) {
        expect(e.lat === undefined, e.id).toBe(e.lon === undefined);
        expect(e.lat === undefined, e.id).toBe(e.geo_precision === undefined);
        if (e.lat !== undefined) {
          expect(String(e.lat)).toMatch(/^\d+(\.\d{1,4})?$/);
          expect(String(e.lon)).toMatch(/^\d+(\.\d{1,4})?$/);
        }
        if (e.type === 'province' && e.lexicon === 'provinces') expect(e.geo_precision).toBe(3);
        if (e.type === 'armed_group' || e.type === 'official') expect(e.lat).toBeUndefined();
      }
    }
    // Kabul province's point is its capital, Kabul (GeoNames 1138958: 34.52813, 69.17233).
    expect(byId.get('AF-KAB')).toMatchObject({ lat: 34.5281, lon: 69.1723, geo_precision: 3 });
    // A provincial capital: its own point.
    expect(byId.get('AF-HEL.lashkar-gah')).toMatchObject({ geo_precision: 1 });
    // A landmark with no point of its own: its province's (Kabul airport) point, precision 3.
    expect(byId.get('AF-KAB.hamid-karzai-international-airport')).toMatchObject({ lat: 34.5281, lon: 69.1723, geo_precision: 3 });
    // A place found by a context rule (document-local): its province's point.
    const local = docs.flatMap((d) => d.entities).find((e) => e.lexicon === '(document)' && e.province !== undefined)!;
    const province = byId.get(local.province!)!;
    expect(local).toMatchObject({ lat: province.lat, lon: province.lon, geo_precision: 3 });
  });
});

describe('export --format geojson', () => {
  it('points: valid RFC 7946; one per located entity; mentions and articles equal stats', async () => {
    const r = await runMain(['export', '--format', 'geojson', ann], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(rfc7946Problems(r.stdout)).toEqual([]);
    const fc = JSON.parse(r.stdout) as {
      attribution: string;
      features: { id: string; geometry: { coordinates: number[] }; properties: { entity: string; mentions: number; articles: number; files: string[] } }[];
    };
    expect(fc.attribution).toContain('GeoNames');
    const located = new Set(docs.flatMap((d) => d.entities.filter((e) => e.lat !== undefined && e.lexicon !== '(document)').map((e) => e.id)));
    const lexiconPoints = fc.features.filter((f) => !f.id.includes('@'));
    expect(new Set(lexiconPoints.map((f) => f.id))).toEqual(located);
    const byEntity = new Map(stats.by_entity.map((e) => [e.entity, e]));
    for (const f of lexiconPoints) {
      expect(f.properties.mentions, f.id).toBe(byEntity.get(f.id)!.mentions);
      expect(f.properties.articles, f.id).toBe(byEntity.get(f.id)!.files);
      expect(f.properties.files).toHaveLength(f.properties.articles);
    }
    const kabul = fc.features.find((f) => f.id === 'AF-KAB')!;
    expect(kabul.geometry.coordinates).toEqual([69.1723, 34.5281]);
  });

  it('--by province: the 34 province polygons, valid RFC 7946, with the counts of stats by_province, and the attribution', async () => {
    const out = join(work, 'maps');
    const r = await runMain(['export', '--format', 'geojson', '--by', 'province', ann, '-o', out], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out)).toEqual(['provinces.geojson']);
    const text = readFileSync(join(out, 'provinces.geojson'), 'utf8');
    expect(rfc7946Problems(text)).toEqual([]);
    const fc = JSON.parse(text) as { attribution: string; features: { id: string; geometry: { type: string }; properties: { iso_3166_2: string; mentions: number; articles: number } }[] };
    expect(fc.attribution).toContain('Natural Earth');
    expect(fc.features).toHaveLength(34);
    expect(new Set(fc.features.map((f) => f.properties.iso_3166_2)).size).toBe(34);
    const counts = new Map(stats.by_province.map((p) => [p.province, p]));
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Polygon');
      expect(f.properties.mentions, f.id).toBe(counts.get(f.id)?.mentions ?? 0);
      expect(f.properties.articles, f.id).toBe(counts.get(f.id)?.files ?? 0);
    }
  });

  it('the structural check catches what it should (it can fail)', () => {
    expect(rfc7946Problems('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[34.5,169.2]},"properties":{}}]}')).toHaveLength(1);
    const clockwise = [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]];
    expect(rfc7946Problems(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: clockwise }, properties: null }] }))).toEqual([
      'features[0].geometry.coordinates[0]: the exterior ring is counter-clockwise',
    ]);
  });
});

describe('export --format csv', () => {
  it('one RFC 4180 row per mention; parsed back, the counts equal stats', async () => {
    const r = await runMain(['export', '--format', 'csv', ann], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(['file', 'start', 'end', 'line', 'sentence', 'type', 'entity', 'name', 'province', 'lat', 'lon', 'rule', 'confidence']);
    expect(rows).toHaveLength(stats.mentions);
    const count = (key: (row: string[]) => string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const row of rows) m.set(key(row), (m.get(key(row)) ?? 0) + 1);
      return m;
    };
    expect(count((row) => row[5]!)).toEqual(new Map(stats.by_type.filter((t) => t.mentions > 0).map((t) => [t.type, t.mentions])));
    expect(count((row) => row[6]!)).toEqual(new Map(stats.by_entity.map((e) => [e.entity, e.mentions])));
    expect(count((row) => row[0]!)).toEqual(new Map(stats.by_file.map((f) => [f.file, f.mentions])));
    const provinceRows = count((row) => row[8]!);
    for (const p of stats.by_province) expect(provinceRows.get(p.province), p.province).toBe(p.mentions);
    // Offsets, names and coordinates are the annotation's.
    const first = docs[0]!.mentions[0]!;
    const e = docs[0]!.entities.find((x) => x.id === first.entity)!;
    expect(rows[0]!.slice(1, 11)).toEqual([first.start, first.end, first.line, first.sentence, first.type, first.entity, first.name, first.province ?? '', e.lat ?? '', e.lon ?? ''].map(String));
  });
});

describe('export --format brat', () => {
  it('writes annotation.conf declaring every type and attribute value the .ann files use', async () => {
    const out = join(work, 'brat');
    const r = await runMain(['export', '--format', 'brat', ann, '-o', out], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const conf = readFileSync(join(out, 'annotation.conf'), 'utf8');
    const section = (name: string): string[] => {
      const body = conf.split(`[${name}]\n`)[1]!.split('\n[')[0]!;
      return body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    };
    expect(section('entities')).toEqual(['province', 'place', 'armed_group', 'official']);
    expect(section('relations')).toEqual([]);
    const attributes = new Map(section('attributes').map((l) => [l.split('\t')[0]!, l.split('\t')[1]!]));
    const values = (name: string): Set<string> => new Set(attributes.get(name)!.split('Value:')[1]!.split('|'));
    expect(attributes.get('Ambiguous')).toBe('Arg:<ENTITY>');
    for (const f of readdirSync(out).filter((n) => n.endsWith('.ann'))) {
      for (const line of readFileSync(join(out, f), 'utf8').split('\n')) {
        const m = /^A\d+\t(Entity|Province) T\d+ (\S+)$/.exec(line);
        if (m !== null) expect(values(m[1]!).has(m[2]!), line).toBe(true);
        const t = /^T\d+\t(\S+) /.exec(line);
        if (t !== null) expect(section('entities')).toContain(t[1]);
      }
    }
  });
});
