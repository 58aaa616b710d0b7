/**
 * Issue 18: Dari and Pashto. normalize.v3 (arabic-script.v1 folds), arabic-affixes.v1
 * (endings, attached particles, run-together alias forms), language.v1 (source.language).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { foldKey, NORMALIZE_POLICY } from '../../src/core/pipeline/normalize.js';
import { aliasKeyVariants, attachedSplits, endingKeys } from '../../src/core/pipeline/arabic-affixes.js';
import { detectLanguage, hasArabicScript } from '../../src/core/pipeline/language.js';
import { tokenize } from '../../src/core/pipeline/tokenize.js';
import { cpSlice, expectValidAnnotation, shippedIndex } from '../helpers.js';

/** foldKey as normalize.v2 made it (before issue 18): English keys must not change. */
function foldKeyV2(raw: string): string {
  if (/^[\u0000-\u007f]*$/.test(raw)) return raw === '`' ? "'" : raw.toLowerCase();
  const variants: Record<string, string> = { '\u064a': '\u06cc', '\u0649': '\u06cc', '\u0643': '\u06a9', '\u06c1': '\u0647', '\u0629': '\u0647' };
  let k = raw.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  k = k
    .replace(/['\u2018\u2019\u201b\u02bc\u02bb\u02bd\u02be\u02bf\u0060\u00b4\u2032]/gu, "'")
    .replace(/[\u200c\u200d\u0640]/gu, '')
    .replace(/[\u064a\u0649\u0643\u06c1\u0629]/gu, (c) => variants[c] ?? c);
  return k.normalize('NFC');
}

describe('normalize.v3: arabic-script.v1 folds', () => {
  it('names the policy', () => {
    expect(NORMALIZE_POLICY).toBe('normalize.v3');
  });

  it.each([
    ['ګرشک', 'گرشک'], // Pashto gaf / Persian gaf
    ['ولسوالۍ', 'ولسوالی'], // ۍ / ی
    ['شبکې', 'شبکی'], // ې / ی
    ['كابل', 'کابل'], // Arabic kaf
    ['نورستاني', 'نورستانی'], // Arabic yeh
    ['ښرنه', 'شرنه'], // ښ / ش
    ['ادارۀ', 'اداره'], // heh with hamza above
    ['مسؤول', 'مسوول'], // hamza on waw
    ['أفغان', 'افغان'], // hamza on alef
    ['آباد', 'اباد'], // madda
    ['طالـــبان', 'طالبان'], // tatweel
    ['طَالِبَان', 'طالبان'], // harakat
    ['امین‌الله', 'امینالله'], // ZWNJ
    ['۱۴۰۲', '1402'], // Persian digits
    ['١٣٩٦', '1396'], // Arabic-Indic digits
    ['ټوټه', 'توته'], // ټ / ت
    ['ډېله', 'دیله'], // ډ / د, ې / ی
    ['ماڼوګي', 'مانوگی'], // ڼ / ن
  ])('%s and %s have the same key', (a, b) => {
    expect(foldKey(a)).toBe(foldKey(b));
  });

  it('leaves the key of every alias without Arabic script exactly as normalize.v2 made it', () => {
    const index = shippedIndex();
    let checked = 0;
    for (const e of index.entries) {
      for (const a of [...e.entry.aliases, ...(e.entry.short_forms ?? [])]) {
        const form = typeof a === 'string' ? a : a.form;
        if (hasArabicScript(form)) continue;
        for (const word of form.split(/[\s-]+/u)) {
          expect(foldKey(word)).toBe(foldKeyV2(word));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('leaves random non-Arabic strings exactly as normalize.v2 made them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (s) => {
        fc.pre(!hasArabicScript(s));
        expect(foldKey(s)).toBe(foldKeyV2(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('arabic-affixes.v1', () => {
  it('reads Pashto and Dari endings', () => {
    expect(endingKeys('طالبانو')).toContain(foldKey('طالبان'));
    expect(endingKeys('شبکې')).toContain(foldKey('شبکه'));
    expect(endingKeys('ښرنې')).toContain(foldKey('ښرنه'));
    expect(endingKeys('طالبان‌ها')).toContain(foldKey('طالبان'));
    expect(endingKeys('ولایتهای')).toContain(foldKey('ولایت'));
    expect(endingKeys('کابل')).toEqual([]);
  });

  it('splits attached particles and nouns, never leaving less than three letters', () => {
    expect(attachedSplits('دسرپل')).toContainEqual([1, 'سرپل']);
    expect(attachedSplits('مرکزاسعداباد')).toContainEqual([4, 'اسعداباد']);
    expect(attachedSplits('دشت')).toEqual([]);
    // No one-letter ب or و: "برخه" (part) is no ب + رخه (Rukha district).
    expect(attachedSplits('برخه')).toEqual([]);
  });

  it('indexes multi-word aliases run together and -الله compounds split', () => {
    const keys = (s: string): string[] => s.split(' ').map(foldKey);
    expect(aliasKeyVariants(keys('جبهه مقاومت ملی'))).toContainEqual([foldKey('جبهه'), foldKey('مقاومتملی')]);
    expect(aliasKeyVariants(keys('ذبیح‌الله مجاهد'))).toContainEqual([foldKey('ذبیح'), foldKey('الله'), foldKey('مجاهد')]);
    expect(aliasKeyVariants(['kunduz', 'city'])).toEqual([]);
  });
});

describe('matching Dari and Pashto words', () => {
  const mentions = (text: string): [string, string][] => annotateText(text, shippedIndex()).mentions.map((m) => [m.text, m.type]);

  it('spans an inflected name whole', () => {
    expect(mentions('د وسله والو طالبانو له لورې')).toContainEqual(['طالبانو', 'armed_group']);
    expect(mentions('د حقاني شبکې غړي')).toContainEqual(['حقاني شبکې', 'armed_group']);
    expect(mentions('طالبان‌ها حمله کردند')).toContainEqual(['طالبان‌ها', 'armed_group']);
  });

  it('leaves an attached particle or noun out of the span', () => {
    expect(mentions('دسرپل ولايت والي')).toContainEqual(['سرپل', 'province']);
    expect(mentions('د کونړ ولايت په مرکزاسعداباد کې')).toContainEqual(['اسعداباد', 'place']);
  });

  it('finds a name written without its spaces, or with them', () => {
    expect(mentions('جبهه مقاومتملی میگوید')).toContainEqual(['جبهه مقاومتملی', 'armed_group']);
    expect(mentions('ذبیحالله مجاهد گفت')).toContainEqual(['ذبیحالله مجاهد', 'official']);
    expect(mentions('ذبیح الله مجاهد گفت')).toContainEqual(['ذبیح الله مجاهد', 'official']);
  });

  it('does not read a nisba adjective as the place (نورستاني is a surname)', () => {
    expect(mentions('ښاغلي نورستاني وويل')).not.toContainEqual(['نورستان', 'province']);
  });
});

describe('property: Dari and Pashto offsets map back to the original text', () => {
  const fragment = fc.oneof(
    fc.constantFrom('طالبانو', 'طالبان‌ها', 'دسرپل', 'د کونړ', 'ولسوالۍ', 'کندز', 'هلمند', 'ذبیح‌الله مجاهد', 'ذبیحالله مجاهد', 'جبهه مقاومتملی', 'ښرنې', 'قریۀ ملاقولی', 'مولوی عبدالکریم'),
    fc.constantFrom(' ', '، ', '؛ ', '؟ ', '۔ ', '\n', '\u200c', '\u0640', '\u064e', '۱۴۰۲', '«', '»', '🙂'),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
  );
  it('holds with ZWNJ, tatweel, harakat, digits, attached particles and endings', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const a = annotateText(text, shippedIndex());
        expectValidAnnotation(a);
        for (const m of a.mentions) {
          expect(m.end).toBeGreaterThan(m.start);
          expect(cpSlice(text, m.start, m.end)).toBe(m.text);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('sentences end at ؟ and ۔, not at ، or ؛', () => {
  it('numbers the sentences after an Arabic question mark or full stop', () => {
    const t = tokenize('آیا طالبان آمدند؟ بلی آنها در کندز هستند۔ د کندز والي وويل، چې طالبان؛ راغلي دي.');
    expect(t.sentences).toBe(3);
    const sentenceOf = (word: string): number => t.sentence[t.value.findIndex((v) => v === word || v.startsWith(`${word}؟`))]!;
    expect([sentenceOf('آیا'), sentenceOf('بلی'), sentenceOf('د'), sentenceOf('راغلي')]).toEqual([0, 1, 2, 2]);
  });

  it('gives the mentions of the sentence after ؟ its number (1-based in the output)', () => {
    const a = annotateText('آیا طالبان آمدند؟ بلی آنها در کندز هستند.', shippedIndex());
    expect(a.mentions.map((m) => [m.text, m.sentence])).toEqual([
      ['طالبان', 1],
      ['کندز', 2],
    ]);
  });
});

describe('language.v1', () => {
  it('takes text without Arabic script for English at once', () => {
    expect(hasArabicScript('Taliban fighters attacked Kunduz.')).toBe(false);
    expect(detectLanguage('Taliban fighters attacked Kunduz.')).toBe('en');
    expect(detectLanguage('')).toBe('en');
  });

  it('tells Dari from Pashto by function words and letters', () => {
    expect(detectLanguage('طالبان در ولسوالی خان آباد ولایت کندز حمله کردند و سه تن کشته شده است.')).toBe('fa');
    expect(detectLanguage('وسله والو طالبانو د کندز په خان آباد ولسوالۍ کې برید وکړ او درې کسه یې ووژل.')).toBe('ps');
  });

  it('calls a text with both scripts in quantity mixed', () => {
    expect(detectLanguage('The Taliban (طالبان) attacked Kunduz (کندز) on Monday, د کندز والي وويل.')).toBe('mixed');
  });

  it('keeps an English text with a few Arabic-script words English', () => {
    expect(detectLanguage(`The Taliban, known in Dari as طالبان, attacked ${'Kunduz province again. '.repeat(10)}`)).toBe('en');
  });

  it('counts letters by script exactly as language.v1 defines them (random text near the range boundaries)', () => {
    // language.v1's letter classes, counted with regular expressions (the definition).
    const count = (re: RegExp, t: string): number => (t.match(re) ?? []).length;
    const reference = (t: string): 'en' | 'mixed' | 'arabic' => {
      const arabic = count(/[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc\u06ff\u0750-\u077f]/gu, t);
      const latin = count(/[A-Za-z\u00c0-\u024f]/gu, t);
      const letters = arabic + latin;
      if (!hasArabicScript(t) || letters === 0 || arabic === 0) return 'en';
      if (latin / letters >= 0.2 && arabic / letters >= 0.2) return 'mixed';
      return arabic / letters < 0.2 ? 'en' : 'arabic';
    };
    const edges = [0x40, 0x41, 0x5a, 0x5b, 0x60, 0x61, 0x7a, 0x7b, 0xbf, 0xc0, 0x24f, 0x250, 0x5ff, 0x600, 0x61f, 0x620, 0x64a, 0x64b, 0x66d, 0x66e, 0x6d3, 0x6d4, 0x6d5, 0x6d6, 0x6f9, 0x6fa, 0x6fc, 0x6fd, 0x6ff, 0x74f, 0x750, 0x77f, 0x780, 0xfb50, 0xfeff, 0x20];
    const ch = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0x20, max: 0x800 })).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 40 }), (cs) => {
        const t = cs.join('');
        const got = detectLanguage(t);
        expect(got === 'fa' || got === 'ps' ? 'arabic' : got).toBe(reference(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes source.language only for Arabic-script text or when given', () => {
    const index = shippedIndex();
    expect(annotateText('Taliban fighters attacked Kunduz.', index).source.language).toBeUndefined();
    expect(annotateText('طالبان در کندز حمله کردند.', index).source.language).toBe('fa');
    const given = annotateText('طالبان در کندز حمله کردند.', index, { lang: 'ps' });
    expect(given.source.language).toBe('ps');
    expect(given.annotator.options).toEqual({ lang: 'ps' });
    expectValidAnnotation(given);
  });
});
