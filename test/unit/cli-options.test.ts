/**
 * Options the command line refuses or takes, before any input is read: run in this process
 * (runMain, src/cli/main.ts `main`). Until issue 14 each case spawned the built executable
 * (test/cli/hardening2.cli.test.ts, issue 13 item 5; test/cli/small-items.cli.test.ts,
 * item 8; test/cli/scale.cli.test.ts, issue 5), about 1 s a case; the exit code and the one stderr line are main's, the same in-process.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/core/output/contract.js';
import { runMain, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath, '--jobs', '1'];
const TINY_CHECK = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
const MUJAHID = 'Zabihullah Mujahid said the Taliban entered Kunduz.';
const work = mkdtempSync(join(tmpdir(), 'aa-cli-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('issue 13 item 5: impossible dates are refused (AA401)', () => {
  it('refuses --date 2021-02-30, 2021-13, 0000 and 2021-00-10 with one line, for annotate and check', async () => {
    for (const date of ['2021-02-30', '2021-13', '0000', '2021-00-10', '2019-02-29']) {
      for (const args of [['annotate', '-', ...TINY], ['check', 'samples', '-o', join(work, 'never'), ...TINY_CHECK]]) {
        const r = await runMain([...args, '--date', date], { input: MUJAHID });
        expect(r.status, `${args[0]} --date ${date}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(new RegExp(`^error\\[AA401\\] --date takes a real date, YYYY, YYYY-MM or YYYY-MM-DD, not "${date}" \\([^\\n]+\\)\\n$`));
      }
    }
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('takes real dates, 29 February of a leap year included', async () => {
    for (const date of ['2020-02-29', '2021', '2021-12', '0001-01-01']) {
      const r = await runMain(['annotate', '-', '-f', 'json', '--date', date, ...TINY], { input: MUJAHID });
      expect(r.status, date).toBe(0);
      expect((JSON.parse(r.stdout) as Annotation).source.date).toBe(date);
    }
  });
});

describe('issue 5: --jobs, --shard and record mode options', () => {
  const tiny = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];

  it('refuses an invalid --jobs with AA401', async () => {
    const r = await runMain(['annotate', 'samples', '--jobs', '0', ...tiny]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[AA401\] invalid --jobs "0"/);
  });

  it('refuses a malformed shard with AA401', async () => {
    for (const bad of ['4/4', '1', 'a/b', '0/0']) {
      const r = await runMain(['annotate', 'samples', '--shard', bad, ...TINY]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error\[AA401\] invalid --shard/);
    }
  });

  it('refuses --out-dir, --shard and a non-jsonl --format in record mode', async () => {
    for (const extra of [['-o', join(work, 'x')], ['--shard', '0/2'], ['-f', 'yaml']]) {
      const r = await runMain(['annotate', '--input', 'jsonl', ...extra, ...TINY], { input: '{"text":"x"}\n' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error\[AA401\] /);
    }
    expect(existsSync(join(work, 'x'))).toBe(false);
  });
});

describe('option values that were taken for something else (issue 13 item 8)', () => {
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'x.txt'), 'Fighting in Helmand.\n');

  it.each(['', ' ', '0x1', '1e0', '0b1', '-0.1', '1.5'])('--min-confidence %j is refused with AA401', async (value) => {
    const r = await runMain(['annotate', join(corpus, 'x.txt'), '--min-confidence', value, ...TINY]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error[AA401] --min-confidence takes a decimal number from 0 to 1, not ${JSON.stringify(value)}\n`);
    expect(r.status).toBe(2);
  });

  it.each(['0', '.5', '0.75', '1', '1.0'])('--min-confidence %j is taken', async (value) => {
    expect((await runMain(['annotate', join(corpus, 'x.txt'), '--min-confidence', value, ...TINY])).status).toBe(0);
  });

  it.each([[''], [','], [' , ']])('--types %j is refused with AA401 (it would keep nothing)', async (value) => {
    const r = await runMain(['annotate', join(corpus, 'x.txt'), '--types', value, ...TINY]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error\[AA401\] --types needs at least one entity type/);
    expect(r.status).toBe(2);
  });

  it('--ext and --include together are refused by annotate and check', async () => {
    for (const args of [
      ['annotate', corpus, '--ext', 'md', '--include', '**/*.txt', ...TINY],
      ['check', corpus, '-o', join(work, 'none'), '--ext', 'md', '--include', '**/*.txt', ...TINY_CHECK],
    ]) {
      const r = await runMain(args);
      expect(r.stderr).toMatch(/^error\[AA401\] --ext and --include cannot be used together/);
      expect(r.status).toBe(2);
    }
  });
});
