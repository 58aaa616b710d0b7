/**
 * The smaller items of issue 13 (item 8), end to end with the real executable and the tiny
 * fixture lexicon.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;
let env: Record<string, string>;
let corpus: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-small-'));
  env = { XDG_CACHE_HOME: join(work, 'cache') };
  corpus = join(work, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'x.txt'), 'Fighting in Helmand.\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Option values that were taken for something else (--min-confidence, --types, --ext with
// --include): test/unit/cli-options.test.ts, in-process.

describe('show - and --source-dir (issue 13 item 8)', () => {
  let annotation: string;
  beforeAll(async () => {
    // Annotated from inside the corpus: source.path is "x.txt", which the current folder of the tests does not hold.
    const r = await runMain(['annotate', 'x.txt', ...TINY], { env, cwd: corpus });
    expect(r.status).toBe(0);
    annotation = join(work, 'x.ann.yaml');
    writeFileSync(annotation, r.stdout);
  });

  it('show - annotates a text read from standard input', async () => {
    const r = await runMain(['show', '-', '--no-legend', '--color', 'never', ...TINY], { input: 'Fighting in Helmand.\n', env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Fighting in [Helmand|province AF-HEL].\n');
    expect(r.status).toBe(0);
  });

  it('show - reads an annotation from standard input, and --source-dir resolves its source.path', async () => {
    const input = readFileSync(annotation, 'utf8');
    const without = await runMain(['show', '-', '--no-legend', '--color', 'never'], { input, env });
    expect(without.stderr).toMatch(/^error\[AA506\] -: cannot read the source text x\.txt/);
    expect(without.status).toBe(1);
    const r = await runMain(['show', '-', '--no-legend', '--color', 'never', '--source-dir', corpus], { input, env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Fighting in [Helmand|province AF-HEL].\n');
    expect(r.status).toBe(0);
  });

  it('show FILE --source-dir and export --source-dir read source.path below the folder given', async () => {
    const shown = await runMain(['show', annotation, '--no-legend', '--color', 'never', '--source-dir', corpus], { env });
    expect(shown.stdout).toBe('Fighting in [Helmand|province AF-HEL].\n');
    const out = join(work, 'brat');
    const failed = await runMain(['export', '-f', 'brat', annotation, '-o', out], { env });
    expect(failed.status).toBe(1);
    const r = await runMain(['export', '-f', 'brat', annotation, '-o', out, '--source-dir', corpus], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'x.txt'), 'utf8')).toBe('Fighting in Helmand.\n');
  });
});

describe('lexicon errors, record ids and --explain (issue 13 item 8)', () => {
  const lexicon = (name: string, body: string): string => {
    const path = join(work, name);
    writeFileSync(
      path,
      `format: afghan-annotator/lexicon@1\nlexicon: ${name.replace(/\.yaml$/, '')}\nversion: 1.0.0\nsources:\n  - { id: s, title: t, licence: CC0-1.0 }\nentries:\n${body}`,
    );
    return path;
  };

  it('lexicon validate reports every schema error of a file, each on its own line', async () => {
    const path = lexicon(
      'many.yaml',
      [
        '  - { id: x1, type: place, name: X, province: AF-KDZ, aliases: [Xville], sources: [s], colour: red }',
        '  - { id: x2, type: provnce, name: Y, province: AF-KDZ, aliases: [Yville], sources: [s] }',
        '  - { id: x3, type: armed_group, name: Z, aliases: [Zed, 7], sources: [s] }',
        '',
      ].join('\n'),
    );
    const r = await runMain(['lexicon', 'validate', '--no-builtin-lexicons', path], { env });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error['))).toEqual([
      `error[AA203] ${path}:7:88: entries[0].colour: unknown key "colour"`,
      `error[AA203] ${path}:8:21: entries[1].type: must be one of "province", "place", "armed_group", "official"`,
      `error[AA203] ${path}:9:58: entries[2].aliases[1]: must be string`,
    ]);
    expect(r.stderr).toContain('checked 1 lexicon(s), 0 entries, 0 aliases: 3 error(s), 0 warning(s)');
    expect(r.status).toBe(2);
  });

  it('the xref key pattern error names the key', async () => {
    const path = lexicon('xref.yaml', '  - { id: g1, type: armed_group, name: G, aliases: [Gee Group], sources: [s], xref: { ACLED: x, ok: y } }\n');
    const r = await runMain(['lexicon', 'validate', '--no-builtin-lexicons', path], { env });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error['))).toEqual([
      `error[AA203] ${path}:7:87: entries[0].xref.ACLED: key "ACLED" must match pattern "^[a-z][a-z0-9_]*$"`,
    ]);
    const loading = await runMain(['annotate', '-', '--no-builtin-lexicons', '--lexicon', path], { env });
    expect(loading.stderr).toBe(`error[AA203] ${path}:7:87: entries[0].xref.ACLED: key "ACLED" must match pattern "^[a-z][a-z0-9_]*$"\n`);
  });

  it('a numeric record id keeps its exact text in source.path', async () => {
    const input = ['{"id": 100000000000000000000000000, "text": "Kunduz"}', '{"meta": {"id": 3}, "text": "x \\"id\\": 4", "id" : 1.50 }', '{"id": 7, "text": "y"}', ''].join('\n');
    const r = await runMain(['annotate', '--input', 'jsonl', ...TINY], { input, env });
    expect(r.status).toBe(0);
    const paths = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { annotation: { source: { path: string } } }).annotation.source.path);
    expect(paths).toEqual(['100000000000000000000000000', '1.50', '7']);
    // The record itself is kept byte for byte.
    expect(r.stdout.startsWith('{"id": 100000000000000000000000000, "text": "Kunduz","annotation":')).toBe(true);
  });

  it('--explain lists the rule that introduced an unlisted person', async () => {
    const r = await runMain(['annotate', '-', '--explain', '-f', 'json', ...TINY], { input: 'Provincial police chief Abdul Rahman Haqyar said so.\n', env });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { mentions: { text: string; rule: string; entity: string }[]; explanation: unknown[] };
    expect(doc.mentions).toMatchObject([{ text: 'Abdul Rahman Haqyar', rule: 'title-before-name', entity: 'local.person.abdul-rahman-haqyar' }]);
    expect(doc.explanation).toContainEqual({
      start: 24,
      end: 43,
      text: 'Abdul Rahman Haqyar',
      rule: 'title-before-name',
      outcome: 'added',
      before: [],
      after: ['local.person.abdul-rahman-haqyar'],
    });
  });
});

describe('check lines up mentions that only moved (issue 13 item 8)', () => {
  it('reports mentions after an insertion as shifted, not lost and gained', async () => {
    const dir = join(work, 'shift');
    const out = join(work, 'shift-out');
    mkdirSync(dir);
    const body = 'Fighting in Kunduz and Helmand. The Taliban said so. '.repeat(4);
    writeFileSync(join(dir, 'a.txt'), body);
    expect((await runMain(['annotate', dir, '-o', out, ...TINY], { env })).status).toBe(0);
    writeFileSync(join(dir, 'a.txt'), `UPDATE: Clashes in Lashkar Gah. ${body}`);
    const r = await runMain(['check', dir, '-o', out, '--all', ...TINY], { env });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toContain('1 gained, 0 lost, 0 changed; 12 shifted (same mention, moved by an edit before it)');
    expect(lines[1]).toBe('  + gained  19-30 "Lashkar Gah": place AF-HEL.lashkar-gah (AF-HEL)');
    expect(lines[2]).toBe('  > shifted 12-18 -> 44-50 "Kunduz": province AF-KDZ');
    expect(lines.filter((l) => l.startsWith('  > shifted'))).toHaveLength(12);
    expect(r.stdout).not.toMatch(/- lost/);
  });
});
