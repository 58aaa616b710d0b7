/**
 * The Dari and Pashto context rules (lexicons/rules/context-fa-ps.yaml, src/context/fa-ps.ts):
 * each rule where it fires and where it must not; and the loader that reads every rules file.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { loadRules, BUILTIN_LEXICON_DIR } from '../../src/node/lexicon/load.js';
import { shippedIndex } from '../helpers.js';

interface Seen {
  text: string;
  type: string;
  rule: string;
  province?: string;
  title?: string;
}
const annotate = (text: string): Seen[] =>
  annotateText(text, shippedIndex()).mentions.map((m) => ({
    text: m.text,
    type: m.type,
    rule: m.rule,
    ...(m.province === undefined ? {} : { province: m.province }),
    ...(m.title === undefined ? {} : { title: m.title }),
  }));
const find = (text: string, span: string): Seen | undefined => annotate(text).find((m) => m.text === span);

describe('classifier rules', () => {
  it('fa-ps-province-of-x: "ولایت هرات" is the province; "در هرات" alone stays ambiguous', () => {
    expect(find('مقامها در ولایت هرات میگویند.', 'هرات')).toMatchObject({ type: 'province', rule: 'fa-ps-province-of-x' });
    const bare = annotateText('طالبان در هرات حمله کردند.', shippedIndex()).mentions.find((m) => m.text === 'هرات');
    expect(bare?.rule).not.toBe('fa-ps-province-of-x');
    expect(bare?.ambiguous).toBe(true);
  });

  it('fa-ps-x-province: Pashto "د هرات ولايت"; not before another noun', () => {
    expect(find('د هرات ولايت والي وويل.', 'هرات')).toMatchObject({ type: 'province', rule: 'fa-ps-x-province' });
    expect(find('د هرات ښار کې.', 'هرات')?.rule).not.toBe('fa-ps-x-province');
  });

  it('fa-ps-city-of-x: "شهر کابل" and "ناحیه ششم کابل" are the city; "ولایت کابل" is not', () => {
    expect(find('در ناحیه پنجم شهر کابل بازداشت شد.', 'کابل')).toMatchObject({ type: 'place', rule: 'fa-ps-city-of-x' });
    expect(find('طالبان در ناحیه ششم کابل بازرسی کردند.', 'کابل')).toMatchObject({ type: 'place', rule: 'fa-ps-city-of-x' });
    expect(find('در ولایت کابل.', 'کابل')).toMatchObject({ type: 'province' });
  });

  it('fa-ps-x-city: Pashto "د فيض آباد ښار"; not without ښار', () => {
    expect(find('د هرات ښار کې نښته وشوه.', 'هرات')).toMatchObject({ type: 'place', rule: 'fa-ps-x-city' });
    expect(find('په هرات کې نښته وشوه.', 'هرات')?.rule).not.toBe('fa-ps-x-city');
  });

  it('fa-ps-x-district and fa-ps-district-of-x: district names before and after ولسوالی', () => {
    expect(find('په ډېله ولسوالۍ کې برید وشو.', 'ډېله')).toMatchObject({ type: 'place', province: 'AF-PKA', rule: 'fa-ps-x-district' });
    expect(find('در ولسوالی شتل این ولایت.', 'شتل')).toMatchObject({ type: 'place', rule: 'fa-ps-district-of-x' });
    expect(find('شتل آرام است.', 'شتل')?.rule).toBe('alias');
  });
});

describe('dates and chains', () => {
  it('fa-ps-month: a month that is also a place is no mention next to a number', () => {
    expect(find('کندز (وایر)، ۹ میزان ۱۳۹۴ – طالبان حمله کردند.', 'میزان')).toBeUndefined();
    expect(find('در ولسوالی میزان ولایت زابل درگیری شد.', 'میزان')).toMatchObject({ type: 'place', province: 'AF-ZAB' });
  });

  it('fa-ps-time-of-day: "له غرمې مخکې" (before noon) is no place; غرمې elsewhere still is', () => {
    expect(find('وزير نن له غرمې مخکې سرپل ته لاړ.', 'غرمې')).toBeUndefined();
    expect(find('د غرمې کلي ته لاړ.', 'غرمې')).toMatchObject({ type: 'place' });
  });

  it('fa-ps-district-then-province: "ولسوالی چهاردره ولایت کندز" makes کندز the province; not without ولایت', () => {
    expect(find('در ولسوالی چهاردره ولایت کندز.', 'کندز')).toMatchObject({ type: 'province', rule: 'fa-ps-district-then-province' });
    expect(find('در ولسوالی چهاردره و کندز.', 'کندز')?.rule).not.toBe('fa-ps-district-then-province');
  });
});

describe('fa-ps-village-area', () => {
  it('does not take a direction or a measure for a name ("په ختيځه سیمې", "يو کيلو متر سیمې")', () => {
    const ms = annotate('د سرپل ښار په ختيځې سیمې کې. يوازې يو کيلو متر سیمې له دولت سره ده.');
    expect(ms.filter((m) => m.rule === 'fa-ps-village-area')).toEqual([]);
  });

  it('fires after قریه and before سیمې, taking the province of the sentence', () => {
    expect(find('مربوط قریۀ ملاقولی ولسوالی دشت ارچی میباشد.', 'ملاقولی')).toMatchObject({ type: 'place', province: 'AF-KDZ', rule: 'fa-ps-village-area' });
    expect(find('وسله والو طالبانو د لښکرګاه پر باباجي سيمې بريد وکړ.', 'باباجي')).toMatchObject({ type: 'place', province: 'AF-HEL', rule: 'fa-ps-village-area' });
  });

  it('does not take function words, pronouns or a mention for a name', () => {
    const ms = annotate('په دې سیمه کې طالبان فعال دي. د ولسوال له خپلې سيمې څخه.');
    expect(ms.filter((m) => m.rule === 'fa-ps-village-area')).toEqual([]);
  });
});

describe('officials', () => {
  it('fa-ps-title-before-name: after an honorific, any name; the title is not in the span', () => {
    expect(find('مولوی عبدالکریم مسئول نظامی داعش بود.', 'عبدالکریم')).toMatchObject({ type: 'official', rule: 'fa-ps-title-before-name', title: 'مولوی' });
  });

  it('fa-ps-title-before-name: after an office, a name that starts with a given name; stops before a postposition object', () => {
    expect(find('د بغلان د والي وياند محمود حقمل كليد ته وويل.', 'محمود حقمل')).toMatchObject({ type: 'official', rule: 'fa-ps-title-before-name' });
    expect(find('د هلمند د ولایتي شورا مشر محمد کریم اتل وويل.', 'محمد کریم اتل')).toMatchObject({ type: 'official' });
  });

  it('fa-ps-title-before-name: not for a word that is no name ("ولسوال هغه مهال", "والی خودخوانده داعش")', () => {
    const ms = annotate('ولسوال هغه مهال ووژل شو. والی خودخوانده داعش برای کندز دستگیر شد.');
    expect(ms.filter((m) => m.type === 'official')).toEqual([]);
  });

  it('fa-ps-title-before-name: a lexicon short form after a title names its person ("ملا برادر")', () => {
    const m = annotateText('مقامهای طالبان از جمله ملا برادر به این ولایت سفر کردند.', shippedIndex()).mentions.find((x) => x.text === 'برادر');
    expect(m).toMatchObject({ type: 'official', name: 'Abdul Ghani Baradar' });
  });

  it('fa-ps-name-comma-title: name, comma, title', () => {
    expect(find('زمری بشری، سخنگوی وزارت داخله گفت.', 'زمری بشری')).toMatchObject({ type: 'official', rule: 'fa-ps-name-comma-title' });
    expect(find('علیاکبرناطقی؛ سخنگوی والی دایکندی گفت.', 'علیاکبرناطقی')).toMatchObject({ type: 'official' });
    expect(find('محمدایوب خالد به عنوان والی بدخشان تعیین شد.', 'محمدایوب خالد')).toMatchObject({ type: 'official' });
  });

  it('fa-ps-name-comma-title: not without a title, nor for a journalist', () => {
    const ms = annotate('در همین حال، منابع محلی گفتند. احمد رحیمی، خبرنگار محلی گفت.');
    expect(ms.filter((m) => m.type === 'official')).toEqual([]);
  });

  it('fa-ps-repeat: the surname, and the name written with or without its space, link to the full mention', () => {
    const ms = annotate('زمری بشری، سخنگوی وزارت داخله گفت. آقای بشری افزود. محمدولی؛ ولسوال نامنهاد کشته شد. محمد ولی قومندان بود.');
    expect(ms.filter((m) => m.rule === 'fa-ps-repeat').map((m) => m.text)).toEqual(['بشری', 'محمد ولی']);
  });

  it('fa-ps-repeat: nothing before the full mention', () => {
    const ms = annotate('آقای بشری افزود. زمری بشری، سخنگوی وزارت داخله گفت.');
    expect(ms.filter((m) => m.rule === 'fa-ps-repeat')).toEqual([]);
  });
});

describe('the rule loader reads every lexicons/rules/*.yaml', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('loads the Dari and Pashto rules with the built-in ones', () => {
    const rules = loadRules();
    expect(rules.rules.some((r) => r.name === 'title-before-name')).toBe(true);
    expect(rules.rules.some((r) => r.name === 'fa-ps-title-before-name')).toBe(true);
    expect(rules.rulesets).toEqual(['context-fa-ps 1.0.0']);
    expect(rules.given_names).toContain('محمود');
  });

  it('adds a rules file put beside context.yaml, and not given-names.yaml as rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-rules-'));
    dirs.push(dir);
    copyFileSync(join(BUILTIN_LEXICON_DIR, 'rules', 'context.yaml'), join(dir, 'context.yaml'));
    copyFileSync(join(BUILTIN_LEXICON_DIR, 'rules', 'given-names.yaml'), join(dir, 'given-names.yaml'));
    writeFileSync(
      join(dir, 'zz-extra.yaml'),
      'format: afghan-annotator/rules@1\nruleset: extra\nversion: 0.1.0\nstopwords: [zzz]\nname_connectors: []\nrules:\n  - name: extra-rule\n    kind: short-form\n',
    );
    const rules = loadRules(join(dir, 'context.yaml'));
    expect(rules.rules.map((r) => r.name)).toContain('extra-rule');
    expect(rules.stopwords).toContain('zzz');
    expect(rules.rulesets).toEqual(['extra 0.1.0']);
  });
});
