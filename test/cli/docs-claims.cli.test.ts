/**
 * What the documentation says about behaviour, checked against the real executable (issue 13,
 * item 9): stdin's output name, `--types` recorded, `check --update` with extra files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;
let env: Record<string, string>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-docs-'));
  env = { XDG_CACHE_HOME: join(work, 'cache') };
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('documentation claims (issue 13 item 9)', () => {
  it('standard input is written to DIR/stdin.ann.yaml, and --types is recorded in annotator.options', () => {
    const out = join(work, 'stdin-out');
    const r = runCli(['annotate', '-', '-o', out, '--types', 'province', ...TINY], { input: 'Fighting in Kunduz.\n', env });
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'stdin.ann.yaml'), 'utf8')).toMatch(/options:\n\s+types:\n\s+- province/);
  });

  it('check --update exits 1 when it finds an extra file, which it does not delete', () => {
    const corpus = join(work, 'corpus');
    const out = join(work, 'annotations');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'a.txt'), 'Fighting in Kunduz.\n');
    expect(runCli(['annotate', corpus, '-o', out, ...TINY], { env }).status).toBe(0);
    writeFileSync(join(out, 'zz.ann.yaml'), 'stale\n');
    const r = runCli(['check', corpus, '-o', out, '--update', ...TINY], { env });
    expect(r.stdout).toContain('extra');
    expect(r.status).toBe(1);
    expect(readFileSync(join(out, 'zz.ann.yaml'), 'utf8')).toBe('stale\n');
  });
});
