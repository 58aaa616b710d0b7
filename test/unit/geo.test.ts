/**
 * Issue 15, the pure parts: a point and its geo_precision for each kind of place (own
 * point, district's, province's), the mention CSV's RFC 4180 quoting, the map's classes,
 * and the report's marked text (offsets in code points; a CR kept).
 */
import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import type { Annotation } from '../../src/core/output/contract.js';
import { toMentionCsv } from '../../src/core/output/geo.js';
import { mapClasses, markedText } from '../../src/core/workflows/report.js';
import { shippedIndex } from '../helpers.js';

describe('coordinates and geo_precision', () => {
  const doc = annotateText(
    'Fighting near Herat International Airport in Herat province, in Guzara district, and in Aq Kupruk in Balkh.',
    shippedIndex(),
  );
  const entity = (id: string) => doc.entities.find((e) => e.id === id)!;
  it("a landmark with no point of its own takes its district seat's point (2)", () => {
    const district = shippedIndex().byId.get('AF-HER.guzara-district')!.entry;
    expect(entity('AF-HER.herat-international-airport')).toMatchObject({ lat: district.lat, lon: district.lon, geo_precision: 2 });
  });
  it("a province is at its capital (3); a district at its seat (2); a town at its own point (1)", () => {
    expect(entity('AF-HER')).toMatchObject({ lat: 34.3482, lon: 62.1997, geo_precision: 3 });
    expect(entity('AF-HER.guzara-district')).toMatchObject({ lat: 34.2122, lon: 62.2124, geo_precision: 2 });
    // Aq Kupruk (GeoNames 1120501): 36.0835, 66.8403 in afghanistan-places.tsv, rounded.
    expect(entity('AF-BAL.aq-kupruk')).toMatchObject({ kind: 'town', geo_precision: 1 });
    expect([entity('AF-BAL.aq-kupruk').lat, entity('AF-BAL.aq-kupruk').lon]).toEqual([36.0835, 66.8403]);
  });
});

describe('toMentionCsv', () => {
  it('quotes fields with commas, quotes and line breaks; CRLF after every record', () => {
    const doc = {
      source: { path: 'a, "b".txt' },
      entities: [{ id: 'x', type: 'place', name: 'X', lexicon: 'l', lat: 34.5, lon: 69.25, geo_precision: 1, mentions: 1 }],
      mentions: [{ start: 0, end: 1, line: 1, column: 1, sentence: 1, text: 'X', type: 'place', entity: 'x', name: 'Qala\ni, "Naw"', alias: 'X', rule: 'alias', confidence: 0.95, ambiguous: false }],
    } as unknown as Annotation;
    expect(toMentionCsv([{ annotation: 'a.ann.yaml', document: doc }])).toBe(
      'file,start,end,line,sentence,type,entity,name,province,lat,lon,rule,confidence\r\n"a, ""b"".txt",0,1,1,1,place,x,"Qala\ni, ""Naw""",,34.5,69.25,alias,0.95\r\n',
    );
  });
});

describe('report pieces', () => {
  it('map classes: 0 alone, then ranges that meet, the last ending at the maximum', () => {
    const classes = mapClasses([0, 0, 1, 2, 3, 5, 8, 13, 40]);
    expect(classes[0]).toMatchObject({ min: 0, max: 0 });
    for (let i = 1; i < classes.length; i++) expect(classes[i]!.min).toBe(classes[i - 1]!.max + 1);
    expect(classes[classes.length - 1]!.max).toBe(40);
    expect(mapClasses([0, 0])).toHaveLength(1);
  });
  it('marked text: each mention a mark at its code-point offsets; CR written as a reference; markup escaped', () => {
    const text = '🙂 Kabul <b>\r\nHerat';
    const m = (start: number, end: number, t: string) => ({ start, end, text: t, type: 'place', entity: 'e', name: 'n', rule: 'alias', confidence: 1, ambiguous: false }) as never;
    const html = markedText(text, [m(2, 7, 'Kabul'), m(13, 18, "Herat")]);
    expect(html).toMatch(/^🙂 <mark [^>]*data-start="2" data-end="7"[^>]*>Kabul<\/mark> &lt;b&gt;&#13;\n<mark [^>]*data-start="13" data-end="18"[^>]*>Herat<\/mark>$/);
  });
});
