/**
 * `check` over the per-input job of annotate (issue 14): --jobs, stdin (-) and record mode
 * (--input jsonl), and errors handled as annotate handles them (same codes; one bad input
 * never stops the check). The report is the same whatever --jobs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
/** Worker threads at once, so that --jobs 2 really uses one. */
const WORKERS_NOW = { AFGHAN_ANNOTATOR_WORKERS_AFTER_MS: '0' };
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-check-jobs-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('check over the same jobs as annotate', () => {
  it('--jobs 1 and --jobs 2 give the same report, errors and exit code; a bad input is reported with annotate\'s code and the others are still checked', async () => {
    const corpus = join(work, 'corpus');
    mkdirSync(join(corpus, 'sub'), { recursive: true });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const n of names) writeFileSync(join(corpus, 'sub', `${n}.txt`), `Fighting in Kunduz and Helmand (${n}).\n`);
    const out = join(work, 'corpus-ann');
    expect((await runMain(['annotate', corpus, '-o', out, ...TINY])).status).toBe(0);
    // b drifts, d's annotation file is gone, c cannot be decoded (AA103), f is new text.
    writeFileSync(join(corpus, 'sub', 'b.txt'), 'Fighting in Kunduz only.\n');
    rmSync(join(out, 'sub', 'd.ann.yaml'));
    writeFileSync(join(corpus, 'sub', 'c.txt'), Buffer.from([0x4b, 0xff, 0xfe, 0x41, 0x0a, 0xc3]));
    const annotateError = await runMain(['annotate', join(corpus, 'sub', 'c.txt'), ...TINY]);
    expect(annotateError.stderr).toMatch(/^error\[AA10\d\] /);

    const one = await runMain(['check', corpus, '-o', out, '--jobs', '1', ...TINY]);
    const two = await runMain(['check', corpus, '-o', out, '--jobs', '2', ...TINY], { env: WORKERS_NOW });
    expect(one.status).toBe(1);
    expect(one.stderr).toBe(annotateError.stderr);
    expect(one.stdout).toMatch(/^drift +\S+b\.ann\.yaml .*\n(?: .*\n)*missing +\S+d\.ann\.yaml .*\ncheck: 5 file\(s\): 3 up to date, 1 drifted, 1 missing, 1 unreadable input\(s\)\n$/);
    expect([two.status, two.stdout, two.stderr]).toEqual([one.status, one.stdout, one.stderr]);

    // --update with workers writes what annotate writes.
    const updated = await runMain(['check', corpus, '-o', out, '--jobs', '2', '--update', ...TINY], { env: WORKERS_NOW });
    expect(updated.status).toBe(1); // c still cannot be read
    expect(updated.stdout).toContain('check: 5 file(s): 3 up to date, 1 updated, 1 created, 1 unreadable input(s)\n');
    const fresh = join(work, 'corpus-fresh');
    await runMain(['annotate', corpus, '-o', fresh, ...TINY]);
    for (const n of ['b', 'd']) expect(readFileSync(join(out, 'sub', `${n}.ann.yaml`), 'utf8')).toBe(readFileSync(join(fresh, 'sub', `${n}.ann.yaml`), 'utf8'));
  });

  it('reads standard input (-), compared with DIR/stdin.ann.<format> as annotate - writes it', async () => {
    const out = join(work, 'stdin-ann');
    const text = 'The Taliban entered Kunduz.\n';
    expect((await runMain(['annotate', '-', '-o', out, '-f', 'json', ...TINY], { input: text })).status).toBe(0);
    const same = await runMain(['check', '-', '-o', out, '-f', 'json', ...TINY], { input: text });
    expect([same.status, same.stdout, same.stderr]).toEqual([0, 'check: 1 file(s): 1 up to date\n', '']);
    const other = await runMain(['check', '-', '-o', out, '-f', 'json', ...TINY], { input: 'The Taliban entered Helmand.\n' });
    expect(other.status).toBe(1);
    expect(other.stdout).toMatch(/^drift +\S+stdin\.ann\.json \(-\): /);
  });

  it('record mode: each record\'s annotation is compared with a fresh one; a bad record is an error (annotate\'s code) and the rest is checked; the same whatever --jobs', async () => {
    const records = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `r${i}`, text: `Clashes in Kunduz (${i}).`, date: '2021-08-15' }));
    const annotated = await runMain(['annotate', '--input', 'jsonl', ...TINY], { input: `${records.join('\n')}\n` });
    expect(annotated.status).toBe(0);
    const file = join(work, 'annotated.jsonl');
    writeFileSync(file, annotated.stdout);
    const ok = await runMain(['check', '--input', 'jsonl', file, ...TINY]);
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, 'check: 40 record(s): 40 up to date\n', '']);
    // From stdin too.
    expect((await runMain(['check', '--input', 'jsonl', ...TINY], { input: annotated.stdout })).stdout).toBe('check: 40 record(s): 40 up to date\n');

    const lines = annotated.stdout.trimEnd().split('\n');
    const edited = JSON.parse(lines[2]!) as Record<string, unknown>;
    edited['text'] = 'Clashes in Helmand and Kunduz.';
    lines[2] = JSON.stringify(edited);
    lines[5] = records[5]!; // no annotation
    lines[9] = '{"id": "r9", "text": '; // not JSON
    writeFileSync(file, `${lines.join('\n')}\n`);
    const annotateBad = await runMain(['annotate', '--input', 'jsonl', ...TINY], { input: `${lines[9]}\n` });
    expect(annotateBad.stderr).toMatch(/^error\[AA602\] -:1: /);

    const one = await runMain(['check', '--input', 'jsonl', file, '--jobs', '1', ...TINY]);
    const two = await runMain(['check', '--input', 'jsonl', file, '--jobs', '2', ...TINY], { env: WORKERS_NOW });
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/^error\[AA602\] \S+annotated\.jsonl:10: not a JSON record/);
    expect(one.stderr.split('\n')).toHaveLength(2);
    expect(one.stdout).toMatch(/^drift +\S+annotated\.jsonl:3 \(r2\): 1 gained, 0 lost, 0 changed/);
    expect(one.stdout).toMatch(/\nmissing +\S+annotated\.jsonl:6 \(r5\): no annotation field; 1 mention\(s\)\n/);
    expect(one.stdout).toMatch(/\ncheck: 39 record\(s\): 37 up to date, 1 drifted, 1 missing, 1 bad or unreadable record\(s\)\n$/);
    expect([two.status, two.stdout, two.stderr]).toEqual([one.status, one.stdout, one.stderr]);
  });

  it('record mode refuses --out-dir and --update (exit 2)', async () => {
    for (const extra of [['-o', join(work, 'x')], ['--update']]) {
      const r = await runMain(['check', '--input', 'jsonl', ...extra, ...TINY], { input: '' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error\[AA401\] /);
    }
  });
});
