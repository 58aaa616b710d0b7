/**
 * context.v1 over a fixture lexicon: each rule of lexicons/rules/context.yaml, named after
 * the behaviour it gives. The rules file is the shipped one; the lexicon is a fixture.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { compileRules } from '../../src/core/context/rules.js';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { loadRules, readLexiconFile } from '../../src/node/lexicon/load.js';
import { cpSlice, expectValidAnnotation, fixtures } from '../helpers.js';

const index = compileLexicons([readLexiconFile(join(fixtures, 'lexicons', 'context.yaml'))], { rules: compileRules(loadRules()) });

function annotate(text: string, options: Parameters<typeof annotateText>[2] = {}) {
  const a = annotateText(text, index, options);
  expectValidAnnotation(a);
  for (const m of a.mentions) expect(cpSlice(text, m.start, m.end)).toBe(m.text);
  return a;
}
/** [text, entity, rule] of every mention. */
const tags = (text: string) => annotate(text).mentions.map((m) => [m.text, m.entity, m.rule]);

describe('context.v1: city or province', () => {
  it('x-province and x-city decide a shared name', () => {
    expect(tags('Fighting in Kunduz province and in Kunduz city.')).toEqual([
      ['Kunduz', 'AF-KDZ', 'x-province'],
      ['Kunduz', 'AF-KDZ.kunduz-city', 'x-city'],
    ]);
  });

  it('city-of-x and the capital: "the city of Kunduz", "the capital Kabul", "the provincial capital, Ghazni"', () => {
    expect(tags('They entered the city of Kunduz. She reported from the capital Kabul. It hit the provincial capital, Ghazni.').map((t) => t[1])).toEqual([
      'AF-KDZ.kunduz-city',
      'AF-KAB.kabul-city',
      'AF-GHA.ghazni-city',
    ]);
  });

  it('province-of-x applies to every province of a list', () => {
    expect(tags('the provinces of Kunduz and Ghazni').map((t) => [t[1], t[2]])).toEqual([
      ['AF-KDZ', 'province-of-x'],
      ['AF-GHA', 'province-of-x'],
    ]);
  });

  it('leaves a name the sentence does not decide as an ambiguous province, with both candidates', () => {
    const m = annotate('The attack on Kunduz continued.').mentions[0]!;
    expect([m.type, m.ambiguous, m.rule]).toEqual(['province', true, 'alias']);
    expect(m.candidates?.map((c) => c.entity)).toEqual(['AF-KDZ', 'AF-KDZ.kunduz-city']);
    expect(m.confidence).toBeLessThan(0.9);
  });

  it('"Kabul airport" tags the city (the guide drops the generic classifier)', () => {
    expect(tags('Rockets landed near Kabul airport.')).toEqual([['Kabul', 'AF-KAB.kabul-city', 'x-city']]);
  });
});

describe('context.v1: districts and chains', () => {
  it('"Farah city, Farah district, Farah province" gives city, district and province', () => {
    expect(tags('in Farah city, Farah district, Farah province.').map((t) => t[1])).toEqual([
      'AF-FRA.farah-city',
      'AF-FRA.farah-district',
      'AF-FRA',
    ]);
  });

  it('after-place: a province named right after a city or district is the province', () => {
    expect(tags('in Ghazni city, Ghazni.').map((t) => [t[1], t[2]])).toEqual([
      ['AF-GHA.ghazni-city', 'x-city'],
      ['AF-GHA', 'after-place'],
    ]);
    expect(tags('Kunduz city (Kunduz)').map((t) => t[1])).toEqual(['AF-KDZ.kunduz-city', 'AF-KDZ']);
  });

  it('a district name shared by two provinces takes the province named after it', () => {
    expect(tags('They attacked Nawa district in Helmand province.').map((t) => t[1])).toEqual(['AF-HEL.nawa-district', 'AF-HEL']);
    expect(tags('They attacked Nawa district, Ghazni.').map((t) => t[1])).toEqual(['AF-GHA.nawa-district', 'AF-GHA']);
  });

  it('province-nearby: otherwise the province the document names most', () => {
    const a = annotate('Helmand saw clashes. Helmand again. Later Nawa fell.');
    expect(a.mentions.at(-1)).toMatchObject({ text: 'Nawa', entity: 'AF-HEL.nawa-district', rule: 'province-nearby' });
  });

  it('plural nouns apply to every name of a list: "Khan Abad and Nawa districts"', () => {
    expect(tags('clashes in Khan Abad and Nawa districts, Helmand').map((t) => [t[1], t[2]])).toEqual([
      ['AF-KDZ.khan-abad-district', 'x-district'],
      ['AF-HEL.nawa-district', 'x-district'],
      ['AF-HEL', 'after-place'],
    ]);
  });
});

describe('context.v1: places no lexicon lists', () => {
  it('x-area: "the Zangabad area of Nawa district, Helmand" takes its province from the chain', () => {
    const a = annotate('a bomb in the Zangabad area of Nawa district, Helmand.');
    expect(a.mentions[0]).toMatchObject({ text: 'Zangabad', type: 'place', province: 'AF-HEL', rule: 'x-area', entity: 'local.place.AF-HEL.zangabad' });
    expect(a.entities[0]).toMatchObject({ id: 'local.place.AF-HEL.zangabad', lexicon: '(document)', kind: 'area' });
  });

  it('multi-word names and villages: "Popalzai Khash village of Nawa district of Helmand province"', () => {
    expect(annotate('in the Popalzai Khash village of Nawa district of Helmand province.').mentions[0]).toMatchObject({ text: 'Popalzai Khash', province: 'AF-HEL' });
  });

  it('an unlisted district: "Aachin district of Kunduz" (and Kunduz is the province)', () => {
    expect(tags('They retook Aachin district of Kunduz.')).toEqual([
      ['Aachin', 'local.place.AF-KDZ.aachin', 'x-district-unlisted'],
      ['Kunduz', 'AF-KDZ', 'after-place'],
    ]);
  });

  it('district-of-x applies to "the district of Nawa", not to "Aachin district of Kunduz"', () => {
    expect(tags('They took the district of Nawa near Helmand.')[0]).toEqual(['Nawa', 'AF-HEL.nawa-district', 'district-of-x']);
    expect(tags('They retook Khan Abad district of Kunduz.').map((t) => [t[1], t[2]])).toEqual([
      ['AF-KDZ.khan-abad-district', 'x-district'],
      ['AF-KDZ', 'after-place'],
    ]);
  });

  it('in-y-comma-province: "in Dahno, Logar"', () => {
    expect(tags('a patrol in Dahno, Logar, Afghanistan')).toEqual([
      ['Dahno', 'local.place.AF-LOG.dahno', 'in-y-comma-province'],
      ['Logar', 'AF-LOG', 'after-place'],
    ]);
  });

  it('takes the document\'s most named province, with lower confidence, when the sentence names none', () => {
    const a = annotate('Kunduz province was tense. The Nawabad area fell.');
    const nawabad = a.mentions.find((m) => m.text === 'Nawabad')!;
    expect(nawabad.province).toBe('AF-KDZ');
    expect(nawabad.confidence).toBeLessThan(0.8);
  });

  it('never makes a place of numbered police districts, generic words or capitalised non-names', () => {
    expect(tags('in Police District 5 of Kabul city. The Residential area was hit. Security area too.').map((t) => t[0])).toEqual(['Kabul']);
  });
});

describe('context.v1: names inside other names are not mentions', () => {
  it('drops a province inside an organisation\'s or event\'s name', () => {
    expect(tags('the Ghazni Protection Force and the Helmand Security Dialogue and Kabul University')).toEqual([]);
  });

  it('drops "New Kabul bank" and "Mahmud of Ghazni", keeps "the governor of Ghazni"', () => {
    expect(tags('at the New Kabul bank. A poem about Mahmud of Ghazni. He met the governor of Ghazni.').map((t) => t[0])).toEqual(['Ghazni']);
  });
});

describe('context.v1: officials', () => {
  it('title-before-name: an unknown official with title and affiliation', () => {
    const m = annotate('Taliban spokesman Qari Yousuf Ahmadi said so.').mentions[1]!;
    expect(m).toMatchObject({ text: 'Qari Yousuf Ahmadi', type: 'official', rule: 'title-before-name', title: 'spokesman', affiliation: 'group.taliban', entity: 'local.person.qari-yousuf-ahmadi' });
  });

  it('name-comma-title: "Mohammad Ibrahim, the local police chief"', () => {
    expect(annotate('Mohammad Ibrahim, the local police chief, was killed.').mentions[0]).toMatchObject({ text: 'Mohammad Ibrahim', rule: 'name-comma-title', title: 'police chief' });
  });

  it('gives a known official the title the text uses, without putting it in the span', () => {
    expect(annotate('A Taliban spokesman, Zabihullah Mujahid, said.').mentions[1]).toMatchObject({ text: 'Zabihullah Mujahid', title: 'spokesman', affiliation: 'group.taliban', rule: 'alias' });
  });

  it('never makes officials of journalists and analysts', () => {
    expect(tags('said Jennifer Glasse, a reporter. Al Jazeera analyst Hashmat Moslih said.')).toEqual([]);
  });

  it('short-form: a surname after a full mention links to that person; before it, nothing', () => {
    expect(tags('Mujahid spoke. Then Zabihullah Mujahid said so. Mujahid added more.')).toEqual([
      ['Zabihullah Mujahid', 'person.zabihullah-mujahid', 'alias'],
      ['Mujahid', 'person.zabihullah-mujahid', 'short-form'],
    ]);
  });

  it('short-form: the lexicon\'s short forms, and the most recent full mention when two people share a surname', () => {
    expect(tags('Zabihullah Mujahid spoke; Zabihullah left.').map((t) => t[2])).toEqual(['alias', 'short-form']);
    expect(tags('Ahmad Shah Massoud died in 2001. Ahmad Massoud leads now. Massoud said.').at(-1)).toEqual(['Massoud', 'person.ahmad-massoud', 'short-form']);
  });

  it('short forms of unlisted officials link to them too', () => {
    expect(tags('police spokesman Ahmad Zia Abdulzai said so. Abdulzai added.').map((t) => t[1])).toEqual(['local.person.ahmad-zia-abdulzai', 'local.person.ahmad-zia-abdulzai']);
  });

  it('acronym: an acronym defined in the text names the same entity afterwards', () => {
    expect(tags('the Taliban (TB) said. TB denied it.')).toEqual([
      ['Taliban', 'group.taliban', 'alias'],
      ['TB', 'group.taliban', 'acronym'],
      ['TB', 'group.taliban', 'acronym'],
    ]);
  });

  it('acronym (ruleset 2.1.0): an acronym starts with the first letter of its name; a news agency tag after a dateline is none', () => {
    expect(tags('KABUL (PAN): Police said PAN reporters were safe.')).toEqual([['KABUL', 'AF-KAB', 'alias']]);
    expect(tags('the Taliban (XB) said. XB denied it.').map((t) => t[2])).toEqual(['alias']);
  });

  it('roles on the article\'s date: from --date, or from the dateline', () => {
    const a = annotate('KABUL, Aug. 27, 2021 (Wire) - Zabihullah Mujahid said.');
    expect(a.source).toMatchObject({ date: '2021-08-27', date_from: 'dateline' });
    expect(a.mentions.find((m) => m.type === 'official')!.roles_on_date?.map((r) => r.title)).toEqual(['Spokesman']);
    const later = annotate('Zabihullah Mujahid said.', { date: '2023-01-01' });
    expect(later.mentions[0]!.roles_on_date?.map((r) => r.title)).toEqual(['Deputy Minister of Information and Culture']);
    expect(annotate('Zabihullah Mujahid said.', { date: '2001' }).mentions[0]!.out_of_office).toBe(true);
  });
});

describe('confidence, thresholds and explanations', () => {
  it('every mention has a confidence; --min-confidence drops the ones below it', () => {
    const text = 'Fighting in Kunduz. Kunduz province too.';
    expect(annotate(text).mentions.map((m) => m.confidence)).toEqual([0.6, 0.98]);
    expect(annotate(text, { minConfidence: 0.9 }).mentions.map((m) => m.rule)).toEqual(['x-province']);
  });

  it('--explain lists context decisions and spans that lost an overlap', () => {
    const a = annotate('Kunduz province. The Ghazni Protection Force.', { explain: true });
    expect(a.explanation?.map((e) => [e.text, e.rule, e.outcome])).toEqual([
      ['Kunduz', 'x-province', 'selected'],
      ['Ghazni', 'inside-name-before-noun', 'dropped'],
    ]);
    expect(a.explanation?.[0]).toMatchObject({ before: ['AF-KDZ', 'AF-KDZ.kunduz-city'], after: ['AF-KDZ'] });
  });
});
