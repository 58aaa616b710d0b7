/**
 * Fuzzing (issue 7): random Unicode text annotated with random small lexicons whose aliases
 * are drawn from the text's own words (Latin with diacritics, Arabic script, emoji,
 * combining marks, fullwidth and ligature forms, random graphemes). Each lexicon goes the
 * whole way a user's does: written as YAML, parsed and schema-checked (parseLexicon),
 * compiled, then used by annotateText, with and without the context rules.
 *
 * For every document: no exception (a lexicon may only be refused with an AnnotatorError
 * AA2xx), offsets in range that slice back to the mention text in code points, line and
 * column right, output valid against schema/annotation.schema.json, and the same output
 * again from a fresh parse and compile (deterministic). Then random bytes go through the
 * real executable. The figures (documents tried, exceptions) are printed at the end.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { annotateText } from '../../src/core/annotate.js';
import { compileRules } from '../../src/core/context/rules.js';
import { AnnotatorError } from '../../src/core/errors.js';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { loadRules } from '../../src/node/lexicon/load.js';
import { parseLexicon } from '../../src/core/lexicon/parse.js';
import { ENTITY_TYPES } from '../../src/core/lexicon/types.js';
import type { Annotation } from '../../src/core/output/contract.js';
import { decodeSource } from '../../src/core/pipeline/read.js';
import { expectValidAnnotation, runMain, tinyLexiconPath } from '../helpers.js';
import { removeWorkDir, workDir } from '../fixtures/nasty/harness.js';

const rules = compileRules(loadRules());
/** Documents per run of the main property: a budget for the fast tier; AFGHAN_ANNOTATOR_FUZZ_RUNS=20000 for a long session (test/README.md). */
const RUNS = Number(process.env['AFGHAN_ANNOTATOR_FUZZ_RUNS'] ?? 300);
const figures = { documents: 0, withMentions: 0, mentions: 0, lexicons: 0, lexiconsRefused: 0, exceptions: 0, cliFiles: 0, cliErrors: 0 };
afterAll(() => {
  console.log(
    `fuzz: ${figures.documents} documents tried (${figures.withMentions} with mentions, ${figures.mentions} mentions), ${figures.lexicons} random lexicons (${figures.lexiconsRefused} refused with AA2xx), exceptions: ${figures.exceptions === 0 ? 'none' : figures.exceptions}; executable: ${figures.cliFiles} random files, ${figures.cliErrors} reported as bad input, no crash`,
  );
});

// Words of the text, and so of the aliases: things that stress folding, case and offsets.
const WELL_FORMED = [
  'Kunduz', 'KUNDUZ', 'kunduz', 'Taliban', 'Lashkar', 'Gah', 'Sar-e', 'Pol', 'NATO', 'IS', 'al', 'e',
  'هلمند', 'کندز', 'ولایت', 'ذبيح', 'الله', 'مجاهد', 'كندز', 'ی', 'ي',
  'Café', 'Cafe\u0301', 'e\u0301cole', 'Zoë', 'ＫＵＮＤＵＺ', 'Σίσυφος', 'straße', 'STRASSE', 'Ⅻ', '١٢٣', 'A1', 'x2',
  '🙂x', 'Kabul🙂', 'a\u0308\u0323b', 'O’Brien', "O'Brien", 'Ab\u00adcd',
];
/** Words that wink's tokenizer cuts inside (letters beyond Latin-1, ligatures, ZWNJ, ZWJ emoji): see the tests of normalize.v2 below. */
const SPLIT_BY_TOKENIZER = ['İstanbul', 'ǅemal', 'ﬁre', '👩🏽‍⚕️Doc', 'Mohammad\u200cZai', '𝐊unduz', 'Ḥaqqānī', 'Tālibān'];
const curated = fc.constantFrom(...WELL_FORMED, ...SPLIT_BY_TOKENIZER);
const randomWord = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((w) => /[\p{L}\p{N}]/u.test(w) && !/\s/u.test(w));
const word = fc.oneof({ weight: 3, arbitrary: curated }, { weight: 2, arbitrary: randomWord });
const separator = fc.oneof(
  fc.constantFrom(' ', ' ', ' ', '  ', '\r\n', '\n', '\r', '\t', '. ', ', ', '; ', ' – ', '-', '“', '”', '’s ', '(', ')', '\u00a0', '\u200c', '\u200b', '\ufeff', '\u202e', '\u0301', ' 🙂 ', '🇦🇫', '\n\n'),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 2 }),
);
const casing = fc.constantFrom<(w: string) => string>((w) => w, (w) => w, (w) => w.toUpperCase(), (w) => w.toLowerCase());

interface Case {
  text: string;
  lexicon: Record<string, unknown>;
  withRules: boolean;
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const arbCase: fc.Arbitrary<Case> = fc
  .array(word, { minLength: 1, maxLength: 12 })
  .chain((words) => {
    const pick = fc.constantFrom(...words);
    const alias = fc.tuple(fc.array(pick, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '-', ' '), fc.constantFrom(undefined, 'shape', 'exact', 'any')).map(([ws, glue, c]) => {
      const form = ws.join(glue);
      return c === undefined ? form : { form, case: c };
    });
    const entry = fc.record({
      type: fc.constantFrom(...ENTITY_TYPES),
      aliases: fc.array(alias, { minLength: 1, maxLength: 3 }),
      province: fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 })).map((t) => `AF-${t.map((i) => letters[i]).join('')}`),
      priority: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      shortForm: fc.option(pick, { nil: undefined }),
      role: fc.option(fc.record({ title: fc.constantFrom('Governor', 'Spokesman', 'Chief'), from: fc.constantFrom('2001', '2015-03', '2019-09-01') }), { nil: undefined }),
      xref: fc.option(fc.dictionary(fc.constantFrom('constructor', 'prototype', 'acled', 'ucdp'), fc.oneof(fc.string({ maxLength: 5 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }))), { nil: undefined }),
    });
    const text = fc
      .array(fc.tuple(fc.oneof({ weight: 3, arbitrary: pick }, { weight: 1, arbitrary: word }), casing, separator), { minLength: 0, maxLength: 40 })
      .map((parts) => parts.map(([w, c, s]) => `${c(w)}${s}`).join(''));
    const dateline = fc.constantFrom('', '', 'KABUL, Aug. 27, 2021 – ', '27 March 2016\n', '2019-09-01\n');
    return fc.record({
      text: fc.tuple(dateline, text).map(([d, t]) => `${d}${t}`),
      entries: fc.array(entry, { minLength: 1, maxLength: 6 }),
      withRules: fc.boolean(),
    });
  })
  .map(({ text, entries, withRules }) => ({
    text,
    withRules,
    lexicon: {
      format: 'afghan-annotator/lexicon@1',
      lexicon: 'fuzz',
      version: '1.0.0',
      shared_aliases: 'candidates',
      sources: [{ id: 's', title: 'fuzz', licence: 'CC0-1.0' }],
      entries: entries.map((e, i) => {
        const first = e.aliases[0]!;
        return {
          id: e.type === 'province' ? e.province : `${e.type === 'place' ? `${e.province}.` : ''}fuzz-${i}`,
          type: e.type,
          name: typeof first === 'string' ? first : first.form,
          aliases: e.aliases,
          ...(e.type === 'province' || e.type === 'place' ? { province: e.province } : {}),
          ...(e.priority === undefined ? {} : { priority: e.priority }),
          ...(e.type === 'official' && e.shortForm !== undefined ? { short_forms: [e.shortForm] } : {}),
          ...(e.type === 'official' && e.role !== undefined ? { roles: [e.role] } : {}),
          ...(e.xref === undefined ? {} : { xref: e.xref }),
          sources: ['s'],
        };
      }),
    },
  }));

function lineColumnOf(cps: string[], cpOffset: number): { line: number; column: number } {
  const lines = cps.slice(0, cpOffset).join('').split(/\r\n|\n|\r/);
  return { line: lines.length, column: Array.from(lines[lines.length - 1]!).length + 1 };
}

/** YAML text -> lexicon -> index, the way a user's lexicon goes; undefined when refused (AA2xx). */
function indexOf(yamlText: string, withRules: boolean) {
  try {
    return compileLexicons([parseLexicon(yamlText, 'fuzz.yaml')], withRules ? { rules } : {});
  } catch (e) {
    if (e instanceof AnnotatorError && e.code.startsWith('AA2')) return undefined;
    throw e;
  }
}

function check({ text, lexicon, withRules }: Case): void {
  figures.documents++;
  try {
    const yamlText = YAML.stringify(lexicon);
    figures.lexicons++;
    const index = indexOf(yamlText, withRules);
    if (index === undefined) {
      figures.lexiconsRefused++;
      return;
    }
    const a = annotateText(text, index, { path: 'fuzz.txt' });
    const cps = Array.from(text);
    expect(a.source.length).toBe(cps.length);
    let previousEnd = 0;
    for (const m of a.mentions) {
      expect(Number.isInteger(m.start) && Number.isInteger(m.end)).toBe(true);
      expect(m.start).toBeGreaterThanOrEqual(previousEnd);
      expect(m.end).toBeGreaterThan(m.start);
      expect(m.end).toBeLessThanOrEqual(cps.length);
      expect(cps.slice(m.start, m.end).join('')).toBe(m.text);
      expect([m.line, m.column]).toEqual(Object.values(lineColumnOf(cps, m.start)));
      previousEnd = m.end;
    }
    expectValidAnnotation(a);
    // Deterministic: a fresh parse and compile of the same YAML gives the same bytes.
    expect(JSON.stringify(annotateText(text, indexOf(yamlText, withRules)!, { path: 'fuzz.txt' }))).toBe(JSON.stringify(a));
    // prefilter.v1: the same bytes when every text goes through wink (issue 17).
    expect(JSON.stringify(annotateText(text, index, { path: 'fuzz.txt', prefilter: false }))).toBe(JSON.stringify(a));
    figures.mentions += a.mentions.length;
    if (a.mentions.length > 0) figures.withMentions++;
  } catch (e) {
    figures.exceptions++;
    throw e;
  }
}

describe('fuzz: random Unicode text x random small lexicons drawn from its words', () => {
  it('never throws; offsets in range and slicing back in code points; schema-valid; deterministic', () => {
    fc.assert(fc.property(arbCase, check), { numRuns: RUNS });
    // The generator must exercise matching, not only empty results.
    expect(figures.withMentions).toBeGreaterThan(figures.documents / 5);
  }, 3_600_000);

  it('keeps finding what it must: an exact-case alias placed between spaces is found in its own text', () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WELL_FORMED), { minLength: 1, maxLength: 3 }), (ws) => {
        const form = ws.join(' ');
        const lexicon = { format: 'afghan-annotator/lexicon@1', lexicon: 'one', version: '1.0.0', sources: [{ id: 's', title: 't', licence: 'x' }], entries: [{ id: 'group.one', type: 'armed_group', name: form, aliases: [{ form, case: 'exact' }], sources: ['s'] }] };
        const index = indexOf(YAML.stringify(lexicon), false);
        if (index === undefined) return;
        tried++;
        figures.documents++;
        const a = annotateText(`Before ${form} after.`, index, { path: 'one.txt', variants: false });
        expectValidAnnotation(a);
        expect(a.mentions.map((m) => [m.text, m.entity]), JSON.stringify(form)).toContainEqual([form, 'group.one']);
      }),
      { numRuns: 400 },
    );
    expect(tried).toBe(400);
  });
});

describe('words that wink cuts inside (normalize.v2 glues touching word pieces)', () => {
  const exactLexicon = (form: string) => ({
    format: 'afghan-annotator/lexicon@1',
    lexicon: 'one',
    version: '1.0.0',
    sources: [{ id: 's', title: 't', licence: 'x' }],
    entries: [{ id: 'group.one', type: 'armed_group', name: form, aliases: [{ form, case: 'exact' }], sources: ['s'] }],
  });
  // Letters beyond Latin-1, a titlecase digraph, a ligature, math bold, ZWNJ inside a name.
  const letters = ['İstanbul', 'ǅemal', 'ﬁre', 'Mohammad\u200cZai', '𝐊unduz', 'Ḥaqqānī', 'Tālibān'];

  it.each(letters)('an exact-case alias %j is found in its own text', (form) => {
    const index = indexOf(YAML.stringify(exactLexicon(form)), false)!;
    const a = annotateText(`Before ${form} after.`, index, { path: 'one.txt', variants: false });
    expectValidAnnotation(a);
    expect(a.mentions.map((m) => [m.text, m.entity])).toEqual([[form, 'group.one']]);
  });

  it('folds such letters away as docs/policies.md says: "Tālibān" and "Kundūz" match the plain aliases', () => {
    const index = indexOf(readFileSync(tinyLexiconPath, 'utf8'), false)!;
    const a = annotateText('The Tālibān met in Kundūz.', index, { path: 'one.txt', variants: false });
    expect(a.mentions.map((m) => [m.text, m.entity, m.start, m.end])).toEqual([
      ['Tālibān', 'group.taliban', 4, 11],
      ['Kundūz', 'AF-KDZ', 19, 25],
    ]);
  });

  it('does not glue across a space or a symbol: "Kabul🙂" keeps "Kabul" a word of its own', () => {
    const index = indexOf(YAML.stringify(exactLexicon('Kabul')), false)!;
    expect(annotateText('In Kabul🙂 and Ḥ Kabul.', index, { path: 'one.txt', variants: false }).mentions.map((m) => m.start)).toEqual([3, 16]);
  });

  // A ZWJ emoji sequence is symbols joined by ZWJ: wink cuts it, and no alias of that kind is
  // expected in news; it is still never an error (the fuzz test above covers it).
  it.todo('an alias made of a ZWJ emoji sequence and letters ("👩🏽‍⚕️Doc") matches its own text');
});

describe('fuzz: random bytes through the command line (main, in this process)', () => {
  it('annotates or refuses each file (AA103/AA104/AA105), never crashes; every output valid and slicing back', async () => {
    const root = workDir('fuzz-cli');
    try {
      const dir = join(root, 'in');
      mkdirSync(dir);
      const files = fc.sample(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
          fc.tuple(fc.array(curated, { maxLength: 20 }), separator).map(([ws, sep]) => new TextEncoder().encode(ws.join(sep))),
          fc.tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]), fc.uint8Array({ maxLength: 100 })).map(([b, rest]) => Uint8Array.from([...b, ...rest])),
          fc.string({ unit: 'grapheme', maxLength: 100 }).map((s) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(`Kunduz ${s} Taliban`, 'utf16le')])),
        ),
        { numRuns: 300, seed: 20211 },
      );
      files.forEach((bytes, i) => writeFileSync(join(dir, `f${String(i).padStart(3, '0')}.txt`), bytes));
      const r = await runMain(['annotate', dir, '-o', join(root, 'out'), '--no-builtin-lexicons', '--lexicon', tinyLexiconPath, '--no-lexicon-cache', '--jobs', '1']);
      expect([0, 1]).toContain(r.status);
      expect(r.stdout).toBe('');
      const errors = r.stderr === '' ? [] : r.stderr.trimEnd().split('\n');
      for (const line of errors) expect(line).toMatch(/^error\[AA10[345]\] \S*\/in\/f\d{3}\.txt: (invalid UTF-8 at byte \d+|binary file \(.*\)|.*utf-16.*|UTF-32.*)$/);
      const written = readdirSync(join(root, 'out'));
      expect(written.length + errors.length).toBe(files.length);
      for (const name of written) {
        const doc = YAML.parse(readFileSync(join(root, 'out', name), 'utf8')) as Annotation;
        expectValidAnnotation(doc);
        const input = join(dir, name.replace(/\.ann\.yaml$/, '.txt'));
        const cps = Array.from(decodeSource(readFileSync(input), input).text);
        for (const m of doc.mentions) expect(cps.slice(m.start, m.end).join('')).toBe(m.text);
      }
      figures.cliFiles += files.length;
      figures.cliErrors += errors.length;
      expect(written.length).toBeGreaterThan(50);
      expect(errors.length).toBeGreaterThan(50);
    } finally {
      removeWorkDir(root);
    }
  });
});
