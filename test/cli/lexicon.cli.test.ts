import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectValidAnnotation, fixtures, runMain, tinyLexiconPath } from '../helpers.js';
import type { Finding } from '../../src/core/lexicon/validate.js';
import type { LookupResult } from '../../src/core/lexicon/lookup.js';
import type { LexiconStats } from '../../src/core/lexicon/stats.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
const dir = join(fixtures, 'lexicons', 'validate');
const fixture = (name: string): string => join(dir, name);
const WORDS = ['--words', fixture('words.txt')];

interface ValidateJson {
  lexicons: number;
  entries: number;
  aliases: number;
  errors: number;
  warnings: number;
  findings: Finding[];
  notes: string[];
}

describe('afghan-annotator lexicon validate (real executable)', () => {
  it('passes the shipped lexicons: no errors, exit 0', async () => {
    const r = await runMain(['lexicon', 'validate']);
    expect(r.stderr).not.toMatch(/^error\[/m);
    expect(r.stderr).toMatch(/^checked \d+ lexicon\(s\), \d+ entries, \d+ aliases: 0 error\(s\), \d+ warning\(s\)$/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('takes a built-in lexicon given by path in place of itself (no duplicate name)', async () => {
    const r = await runMain(['lexicon', 'validate', join('lexicons', 'provinces.yaml'), '--json']);
    const out = JSON.parse(r.stdout) as ValidateJson;
    expect(out.findings.filter((f) => f.code === 'AA205' || f.code === 'AA204')).toEqual([]);
    expect(out.errors).toBe(0);
    expect(r.status).toBe(0);
  });

  it('passes the tiny fixture lexicon with a one-line summary', async () => {
    const r = await runMain(['lexicon', 'validate', ...TINY, ...WORDS]);
    expect(r.stderr).toBe('checked 1 lexicon(s), 10 entries, 22 aliases: 0 error(s), 0 warning(s)\n');
    expect(r.status).toBe(0);
  });

  it('reports each file\'s errors on one line each (code, file, line:column, YAML path) and goes on to the next file; exit 2', async () => {
    const r = await runMain(['lexicon', 'validate', '--no-builtin-lexicons', ...WORDS, fixture('syntax.yaml'), fixture('schema.yaml'), fixture('dates.yaml')]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(new RegExp(`^error\\[AA202\\] ${fixture('syntax.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: `)) as string,
      `error[AA203] ${fixture('schema.yaml')}:11:15: entries[0].province: must match pattern "^AF-[A-Z]{3}$"`,
    ]);
    expect(lines.slice(2, 6).map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['error[AA223]', 'error[AA224]', 'error[AA223]', 'error[AA224]']);
    expect(lines[3]).toBe(`error[AA224] ${fixture('dates.yaml')}:15:34: entries[0].roles[1].from: "2021-02-30": 2021-02 has no day 30 (it has 28 days)`);
    expect(lines.at(-1)).toBe('checked 3 lexicon(s), 3 entries, 3 aliases: 6 error(s), 0 warning(s)');
  });

  it('exits 0 on warnings, 1 with --strict; -q prints nothing but errors', async () => {
    const args = ['lexicon', 'validate', '--no-builtin-lexicons', ...WORDS, fixture('short.yaml')];
    const r = await runMain(args);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning[AA222]'))).toHaveLength(2);
    expect((await runMain([...args, '--strict'])).status).toBe(1);
    const quiet = await runMain([...args, '-q', '--strict']);
    expect(quiet.stderr).toBe('');
    expect(quiet.status).toBe(1);
  });

  it('--json prints the findings as data on stdout', async () => {
    const r = await runMain(['lexicon', 'validate', '--no-builtin-lexicons', ...WORDS, fixture('clean.yaml'), fixture('references.yaml'), '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as ValidateJson;
    expect([out.lexicons, out.errors, out.warnings]).toEqual([2, 4, 1]);
    expect(out.findings.map((f) => f.code)).toEqual(['AA230', 'AA225', 'AA226', 'AA229', 'AA227']);
    expect(out.findings[1]).toEqual({
      code: 'AA225',
      severity: 'error',
      file: fixture('references.yaml'),
      path: 'entries[3].province',
      where: '31:15',
      message: 'province "AF-XYZ" is not the id of any province entry loaded',
    });
  });

  it('refuses a --words file that cannot be read (AA401, exit 2)', async () => {
    const r = await runMain(['lexicon', 'validate', ...TINY, '--words', fixture('no-such-words.txt')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[AA401\] .*no-such-words\.txt: --words: cannot read the word list \(ENOENT\)$/m);
  });
});

describe('afghan-annotator lexicon list', () => {
  it('lists entries by type, then id, as tab-separated columns with a header', async () => {
    const r = await runMain(['lexicon', 'list', ...TINY]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id\ttype\tname\tprovince\tlexicon\taliases');
    expect(lines.slice(1).map((l) => l.split('\t')[0])).toEqual([
      'AF-HEL',
      'AF-KDZ',
      'AF-SAR',
      'AF-HEL.lashkar-gah',
      'AF-KDZ.kunduz-city',
      'group.iskp',
      'group.nato',
      'group.taliban',
      'group.ttp',
      'person.zabihullah-mujahid',
    ]);
    expect(lines[4]).toBe('AF-HEL.lashkar-gah\tplace\tLashkar Gah\tAF-HEL\ttiny\t2');
    expect(lines[10]).toBe('person.zabihullah-mujahid\tofficial\tZabihullah Mujahid\t-\ttiny\t2');
  });

  it('--type and --json', async () => {
    const r = await runMain(['lexicon', 'list', ...TINY, '--type', 'armed_group', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; type: string; province: string | null; aliases: number }[];
    expect(rows.map((x) => x.id)).toEqual(['group.iskp', 'group.nato', 'group.taliban', 'group.ttp']);
    expect(rows[0]).toEqual({ id: 'group.iskp', type: 'armed_group', name: 'Islamic State Khorasan Province', province: null, lexicon: 'tiny', aliases: 3 });
  });

  it('refuses an unknown type (AA401, exit 2)', async () => {
    const r = await runMain(['lexicon', 'list', ...TINY, '--type', 'village']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error[AA401]');
  });
});

describe('afghan-annotator lexicon lookup', () => {
  it('explains a match: pieces and keys, each alias with its case verdict, and what annotate outputs (ambiguous)', async () => {
    const r = await runMain(['lexicon', 'lookup', 'Kunduz', ...TINY, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as LookupResult;
    expectValidAnnotation(out.annotation);
    expect(out.pieces).toEqual([{ raw: 'Kunduz', key: 'kunduz', case: 'capitalized' }]);
    expect(out.matches.map((m) => [m.entity, m.alias, m.accepted])).toEqual([
      ['AF-KDZ', 'Kunduz', true],
      ['AF-KDZ.kunduz-city', 'Kunduz', true],
    ]);
    const [mention] = out.annotation.mentions;
    expect(mention).toMatchObject({ start: 0, end: 6, entity: 'AF-KDZ', ambiguous: true });
    expect(mention!.candidates!.map((c) => c.entity)).toEqual(['AF-KDZ', 'AF-KDZ.kunduz-city']);
  });

  it('shows an alias the case policy refuses, and exits 1 when the name yields no mention', async () => {
    const r = await runMain(['lexicon', 'lookup', 'kunduz', ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('normalize.v3 pieces: "kunduz" -> "kunduz" (lower)');
    expect(r.stdout).toContain(
      '[0,6) "kunduz": refused: AF-KDZ (province, "Kunduz", lexicon tiny) alias "Kunduz" (case: shape): alias word "Kunduz" needs a capital initial; "kunduz" has none',
    );
    expect(r.stdout).toContain('annotateText on the query alone:\n  no mention\n');
  });

  it('shows case: exact refusals, longest-first and code-point offsets in a longer string', async () => {
    const r = await runMain(['lexicon', 'lookup', 'Is the 🙂 Pakistani Taliban here?', ...TINY, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as LookupResult;
    expectValidAnnotation(out.annotation);
    expect(out.matches.map((m) => [m.start, m.end, m.entity, m.accepted])).toEqual([
      [0, 2, 'group.iskp', false],
      [9, 26, 'group.ttp', true],
      [19, 26, 'group.taliban', true],
    ]);
    expect(out.matches[0]!.reason).toBe('"Is" is not written exactly as "IS"');
    expect(out.annotation.mentions.map((m) => [m.start, m.end, m.entity])).toEqual([[9, 26, 'group.ttp']]);
  });

  it('explains a refusal that is not about case: a short exact-case alias in shouted text', async () => {
    const r = await runMain(['lexicon', 'lookup', 'THE TALIBAN IS READY', ...TINY, '--json']);
    const out = JSON.parse(r.stdout) as LookupResult;
    expectValidAnnotation(out.annotation);
    expect(out.matches.map((m) => [m.text, m.entity, m.accepted])).toEqual([
      ['TALIBAN', 'group.taliban', true],
      ['IS', 'group.iskp', false],
    ]);
    expect(out.matches[1]!.reason).toBe('a short exact-case alias next to a word in capitals (shouted text) does not match');
  });

  it('lists short forms that the name matches', async () => {
    const r = await runMain(['lexicon', 'lookup', 'Haqqani', '--no-builtin-lexicons', '--lexicon', fixture('short-forms.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[0,7) "Haqqani": person.sirajuddin-haqqani (official, "Sirajuddin Haqqani", lexicon short-forms) short form "Haqqani"');
    expect(r.stdout).toContain('-> group.haqqani-network (armed_group, "Haqqani Network") alias "Haqqani", rule alias');
  });
});

describe('afghan-annotator lexicon stats', () => {
  it('counts per lexicon and type, with the longest alias in pieces (--json)', async () => {
    const r = await runMain(['lexicon', 'stats', ...TINY, '--json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as LexiconStats & { compiled_aliases: number };
    expect(s.total).toEqual({
      entries: 10,
      aliases: 22,
      arabic_script_aliases: 3,
      short_forms: 0,
      sources: 1,
      longest_alias: { form: 'Tehrik-i-Taliban Pakistan', pieces: 4, entity: 'group.ttp' },
    });
    expect(s.lexicons.map((l) => [l.name, l.entries, l.declared_sources])).toEqual([['tiny', 10, 1]]);
    expect(s.types.province).toMatchObject({ entries: 3, aliases: 8, arabic_script_aliases: 2 });
    expect(s.types.official?.longest_alias).toEqual({ form: 'ذبيح الله مجاهد', pieces: 3, entity: 'person.zabihullah-mujahid' });
    expect(s.compiled_aliases).toBe(22);
  });

  it('prints a table', async () => {
    const r = await runMain(['lexicon', 'stats', '--no-builtin-lexicons', '--lexicon', fixture('short-forms.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      '| lexicon     | type        | entries | aliases | Arabic script | short forms | sources | longest alias (pieces) |',
      '|-------------|-------------|--------:|--------:|--------------:|------------:|--------:|------------------------|',
      '| short-forms | armed_group |       1 |       2 |             0 |           0 |       1 | 2 "Haqqani Network"    |',
    ]);
    expect(r.stdout).toContain('| all         | all         |       2 |       3 |             0 |           2 |       1 | 2 "Haqqani Network"    |');
  });
});
