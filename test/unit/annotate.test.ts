import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { cpSlice, expectValidAnnotation, tinyIndex } from '../helpers.js';

const annotate = (text: string, types?: Parameters<typeof annotateText>[2]) => {
  const a = annotateText(text, tinyIndex(), types);
  expectValidAnnotation(a);
  return a;
};
const spans = (text: string) => annotate(text).mentions.map((m) => [m.text, m.entity]);

describe('annotateText: matching', () => {
  it('tags the name only, not a possessive or a prefix', () => {
    expect(spans('The Taliban’s raid and pro-Taliban groups')).toEqual([
      ['Taliban', 'group.taliban'],
      ['Taliban', 'group.taliban'],
    ]);
  });

  it('matches spelling variants listed in the lexicon, and hyphen/space variants of them', () => {
    expect(spans('Kondoz, Sari Pul and Sar-e-Pol')).toEqual([
      ['Kondoz', 'AF-KDZ'],
      ['Sari Pul', 'AF-SAR'],
      ['Sar-e-Pol', 'AF-SAR'],
    ]);
  });

  it('matches Arabic-script names', () => {
    expect(spans('بورډ: د هلمند ولایت')).toEqual([['هلمند', 'AF-HEL']]);
  });

  it('case-shape.v1: a capitalised alias needs a capital, an acronym needs capitals', () => {
    expect(spans('kunduz and helmand')).toEqual([]);
    expect(spans('HELMAND')).toEqual([['HELMAND', 'AF-HEL']]);
    expect(spans('Ttp and Nato')).toEqual([]);
  });

  it('case exact: "IS" matches only as written', () => {
    expect(spans('IS fighters. It is Is.')).toEqual([['IS', 'group.iskp']]);
  });

  it('never matches inside a word', () => {
    expect(spans('Helmandi Kunduzian ISKPx')).toEqual([]);
  });

  it('does not match across a sentence boundary', () => {
    expect(spans('They left Lashkar. Gah was quiet.')).toEqual([]);
  });

  it('matches a name broken across a line', () => {
    expect(spans('in Lashkar\nGah today')).toEqual([['Lashkar\nGah', 'AF-HEL.lashkar-gah']]);
  });
});

describe('annotateText: longest-first.v1 overlap policy', () => {
  it('prefers the longer match: the Pakistani Taliban are not the Taliban', () => {
    expect(spans('the Pakistani Taliban and the Taliban')).toEqual([
      ['Pakistani Taliban', 'group.ttp'],
      ['Taliban', 'group.taliban'],
    ]);
  });

  it('on a shared span picks the higher priority (province) and lists every candidate', () => {
    const m = annotate('Fighting in Kunduz.').mentions[0]!;
    expect(m.type).toBe('province');
    expect(m.ambiguous).toBe(true);
    expect(m.candidates?.map((c) => c.entity)).toEqual(['AF-KDZ', 'AF-KDZ.kunduz-city']);
  });

  it('marks an unambiguous mention ambiguous: false without candidates', () => {
    const m = annotate('in Lashkar Gah').mentions[0]!;
    expect(m.ambiguous).toBe(false);
    expect(m.candidates).toBeUndefined();
  });
});

describe('annotateText: output record', () => {
  const text = 'KABUL 🙂 –\r\nThe Taliban said Zabihullah Mujahid was in Helmand.';
  const a = annotate(text, { path: 'x.txt' });

  it('gives code-point offsets that slice back to the mention text', () => {
    for (const m of a.mentions) expect(cpSlice(text, m.start, m.end)).toBe(m.text);
    expect(a.source.length).toBe(Array.from(text).length);
  });

  it('gives 1-based line, column and sentence', () => {
    const taliban = a.mentions.find((m) => m.text === 'Taliban')!;
    expect([taliban.line, taliban.column]).toEqual([2, 5]);
    expect(a.mentions.every((m) => m.sentence >= 1)).toBe(true);
  });

  it('links each mention to an entity listed once, in first-mention order, with counts', () => {
    expect(a.entities.map((e) => [e.id, e.mentions])).toEqual([
      ['group.taliban', 1],
      ['person.zabihullah-mujahid', 1],
      ['AF-HEL', 1],
    ]);
    expect(a.entities[1]!.roles).toEqual([{ title: 'Spokesman', organization: 'Taliban', from: '2007' }]);
  });

  it('puts the province code on every province and place mention', () => {
    for (const m of a.mentions) if (m.type === 'province' || m.type === 'place') expect(m.province).toMatch(/^AF-[A-Z]{3}$/);
  });

  it('counts mentions by type in the summary', () => {
    expect(a.summary).toEqual({ mentions: 3, entities: 3, ambiguous: 0, by_type: { province: 1, place: 0, armed_group: 1, official: 1 } });
  });

  it('records source, annotator version, policies and each lexicon with its hash', () => {
    expect(a.source.path).toBe('x.txt');
    expect(a.annotator.policies).toEqual({ normalize: 'normalize.v3', case: 'case-shape.v1', overlap: 'longest-first.v1', variant: 'variant.v1', roles: 'roles-on-date.v2' });
    expect(a.annotator.lexicons[0]).toMatchObject({ name: 'tiny', version: '1.0.0' });
    expect(a.annotator.lexicons[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records no options for a plain run, and each option not at its default in annotator.options', () => {
    expect(a.annotator.options).toBeUndefined();
    expect(annotate(text, { minConfidence: 0 }).annotator.options).toBeUndefined();
    const withOptions = annotate(text, { types: ['official', 'province'], minConfidence: 0.5, date: '2021-08', explain: true, variants: false });
    expect(withOptions.annotator.options).toEqual({ types: ['province', 'official'], min_confidence: 0.5, date: '2021-08', explain: true, variants: false });
    expect(Object.keys(withOptions.annotator)).toEqual(['name', 'version', 'policies', 'options', 'lexicons']);
    expectValidAnnotation(withOptions);
  });

  it('names the variant policy only when variants are matched', () => {
    expect(annotate(text, { variants: false }).annotator.policies).toEqual({ normalize: 'normalize.v3', case: 'case-shape.v1', overlap: 'longest-first.v1', roles: 'roles-on-date.v2' });
  });

  it('keeps only the requested types', () => {
    const only = annotate(text, { types: ['province'] });
    expect(only.mentions.map((m) => m.type)).toEqual(['province']);
  });

  it('is deterministic: the same input gives an equal record', () => {
    expect(annotate(text, { path: 'x.txt' })).toEqual(a);
  });
});
