import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnnotatorError } from '../../src/core/errors.js';
import { readLexiconFile } from '../../src/node/lexicon/load.js';
import {
  aliasMatchesText,
  commonWordsFrom,
  dateRangeReversed,
  findingFromError,
  formatFinding,
  impossibleDate,
  validateLexicons,
  type Finding,
  type LexiconSource,
} from '../../src/core/lexicon/validate.js';
import { fixtures } from '../helpers.js';

const dir = join(fixtures, 'lexicons', 'validate');
const words = commonWordsFrom(readFileSync(join(dir, 'words.txt'), 'utf8'));

function source(name: string, origin: string = name): LexiconSource {
  const path = join(dir, name);
  return { lexicon: readLexiconFile(path, origin), text: readFileSync(path, 'utf8') };
}

function check(...names: string[]): Finding[] {
  return validateLexicons(names.map((n) => source(n)), { words }).findings;
}

/** `CODE severity path` of each finding, in order. */
const summary = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.code} ${f.severity} ${f.path}`);

function loadError(name: string): AnnotatorError {
  try {
    readLexiconFile(join(dir, name), name);
  } catch (e) {
    if (e instanceof AnnotatorError) return e;
    throw e;
  }
  throw new Error(`${name} loaded without error`);
}

/** The text at a finding's line:column starts with `expected`. */
function expectAt(name: string, f: Finding, expected: string): void {
  const [line, col] = f.where!.split(':').map(Number);
  const text = readFileSync(join(dir, name), 'utf8').split('\n')[line! - 1]!;
  expect(text.slice(col! - 1)).toMatch(new RegExp(`^["']?${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

describe('lexicon validate checks (fixtures under test/fixtures/lexicons/validate)', () => {
  it('finds nothing in a clean lexicon: a province and a place may share a name, an exact-case two-letter alias is fine', () => {
    const r = validateLexicons([source('clean.yaml')], { words });
    expect(r.findings).toEqual([]);
    expect(r.notes).toEqual([]);
    expect([r.lexicons, r.entries, r.aliases]).toEqual([1, 6, 10]);
  });

  it('reports a YAML syntax error (AA202) and a schema error (AA203) as findings with file, line:column and YAML path', () => {
    const syntax = findingFromError(loadError('syntax.yaml'));
    expect(syntax).toMatchObject({ code: 'AA202', severity: 'error', file: 'syntax.yaml', path: '(document)' });
    expect(syntax.where).toMatch(/^\d+:\d+$/);
    const schema = findingFromError(loadError('schema.yaml'));
    expect(schema).toMatchObject({ code: 'AA203', severity: 'error', file: 'schema.yaml', path: 'entries[0].province', where: '11:15' });
    expect(schema.message).toMatch(/^must match pattern/);
    expect(formatFinding(schema)).toBe(`error[AA203] schema.yaml:11:15: entries[0].province: ${schema.message}`);
  });

  it('reports duplicate ids within a file and across files (AA204), at the later definition', () => {
    const f = check('clean.yaml', 'duplicate-id.yaml');
    expect(summary(f)).toEqual(['AA204 error entries[1].id', 'AA204 error entries[2].id']);
    expect(f[0]!.message).toBe('id "group.one" is already defined at entries[0]');
    expect(f[1]!.message).toBe('id "group.alp" is already defined at clean.yaml entries[3]');
    expect(f.every((x) => x.file === 'duplicate-id.yaml')).toBe(true);
    expectAt('duplicate-id.yaml', f[0]!, 'group.one');
  });

  it('reports a lexicon name used twice (AA205) and does not check the copy again', () => {
    const r = validateLexicons([source('clean.yaml'), source('clean.yaml', 'copy.yaml')], { words });
    expect(summary(r.findings)).toEqual(['AA205 error lexicon']);
    expect(r.findings[0]!.file).toBe('copy.yaml');
  });

  it('reports an alias or short form with nothing to match (AA206) and an undeclared source (AA207)', () => {
    const f = check('unknown-source.yaml');
    expect(summary(f)).toEqual(['AA206 error entries[0].aliases[1]', 'AA206 error entries[0].short_forms[0]', 'AA207 error entries[0].sources[1]']);
    expectAt('unknown-source.yaml', f[2]!, 'elsewhere');
  });

  it('reports an alias shared by two entries of the same type without a policy (AA220), not with shared_aliases: candidates', () => {
    const f = check('shared-alias.yaml');
    expect(summary(f)).toEqual(['AA220 error entries[3].aliases[0]']);
    expect(f[0]!.message).toContain('AF-HEL.nawa-i-barakzayi');
    expect(f[0]!.message).toContain('shared_aliases: candidates');
    expectAt('shared-alias.yaml', f[0]!, 'Nawa');
    expect(check('shared-alias-candidates.yaml')).toEqual([]);
  });

  it('reports aliases that prose writes as common English words (AA221), as the case policy lets them match', () => {
    const f = check('common-word.yaml');
    expect(summary(f)).toEqual(['AA221 warning entries[1].aliases[0]', 'AA221 warning entries[1].aliases[1]']);
    expect(f[0]!.message).toContain('"Bar" in prose');
    expect(f[1]!.message).toContain('"ring", "Ring"');
    // Kabul (a proper name in the list), ALP (an acronym needs capitals), Red Unit (capitals needed): none.
    expect(f.some((x) => x.path.startsWith('entries[0]') || x.path.startsWith('entries[2]'))).toBe(false);
  });

  it('skips the common-word check with a note when there is no word list', () => {
    const r = validateLexicons([source('common-word.yaml')]);
    expect(r.findings).toEqual([]);
    expect(r.notes).toEqual(['common-word check (AA221) skipped: no word list']);
  });

  it('reads only lower-case, non-possessive words from a word list', () => {
    expect([...words].sort()).toEqual(['al', 'alp', 'bar', 'example', 'khan', 'red', 'ring', 'unit']);
  });

  it('decides common-word matches with the real case policy', () => {
    expect(aliasMatchesText('Bar', 'Bar')).toBe(true);
    expect(aliasMatchesText('Bar', 'bar')).toBe(false);
    expect(aliasMatchesText('ALP', 'Alp')).toBe(false);
    expect(aliasMatchesText({ form: 'IS', case: 'exact' }, 'Is')).toBe(false);
    expect(aliasMatchesText({ form: 'ring', case: 'any' }, 'RING')).toBe(true);
  });

  it('reports aliases of fewer than three letters without case: exact (AA222)', () => {
    const f = check('short.yaml');
    expect(summary(f)).toEqual(['AA222 warning entries[0].aliases[1]', 'AA222 warning entries[0].aliases[4]']);
    expect(f.map((x) => x.message.split('"')[1])).toEqual(['Ba', 'پل']);
  });

  it('reports reversed date ranges (AA223) and impossible dates (AA224)', () => {
    const f = check('dates.yaml');
    expect(summary(f)).toEqual([
      'AA223 error entries[0].roles[0].from',
      'AA224 error entries[0].roles[1].from',
      'AA223 error entries[1].active_from',
      'AA224 error entries[2].active_to',
    ]);
    expectAt('dates.yaml', f[1]!, '2021-02-30');
    expectAt('dates.yaml', f[3]!, '2001-13');
  });

  it('judges dates by the calendar and ranges at their common precision', () => {
    expect(impossibleDate('2016-02-29')).toBeUndefined();
    expect(impossibleDate('2100-02-29')).toBe('2100-02 has no day 29 (it has 28 days)');
    expect(impossibleDate('2021-04-31')).toBeDefined();
    expect(impossibleDate('2021-00')).toBe('month 00 does not exist');
    expect(impossibleDate('2021')).toBeUndefined();
    expect(dateRangeReversed('2021', '2021-05')).toBe(false);
    expect(dateRangeReversed('2021-08-15', '2021')).toBe(false);
    expect(dateRangeReversed('2021-09', '2021-08-30')).toBe(true);
    expect(dateRangeReversed('2019', '2018-12-31')).toBe(true);
  });

  it('reports unknown province codes, district and part_of ids, misplaced districts and a province naming another (AA225-AA230)', () => {
    const f = check('references.yaml');
    expect(summary(f)).toEqual([
      'AA230 error entries[1].province',
      'AA225 error entries[3].province',
      'AA226 error entries[4].district',
      'AA229 warning entries[5].district',
      'AA227 error entries[6].part_of',
    ]);
    expect(f[3]!.message).toBe('district "AF-BAL.mazar-i-sharif" is a city, not a district; lies in AF-BAL, not AF-SAM');
    expectAt('references.yaml', f[1]!, 'AF-XYZ');
  });

  it('resolves references across the lexicons checked together', () => {
    // clean.yaml's district and part_of point inside clean.yaml; references.yaml's unknown ids stay unknown.
    expect(summary(check('clean.yaml', 'references.yaml')).filter((s) => s.includes('AA226') || s.includes('AA227'))).toEqual([
      'AA226 error entries[4].district',
      'AA227 error entries[6].part_of',
    ]);
  });

  it('reports a short form that is another entry\'s alias (AA228)', () => {
    const f = check('short-forms.yaml');
    expect(summary(f)).toEqual(['AA228 warning entries[1].short_forms[0]']);
    expect(f[0]!.message).toContain('group.haqqani-network');
  });

  it('sorts findings by lexicon, then line', () => {
    const f = check('references.yaml', 'dates.yaml');
    const order = f.map((x) => [x.file, Number(x.where!.split(':')[0])] as const);
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] === 'references.yaml' ? -1 : 1));
    expect(order).toEqual(sorted);
    expect(f[0]!.file).toBe('references.yaml');
  });
});
