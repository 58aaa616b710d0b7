/**
 * `-f json` on stdout is one JSON document (issue 14): more than one input is refused
 * before anything is written, pointing to `-f jsonl`; reading back uses JSON.parse (JSON or
 * JSON Lines), and indented documents one after another (what earlier versions printed)
 * are a syntax error that says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-json-stdout-'));
  mkdirSync(join(work, 'two'));
  writeFileSync(join(work, 'two', 'a.txt'), 'Fighting in Kunduz.\n');
  writeFileSync(join(work, 'two', 'b.txt'), 'Fighting in Helmand.\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('-f json on stdout', () => {
  it('one input: one JSON document, as before', async () => {
    const r = await runMain(['annotate', join(work, 'two', 'a.txt'), '-f', 'json', ...TINY]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { source: { path: string } }).source.path).toBe(join(work, 'two', 'a.txt'));
  });

  it.each([
    ['two files', ['two/a.txt', 'two/b.txt']],
    ['a folder of two', ['two']],
  ])('%s: refused (AA401, exit 2) with nothing on stdout, pointing to -f jsonl', async (_name, paths) => {
    const r = await runMain(['annotate', ...paths, '-f', 'json', '--jobs', '2', ...TINY], { cwd: work });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error[AA401] -f json writes one JSON document to stdout, and these inputs make more than one: use -f jsonl (one document per line) or --out-dir DIR\n');
  });

  it('validate reads JSON Lines; indented documents one after another are AA501 naming -f jsonl', async () => {
    const lines = (await runMain(['annotate', 'two', '-f', 'jsonl', ...TINY], { cwd: work })).stdout;
    writeFileSync(join(work, 'lines.json'), lines);
    expect((await runMain(['validate', join(work, 'lines.json'), '--no-source'])).status).toBe(0);
    const pretty = lines
      .trimEnd()
      .split('\n')
      .map((l) => JSON.stringify(JSON.parse(l), null, 2))
      .join('\n');
    writeFileSync(join(work, 'pretty.json'), `${pretty}\n`);
    const r = await runMain(['validate', join(work, 'pretty.json'), '--no-source']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/AA501.*more than one JSON document one after another \(write them as JSON Lines, annotate -f jsonl\)/);
  });
});
