/**
 * The smaller items of issue 13 (item 8), end to end with the real executable and the tiny
 * fixture lexicon.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tinyLexiconPath } from '../helpers.js';

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

describe('option values that were taken for something else (issue 13 item 8)', () => {
  it.each(['', ' ', '0x1', '1e0', '0b1', '-0.1', '1.5'])('--min-confidence %j is refused with AA401', (value) => {
    const r = runCli(['annotate', join(corpus, 'x.txt'), '--min-confidence', value, ...TINY], { env });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error[AA401] --min-confidence takes a decimal number from 0 to 1, not ${JSON.stringify(value)}\n`);
    expect(r.status).toBe(2);
  });

  it.each(['0', '.5', '0.75', '1', '1.0'])('--min-confidence %j is taken', (value) => {
    expect(runCli(['annotate', join(corpus, 'x.txt'), '--min-confidence', value, ...TINY], { env }).status).toBe(0);
  });

  it.each([[''], [','], [' , ']])('--types %j is refused with AA401 (it would keep nothing)', (value) => {
    const r = runCli(['annotate', join(corpus, 'x.txt'), '--types', value, ...TINY], { env });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error\[AA401\] --types needs at least one entity type/);
    expect(r.status).toBe(2);
  });

  it('--ext and --include together are refused by annotate and check', () => {
    for (const args of [
      ['annotate', corpus, '--ext', 'md', '--include', '**/*.txt'],
      ['check', corpus, '-o', join(work, 'none'), '--ext', 'md', '--include', '**/*.txt'],
    ]) {
      const r = runCli([...args, ...TINY], { env });
      expect(r.stderr).toMatch(/^error\[AA401\] --ext and --include cannot be used together/);
      expect(r.status).toBe(2);
    }
  });
});

describe('show - and --source-dir (issue 13 item 8)', () => {
  let annotation: string;
  beforeAll(() => {
    // Annotated from inside the corpus: source.path is "x.txt", which the current folder of the tests does not hold.
    const r = runCli(['annotate', 'x.txt', ...TINY], { env, cwd: corpus });
    expect(r.status).toBe(0);
    annotation = join(work, 'x.ann.yaml');
    writeFileSync(annotation, r.stdout);
  });

  it('show - annotates a text read from standard input', () => {
    const r = runCli(['show', '-', '--no-legend', '--color', 'never', ...TINY], { input: 'Fighting in Helmand.\n', env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Fighting in [Helmand|province AF-HEL].\n');
    expect(r.status).toBe(0);
  });

  it('show - reads an annotation from standard input, and --source-dir resolves its source.path', () => {
    const input = readFileSync(annotation, 'utf8');
    const without = runCli(['show', '-', '--no-legend', '--color', 'never'], { input, env });
    expect(without.stderr).toMatch(/^error\[AA506\] -: cannot read the source text x\.txt/);
    expect(without.status).toBe(1);
    const r = runCli(['show', '-', '--no-legend', '--color', 'never', '--source-dir', corpus], { input, env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Fighting in [Helmand|province AF-HEL].\n');
    expect(r.status).toBe(0);
  });

  it('show FILE --source-dir and export --source-dir read source.path below the folder given', () => {
    const shown = runCli(['show', annotation, '--no-legend', '--color', 'never', '--source-dir', corpus], { env });
    expect(shown.stdout).toBe('Fighting in [Helmand|province AF-HEL].\n');
    const out = join(work, 'brat');
    const failed = runCli(['export', '-f', 'brat', annotation, '-o', out], { env });
    expect(failed.status).toBe(1);
    const r = runCli(['export', '-f', 'brat', annotation, '-o', out, '--source-dir', corpus], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'x.txt'), 'utf8')).toBe('Fighting in Helmand.\n');
  });
});
