/**
 * Issue 13 ("hardening, round two"), items 1, 2, 4, 5, 6 and 7, end to end with the real
 * executable: writes never leave --out-dir through a symbolic link; record mode uses each
 * record's date and offers --on-error skip|pass|fail; an --out-dir inside the input folder
 * is not walked again. (Item 2, the packed tarball, is test/cli/pack-install.cli.test.ts;
 * item 5, impossible dates refused, test/unit/cli-options.test.ts, in-process.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, expectValidAnnotation, runCli as spawnCli, runMain, tinyLexiconPath } from '../helpers.js';
import type { Annotation } from '../../src/core/output/contract.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;
let cache: string;
/** The command line in this process (test/helpers.ts runMain: a spawn costs ~0.5 s of CPU); `start` below spawns it. */
const runCli = (args: string[], options: Parameters<typeof runMain>[1] = {}): ReturnType<typeof runMain> =>
  runMain(args, { ...options, env: { XDG_CACHE_HOME: cache, ...options.env } });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-hardening2-'));
  cache = join(work, 'cache');
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Every file below `dir` (hidden ones included), relative, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

const MUJAHID = 'Zabihullah Mujahid said the Taliban entered Kunduz.';

describe('issue 13 item 4: record mode uses each record\'s date', () => {
  const line = (o: Record<string, unknown>): string => JSON.stringify(o);

  it('takes a record\'s "date" (a date or a date-time) for officials\' roles, before the dateline; --date wins over it', async () => {
    const input = [
      line({ id: 'before', text: MUJAHID, date: '2005-03-01' }),
      line({ id: 'after', text: MUJAHID, date: '2021-08-27T10:15:00Z' }),
      line({ id: 'none', text: MUJAHID }),
      line({ id: 'null', text: MUJAHID, date: null }),
      line({ id: 'dateline', text: `KABUL, Aug. 27, 2003 (Wire)\n${MUJAHID}`, date: '2019' }),
    ].join('\n');
    const r = await runCli(['annotate', '--input', 'jsonl', ...TINY], { input: `${input}\n` });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; annotation: Annotation });
    docs.forEach((d) => expectValidAnnotation(d.annotation));
    const official = (d: { annotation: Annotation }) => d.annotation.mentions.find((m) => m.type === 'official')!;
    expect(docs.map((d) => [d.id, d.annotation.source.date ?? null, d.annotation.source.date_from ?? null])).toEqual([
      ['before', '2005-03-01', 'record'],
      ['after', '2021-08-27', 'record'],
      ['none', null, null],
      ['null', null, null],
      ['dateline', '2019', 'record'],
    ]);
    expect(official(docs[0]!).out_of_office).toBe(true);
    expect(official(docs[1]!).roles_on_date).toEqual([{ title: 'Spokesman', organization: 'Taliban', from: '2007' }]);
    expect(official(docs[2]!).roles_on_date).toBeUndefined();
    // The record's date is the document's own: not an option of the run.
    expect(docs[0]!.annotation.annotator.options).toBeUndefined();

    const forced = await runCli(['annotate', '--input', 'jsonl', '--date', '2010', ...TINY], { input: `${input}\n` });
    expect(forced.status).toBe(0);
    const forcedDocs = forced.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { annotation: Annotation });
    expect(forcedDocs.map((d) => [d.annotation.source.date, d.annotation.source.date_from])).toEqual(Array(5).fill(['2010', 'option']));
  });

  it('--date-field names another field; an impossible or non-string record date is an error for that record (AA604)', async () => {
    const input = [
      line({ id: 'a', text: MUJAHID, published: '2005', date: '2021' }),
      line({ id: 'b', text: MUJAHID, published: '2021-02-30' }),
      line({ id: 'c', text: MUJAHID, published: 2021 }),
      line({ id: 'd', text: MUJAHID, published: '' }),
    ].join('\n');
    const r = await runCli(['annotate', '--input', 'jsonl', '--date-field', 'published', ...TINY], { input: `${input}\n` });
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'error[AA604] -:2: "published" is not a date: "2021-02-30" (February 2021 has 28 days)',
      'error[AA604] -:3: "published" is not a date: a number, not a string',
    ]);
    const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; annotation: Annotation });
    expect(docs.map((d) => [d.id, d.annotation.source.date ?? null])).toEqual([
      ['a', '2005'],
      ['d', null],
    ]);
    // Only in record mode.
    const text = await runCli(['annotate', '-', '--date-field', 'published', ...TINY], { input: MUJAHID });
    expect(text.status).toBe(2);
    expect(text.stderr).toMatch(/^error\[AA401\] --date-field is for record mode only/);
  });
});

describe('issue 13 item 7: record mode --on-error skip|pass|fail', () => {
  const input = `${[
    '{"id":"a","text":"Clashes in Kunduz."}',
    'not json',
    '{"id":"c","body":"no text","n":1.50}',
    '',
    '{"id":"e","text":"Helmand.","date":"2021-13"}',
    '{"id":"f","text":"The Taliban.","annotation":"old"}',
  ].join('\n')}\n`;

  it('skip (the default): bad records are left out, one stderr line each, exit 1', async () => {
    const r = await runCli(['annotate', '--input', 'jsonl', ...TINY], { input });
    const skip = await runCli(['annotate', '--input', 'jsonl', '--on-error', 'skip', ...TINY], { input });
    expect(skip).toEqual(r);
    expect(r.status).toBe(1);
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a', 'f']);
    expect(r.stderr.trimEnd().split('\n').map((l) => l.slice(0, 16))).toEqual(['error[AA602] -:2', 'error[AA603] -:3', 'error[AA604] -:5']);
  });

  it('pass: one output line per input record, bad ones with an "error" object in place of "annotation"; exit 0; same for --jobs 2', async () => {
    const r = await runCli(['annotate', '--input', 'jsonl', '--on-error', 'pass', '--jobs', '1', ...TINY], { input });
    expect(r.status).toBe(0);
    expect(r.stderr.trimEnd().split('\n').map((l) => l.slice(0, 16))).toEqual(['error[AA602] -:2', 'error[AA603] -:3', 'error[AA604] -:5']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    // Other fields kept byte for byte, as for an annotated record.
    expect(lines[2]).toBe('{"id":"c","body":"no text","n":1.50,"error":{"code":"AA603","message":"no \\"text\\" string in the record","line":3}}');
    const docs = lines.map((l) => JSON.parse(l) as { id?: string; annotation?: Annotation; error?: { code: string; message: string; line: number } });
    expect(docs.map((d) => [d.id ?? null, d.error?.code ?? null, d.error?.line ?? null, d.annotation === undefined])).toEqual([
      ['a', null, null, false],
      [null, 'AA602', 2, true],
      ['c', 'AA603', 3, true],
      ['e', 'AA604', 5, true],
      ['f', null, null, false],
    ]);
    expect(docs[1]!.error!.message).toMatch(/^not a JSON record/);
    const jobs2 = (await runCli(['annotate', '--input', 'jsonl', '--on-error', 'pass', '--jobs', '2', ...TINY], {
      input,
      env: { AFGHAN_ANNOTATOR_WORKERS_AFTER_MS: '0' },
    }));
    expect(jobs2).toEqual(r);
  });

  it('fail: the records before the first bad one are written, then the run stops with exit 1', async () => {
    const r = await runCli(['annotate', '--input', 'jsonl', '--on-error', 'fail', ...TINY], { input });
    expect(r.status).toBe(1);
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a']);
    expect(r.stderr).toMatch(/^error\[AA602\] -:2: not a JSON record[^\n]*\n$/);
  });

  it('is refused outside record mode, and takes only skip, pass or fail', async () => {
    expect((await runCli(['annotate', '-', '--on-error', 'pass', ...TINY], { input: 'x' })).stderr).toMatch(/^error\[AA401\] --on-error is for record mode only/);
    const bad = await runCli(['annotate', '--input', 'jsonl', '--on-error', 'ignore', ...TINY], { input: '{"text":"x"}\n' });
    expect(bad.status).toBe(2);
  });
});

describe('issue 13 item 1: writes never leave --out-dir through a symbolic link (AA110)', () => {
  const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

  /** A corpus with four inputs, and below `out` the traps: a folder link out at depth 0 and 2, a file link out, a link that stays inside. */
  function setUp(name: string, ext: string): { base: string; out: string; elsewhere: string } {
    const base = join(work, name);
    const corpus = join(base, 'corpus');
    for (const f of ['reports/r1.txt', 'deep/a/b/x.txt', 'top.txt', 'ok/y.txt']) {
      mkdirSync(join(corpus, f, '..'), { recursive: true });
      writeFileSync(join(corpus, f), 'Clashes in Kunduz and Helmand.\n');
    }
    const out = join(base, 'out');
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    mkdirSync(join(out, 'deep', 'a'), { recursive: true });
    mkdirSync(join(out, 'real-ok'), { recursive: true });
    symlinkSync('../elsewhere', join(out, 'reports'));
    symlinkSync('../../../elsewhere', join(out, 'deep', 'a', 'b'));
    writeFileSync(join(elsewhere, `top${ext}`), 'keep');
    symlinkSync(`../elsewhere/top${ext}`, join(out, `top${ext}`));
    symlinkSync('real-ok', join(out, 'ok'));
    return { base, out, elsewhere };
  }

  function expectRefused(r: { status: number | null; stderr: string }, ext: string, inputs: string[]): void {
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(inputs.length);
    for (const [i, input] of inputs.entries()) {
      expect(lines[i]).toMatch(new RegExp(`^error\\[AA110\\] ${input}: its output out/\\S+${ext.replace('.', '\\.')} would be written outside --out-dir out: out/\\S+ is a symbolic link to \\S+elsewhere\\S*; skipped$`));
    }
  }

  it('annotate: a folder link at depth 0 and 2 and a file link are refused, a link inside is followed, the others written', async () => {
    const { base, out, elsewhere } = setUp('escape-annotate', '.ann.yaml');
    const r = await runCli(['annotate', 'corpus', '-o', 'out', '--jobs', '1', ...TINY], { cwd: base });
    expectRefused(r, '.ann.yaml', ['corpus/deep/a/b/x.txt', 'corpus/reports/r1.txt', 'corpus/top.txt']);
    expect(listFiles(elsewhere)).toEqual(['top.ann.yaml']);
    expect(readFileSync(join(elsewhere, 'top.ann.yaml'), 'utf8')).toBe('keep');
    expect(listFiles(join(out, 'real-ok'))).toEqual(['y.ann.yaml']);
    // A rerun finds nothing up to date through the links either.
    const again = await runCli(['annotate', 'corpus', '-o', 'out', '--jobs', '1', ...TINY], { cwd: base });
    expectRefused(again, '.ann.yaml', ['corpus/deep/a/b/x.txt', 'corpus/reports/r1.txt', 'corpus/top.txt']);
  });

  it('check --update: the same links are refused, the other files updated', async () => {
    const { base, out, elsewhere } = setUp('escape-check', '.ann.yaml');
    const r = await runCli(['check', 'corpus', '-o', 'out', '--update', ...TINY], { cwd: base });
    expectRefused(r, '.ann.yaml', ['corpus/deep/a/b/x.txt', 'corpus/reports/r1.txt', 'corpus/top.txt']);
    expect(listFiles(elsewhere)).toEqual(['top.ann.yaml']);
    expect(readFileSync(join(elsewhere, 'top.ann.yaml'), 'utf8')).toBe('keep');
    expect(listFiles(join(out, 'real-ok'))).toEqual(['y.ann.yaml']);
  });

  it('export -o: the same links are refused (brat .txt and w3c .jsonld), the others written', async () => {
    for (const [format, ext] of [['brat', '.txt'], ['w3c', '.w3c.jsonld']] as const) {
      const { base, out, elsewhere } = setUp(`escape-export-${format}`, ext);
      const ann = await runCli(["annotate", "corpus", "-o", "ann", ...TINY], { cwd: base });
      expect(ann.status, ann.stderr).toBe(0);
      const r = await runCli(['export', '-f', format, 'ann', '-o', 'out'], { cwd: base });
      expectRefused(r, ext, ['ann/deep/a/b/x.ann.yaml', 'ann/reports/r1.ann.yaml', 'ann/top.ann.yaml']);
      expect(listFiles(elsewhere)).toEqual([`top${ext}`]);
      expect(readFileSync(join(elsewhere, `top${ext}`), 'utf8')).toBe('keep');
      expect(listFiles(join(out, 'real-ok'))).toEqual(format === 'brat' ? ['y.ann', 'y.txt'] : ['y.w3c.jsonld']);
    }
  });

  /** Run the CLI asynchronously; resolves with its status and output. */
  function start(args: string[], cwd: string): { child: ChildProcess; done: Promise<{ status: number | null; stderr: string }> } {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', XDG_CACHE_HOME: cache }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const done = new Promise<{ status: number | null; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stderr })));
    return { child, done };
  }

  async function waitFor(path: string): Promise<void> {
    for (let i = 0; i < 400 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(path), `${path} should have been written before the swap`).toBe(true);
  }

  /** Two folders of inputs around one that blocks (stdin or a named pipe); the output folder `sub` is swapped for a link while it blocks. */
  function swapSetUp(name: string): { base: string; elsewhere: string } {
    const base = join(work, name);
    for (const f of ['in1/sub/1.txt', 'in1/sub/2.txt', 'in2/sub/3.txt']) {
      mkdirSync(join(base, f, '..'), { recursive: true });
      writeFileSync(join(base, f), 'Clashes in Kunduz.\n');
    }
    mkdirSync(join(base, 'elsewhere'));
    return { base, elsewhere: join(base, 'elsewhere') };
  }

  function swap(dir: string): void {
    renameSync(dir, `${dir}-old`);
    symlinkSync('../elsewhere', dir);
  }

  it('annotate: a folder replaced by a link between inputs is refused for the inputs after it', async () => {
    const { base, elsewhere } = swapSetUp('swap-annotate');
    const run = start(['annotate', 'in1', '-', 'in2', '-o', 'out', '--jobs', '1', ...TINY], base);
    await waitFor(join(base, 'out', 'sub', '1.ann.yaml'));
    swap(join(base, 'out', 'sub'));
    run.child.stdin!.end('Helmand.\n');
    const r = await run.done;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[AA110\] in2\/sub\/3\.txt: its output out\/sub\/3\.ann\.yaml would be written outside --out-dir out: out\/sub is a symbolic link to \S+elsewhere; skipped$/m);
    expect(listFiles(elsewhere)).toEqual([]);
    expect(existsSync(join(base, 'out', 'stdin.ann.yaml'))).toBe(true);
  });

  it.skipIf(!hasMkfifo)('check --update and export: a folder replaced by a link between inputs is refused', async () => {
    const { base, elsewhere } = swapSetUp('swap-check');
    spawnSync('mkfifo', [join(base, 'fifo.txt')]);
    const run = start(['check', 'in1', 'fifo.txt', 'in2', '-o', 'out', '--update', ...TINY], base);
    await waitFor(join(base, 'out', 'sub', '2.ann.yaml'));
    swap(join(base, 'out', 'sub'));
    writeFileSync(join(base, 'fifo.txt'), 'Helmand.\n');
    const r = await run.done;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[AA110\] in2\/sub\/3\.txt: its output out\/sub\/3\.ann\.yaml would be written outside --out-dir out: out\/sub is a symbolic link to \S+elsewhere; skipped$/m);
    expect(listFiles(elsewhere)).toEqual([]);

    // export: annotation files of in1 and in2, a named pipe between them.
    expect((await runCli(['annotate', 'in1', '-o', 'ann1', ...TINY], { cwd: base })).status).toBe(0);
    expect((await runCli(['annotate', 'in2', '-o', 'ann2', ...TINY], { cwd: base })).status).toBe(0);
    spawnSync('mkfifo', [join(base, 'fifo.ann.yaml')]);
    const exp = start(['export', '-f', 'w3c', 'ann1', 'fifo.ann.yaml', 'ann2', '-o', 'exp'], base);
    await waitFor(join(base, 'exp', 'sub', '2.w3c.jsonld'));
    swap(join(base, 'exp', 'sub'));
    writeFileSync(join(base, 'fifo.ann.yaml'), readFileSync(join(base, 'ann1', 'sub', '1.ann.yaml')));
    const e = await exp.done;
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/^error\[AA110\] ann2\/sub\/3\.ann\.yaml: its output exp\/sub\/3\.w3c\.jsonld would be written outside --out-dir exp: exp\/sub is a symbolic link to \S+elsewhere; skipped$/m);
    expect(listFiles(elsewhere)).toEqual([]);
    expect(existsSync(join(base, 'exp', 'fifo.w3c.jsonld'))).toBe(true);
  });
});

describe('one process, several runs (test/helpers.ts runMain; a library user)', () => {
  it('makes its output folders again when run from another folder, or after the out-dir was removed', async () => {
    for (const name of ['first', 'second']) {
      const base = join(work, `again-${name}`);
      mkdirSync(join(base, 'corpus', 'sub'), { recursive: true });
      writeFileSync(join(base, 'corpus', 'sub', 'a.txt'), 'Clashes in Kunduz.\n');
      for (let round = 0; round < 2; round++) {
        const r = await runCli(['annotate', 'corpus', '-o', 'out', '--jobs', '1', ...TINY], { cwd: base });
        expect([r.status, r.stderr]).toEqual([0, '']);
        expect(listFiles(join(base, 'out'))).toEqual(['sub/a.ann.yaml']);
        rmSync(join(base, 'out'), { recursive: true });
      }
    }
  });
});

describe('issue 13 item 6: an --out-dir inside the input folder is not annotated again', () => {
  it('leaves out the out-dir, the files the tool writes and export folders, run after run; says so in --help', async () => {
    const base = join(work, 'inside');
    mkdirSync(join(base, 'corpus', 'sub'), { recursive: true });
    writeFileSync(join(base, 'corpus', 'a.txt'), 'Clashes in Kunduz.\n');
    writeFileSync(join(base, 'corpus', 'sub', 'b.txt'), 'Fighting in Helmand.\n');
    for (let i = 0; i < 3; i++) {
      // --include '**/*' takes every file: only the tool's own outputs and folders are left out.
      const r = await runCli(['annotate', 'corpus', '-o', 'corpus/out', '--include', '**/*', ...TINY], { cwd: base });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect((await runCli(['export', '-f', 'brat', 'corpus/out', '-o', 'corpus/brat'], { cwd: base })).status).toBe(0);
    expect((await runCli(['export', '-f', 'w3c', 'corpus/out', '-o', 'corpus/w3c'], { cwd: base })).status).toBe(0);
    for (const args of [[], ['--include', '**/*']]) {
      const r = await runCli(['annotate', 'corpus', '-o', 'corpus/out', ...args, ...TINY], { cwd: base });
      expect(r.status, r.stderr).toBe(0);
      // A second out-dir inside: the first one's files are not inputs either.
      expect((await runCli(['annotate', 'corpus', '-o', 'corpus/out2', ...args, ...TINY], { cwd: base })).status).toBe(0);
    }
    expect(listFiles(join(base, 'corpus', 'out'))).toEqual(['a.ann.yaml', 'sub/b.ann.yaml']);
    expect(listFiles(join(base, 'corpus', 'out2'))).toEqual(['a.ann.yaml', 'sub/b.ann.yaml']);
    const check = await runCli(['check', 'corpus', '-o', 'corpus/out', '--include', '**/*', ...TINY], { cwd: base });
    expect(check.stdout).toBe('check: 2 file(s): 2 up to date\n');
    expect(check.status).toBe(0);
    const help = (await runCli(['annotate', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('folder walks leave out DIR, the files the tool writes (*.ann.yaml, *.ann.json, *.ann.jsonl, *.ann, *.w3c.jsonld) and folders written by export');
  });
});

describe('issue 13 item 7: --on-error pass keeps one line per record when a worker crashes', () => {
  it('writes an AA601 error line for each record of the batch the crashed worker had', () => {
    const dir = join(work, 'crash-records');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"a1","text":"Kunduz."}\n{"id":"a2","text":"Helmand."}\n');
    writeFileSync(join(dir, 'b-crash.jsonl'), '{"id":"b1","text":"Kunduz."}\n\n{"id":"b2","text":"Helmand."}\n');
    writeFileSync(join(dir, 'c.jsonl'), '{"id":"c1","text":"Kunduz."}\n');
    // A real process: the worker thread's crash is process.exit in the thread.
    const r = spawnCli(['annotate', '--input', 'jsonl', dir, '--on-error', 'pass', '--jobs', '2', ...TINY], {
      env: { XDG_CACHE_HOME: cache, AFGHAN_ANNOTATOR_WORKERS_AFTER_MS: '0', AFGHAN_ANNOTATOR_TEST_WORKER_CRASH: 'b-crash' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^error\[AA601\] \S+b-crash\.jsonl:1: lines 1-3: the worker thread annotating this input stopped/);
    const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id?: string; error?: { code: string; line: number } });
    expect(docs.map((d) => d.id ?? `${d.error!.code}:${d.error!.line}`)).toEqual(['a1', 'a2', 'AA601:1', 'AA601:3', 'c1']);
  });
});
