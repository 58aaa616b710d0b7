/**
 * Archive scale (issue 5), end to end with the real executable: --jobs gives the same
 * bytes whatever N, a crashing worker does not stop or hang the run, reruns skip what is
 * up to date (and remove a dead run's temporary files), --shard splits the inputs, record
 * mode keeps the records, the progress line appears on a terminal only, and the lexicon
 * cache never changes the output. Interrupted runs (SIGINT, SIGTERM, SIGKILL):
 * test/cli/interrupt.cli.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { binPath, expectValidAnnotation, repoRoot, runCli as runCliWith, runMain, tinyLexiconPath } from '../helpers.js';
import type { Annotation } from '../../src/core/output/contract.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
/** Worker threads start at once, not after 300 ms of work: these small runs must use them. */
const NOW = { AFGHAN_ANNOTATOR_WORKERS_AFTER_MS: '0' };
const runCli = (args: string[], options: Parameters<typeof runCliWith>[1] = {}): ReturnType<typeof runCliWith> =>
  runCliWith(args, { ...options, env: { ...NOW, ...options.env } });
let work: string;
let corpus: string;

/** Every file below `dir` (hidden ones included), relative, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const NAMES = ['Kunduz', 'Helmand', 'Lashkar Gah', 'the Taliban', 'TTP', 'ISKP', 'Sar-e Pol', 'کندز', 'Kondoz', 'Pakistani Taliban'];
const FILLER = 'officials said fighting continued near the district centre while residents stayed indoors'.split(' ');

/** A deterministic news-like text of about `size` characters. */
function article(seed: number, size: number): string {
  let x = seed * 7919 + 13;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const sentences: string[] = [];
  let length = 0;
  while (length < size) {
    const words = Array.from({ length: 8 + next(10) }, () => (next(6) === 0 ? NAMES[next(NAMES.length)]! : FILLER[next(FILLER.length)]!));
    const s = `${words.join(' ')}.`;
    sentences.push(s[0]!.toUpperCase() + s.slice(1));
    length += s.length + 1;
  }
  return `${sentences.join(seed % 3 === 0 ? '\r\n' : ' ')}\n`;
}

function makeCorpus(dir: string, files: number, size: number): void {
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `part-${String(i % 4)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `article-${String(i).padStart(4, '0')}.txt`), article(i, size));
  }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-scale-'));
  corpus = join(work, 'corpus');
  makeCorpus(corpus, 40, 1500);
  // Bad inputs in the middle of the walk: their errors must come in input order.
  writeFileSync(join(corpus, 'part-1', 'article-0005b.txt'), Buffer.from([0x4b, 0x61, 0x62, 0xff, 0x75, 0x6c]));
  writeFileSync(join(corpus, 'part-2', 'article-0010b.txt'), Buffer.from('Kunduz\u0000binary'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('--jobs: the same bytes whatever N', () => {
  for (const format of ['yaml', 'jsonl'] as const) {
    it(`stdout (-f ${format}) and the error messages are identical for --jobs 1, 2 and 3`, async () => {
      const missing = join(work, 'no-such-file.txt');
      // --jobs 1 in this process (test/helpers.ts runMain), 2 and 3 as processes with worker threads.
      const args = (n: number): string[] => ['annotate', corpus, missing, '-f', format, '--jobs', String(n), ...TINY];
      const runs = [await runMain(args(1)), ...[2, 3].map((n) => runCli(args(n)))];
      for (const r of runs) {
        expect(r.status).toBe(1);
        expect(r.stdout).toBe(runs[0]!.stdout);
        expect(r.stderr).toBe(runs[0]!.stderr);
      }
      const codes = runs[0]!.stderr.trimEnd().split('\n').map((l) => /^error\[(AA\d+)\] ([^:]+)/.exec(l)?.slice(1));
      expect(codes).toEqual([
        ['AA103', join(corpus, 'part-1', 'article-0005b.txt')],
        ['AA104', join(corpus, 'part-2', 'article-0010b.txt')],
        ['AA101', missing],
      ]);
      const docs: Annotation[] =
        format === 'jsonl'
          ? runs[0]!.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Annotation)
          : YAML.parseAllDocuments(runs[0]!.stdout).map((d) => d.toJS() as Annotation);
      expect(docs).toHaveLength(40);
      docs.forEach(expectValidAnnotation);
      // Input order: the walk's sorted order.
      const paths = docs.map((d) => d.source.path);
      expect(paths).toEqual([...paths].sort());
    });
  }

  it('--out-dir trees are identical for --jobs 1 and --jobs 2', async () => {
    const o1 = join(work, 'jobs-o1');
    const o2 = join(work, 'jobs-o2');
    const r1 = await runMain(['annotate', corpus, '-o', o1, '-f', 'json', '--jobs', '1', ...TINY]);
    const r2 = runCli(['annotate', corpus, '-o', o2, '-f', 'json', '--jobs', '2', ...TINY]);
    expect(r1.status).toBe(1);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toBe(r1.stderr);
    const t1 = readTree(o1);
    expect(Object.keys(t1)).toHaveLength(40);
    expect(readTree(o2)).toEqual(t1);
    expectValidAnnotation(JSON.parse(Object.values(t1)[0]!));
  });

  it('a crashed worker fails its input with AA601; the others are written and the run ends', () => {
    const out = join(work, 'crash');
    const r = runCli(['annotate', corpus, '-o', out, '-f', 'jsonl', '--jobs', '2', ...TINY], {
      env: { AFGHAN_ANNOTATOR_TEST_WORKER_CRASH: 'article-0017' },
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('error[AA601]'))).toEqual([
      expect.stringMatching(/^error\[AA601\] .*article-0017\.txt: the worker thread annotating this input stopped/),
    ]);
    const files = listFiles(out);
    expect(files).toHaveLength(39);
    expect(files.some((f) => f.includes('article-0017'))).toBe(false);
  });
});

/**
 * The command line with `--jobs 1` in this process (runMain): which inputs are up to date,
 * or in a shard, is decided by the run, not by the process, and a spawn costs about half a
 * second of CPU. The runs with --jobs 2, and the full runs they are compared with, stay
 * real ones.
 */
const annotateHere = (args: string[]) => runMain([...args, '--jobs', '1']);

describe('incremental runs with --out-dir', () => {
  const OLD = new Date(1_000_000_000_000);
  function age(dir: string): void {
    for (const f of listFiles(dir)) utimesSync(join(dir, f), OLD, OLD);
  }
  function rewritten(dir: string): string[] {
    return listFiles(dir).filter((f) => statSync(join(dir, f)).mtimeMs !== OLD.getTime());
  }
  it('skips outputs that are up to date, redoes changed inputs, lexicons and broken outputs; --force redoes all', async () => {
    const src = join(work, 'inc-corpus');
    makeCorpus(src, 12, 800);
    const out = join(work, 'inc-out');
    expect((await annotateHere(['annotate', src, '-o', out, ...TINY])).status).toBe(0);
    const first = readTree(out);
    expect(Object.keys(first)).toHaveLength(12);

    // Stand-ins for what a killed run can leave (test/cli/interrupt.cli.test.ts kills real
    // runs): a temporary file of a dead process, ours to remove even in a folder where
    // nothing is left to write; one of a live process and an unrelated file, not ours.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-') || 'host';
    const stale = join(out, 'part-0', `.article-9999.ann.yaml.${host}.${dead}.0123abcd.tmp`);
    const live = join(out, 'part-0', `.article-9998.ann.yaml.${host}.${process.pid}.0123abcd.tmp`);
    const unrelated = join(out, 'part-0', '.notes.tmp');
    age(out);
    for (const f of [stale, live, unrelated]) writeFileSync(f, 'partial: '); // new: an old one may be stale whatever its process
    expect(runCli(['annotate', src, '-o', out, '--jobs', '2', ...TINY]).status).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    rmSync(live);
    rmSync(unrelated);
    expect(rewritten(out)).toEqual([]);

    // One input changed, one output truncated: only those two are redone.
    writeFileSync(join(src, 'part-1', 'article-0005.txt'), 'Fighting spread to Helmand today.\n');
    const broken = join(out, 'part-2', 'article-0006.ann.yaml');
    writeFileSync(broken, first['part-2/article-0006.ann.yaml']!.slice(0, 200));
    age(out);
    expect((await annotateHere(['annotate', src, '-o', out, ...TINY])).status).toBe(0);
    expect(rewritten(out)).toEqual(['part-1/article-0005.ann.yaml', 'part-2/article-0006.ann.yaml']);
    expect(readFileSync(broken, 'utf8')).toBe(first['part-2/article-0006.ann.yaml']);
    const changed = YAML.parse(readFileSync(join(out, 'part-1', 'article-0005.ann.yaml'), 'utf8')) as Annotation;
    expectValidAnnotation(changed);
    expect(changed.mentions.map((m) => m.text)).toEqual(['Helmand']);

    // Another lexicon (a different sha256 in annotator.lexicons): everything is redone.
    const lexicon = join(work, 'tiny-changed.yaml');
    writeFileSync(lexicon, `${readFileSync(tinyLexiconPath, 'utf8')}\n# changed\n`);
    age(out);
    expect((await annotateHere(['annotate', src, '-o', out, '--no-builtin-lexicons', '--lexicon', lexicon])).status).toBe(0);
    expect(rewritten(out)).toHaveLength(12);

    age(out);
    expect((await annotateHere(['annotate', src, '-o', out, '--force', '--no-builtin-lexicons', '--lexicon', lexicon])).status).toBe(0);
    expect(rewritten(out)).toHaveLength(12);

    // Options that change what is found are recorded (annotator.options): a rerun with
    // other options redoes everything, the same options again nothing.
    for (const options of [['--types', 'province'], ['--date', '2021-08-15'], ['--no-variants'], ['--min-confidence', '0.9']]) {
      age(out);
      expect((await annotateHere(['annotate', src, '-o', out, '--no-builtin-lexicons', '--lexicon', lexicon, ...options])).status).toBe(0);
      expect(rewritten(out), options.join(' ')).toHaveLength(12);
      age(out);
      expect((await annotateHere(['annotate', src, '-o', out, '--no-builtin-lexicons', '--lexicon', lexicon, ...options])).status).toBe(0);
      expect(rewritten(out), options.join(' ')).toEqual([]);
    }
  });

  it('checks json and jsonl outputs too', async () => {
    const src = join(work, 'inc-corpus-json');
    makeCorpus(src, 4, 600);
    for (const format of ['json', 'jsonl']) {
      const out = join(work, `inc-out-${format}`);
      expect((await annotateHere(['annotate', src, '-o', out, '-f', format, ...TINY])).status).toBe(0);
      age(out);
      expect((await annotateHere(['annotate', src, '-o', out, '-f', format, ...TINY])).status).toBe(0);
      expect(rewritten(out)).toEqual([]);
      writeFileSync(join(src, 'part-3', 'article-0003.txt'), `Clashes in Kunduz (${format}).\n`);
      expect((await annotateHere(['annotate', src, '-o', out, '-f', format, ...TINY])).status).toBe(0);
      expect(rewritten(out)).toEqual([`part-3/article-0003.ann.${format}`]);
    }
  });
});

// The refusals of a bad --jobs, --shard or record-mode option: test/unit/cli-options.test.ts, in-process.
describe('--shard K/N', () => {
  it('shards are disjoint and together make one full run, on stdout and in one --out-dir', async () => {
    // The two full runs are real ones (--jobs as the machine has cores); the shards run here.
    const full = runCli(['annotate', corpus, '-f', 'jsonl', ...TINY]);
    const fullLines = full.stdout.trimEnd().split('\n');
    expect(fullLines).toHaveLength(40);
    const seen: string[] = [];
    const out = join(work, 'shards');
    for (let k = 0; k < 4; k++) {
      const r = await annotateHere(['annotate', corpus, '-f', 'jsonl', '--shard', `${k}/4`, ...TINY]);
      const lines = r.stdout === '' ? [] : r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeLessThan(40);
      seen.push(...lines);
      await annotateHere(['annotate', corpus, '-o', out, '-f', 'jsonl', '--shard', `${k}/4`, ...TINY]);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...fullLines].sort());

    const fullOut = join(work, 'shards-full');
    runCli(['annotate', corpus, '-o', fullOut, '-f', 'jsonl', ...TINY]);
    expect(readTree(out)).toEqual(readTree(fullOut));
  });
});

describe('record mode: annotate --input jsonl', () => {
  const records = [
    '{"id": 12345678901234567890, "text": "Clashes in Kunduz and Helmand.", "score": 1.50, "tags": ["a"]}',
    '{"id":"b","text":"Nothing to see.","nested":{"k":[1,2,3]}}',
    'not json at all',
    '',
    '{"id":"c","body":"no text field"}',
    '{"id":"d","text":"The TTP and the Taliban.","annotation":"old"}',
    '[1,2]',
    '{"text":"No id: Lashkar Gah."}',
  ];

  it('writes each record with its annotation, other fields kept byte for byte, errors with line numbers', async () => {
    const r = await runMain(['annotate', '--input', 'jsonl', ...TINY], { input: `${records.join('\n')}\n` });
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^error\[AA602\] -:3: not a JSON record/),
      expect.stringMatching(/^error\[AA603\] -:5: no "text" string in the record$/),
      expect.stringMatching(/^error\[AA603\] -:7: not a JSON object with a "text" field$/),
    ]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // Fields other than the annotation are the input's own bytes (no number rewriting).
    expect(lines[0]!.startsWith('{"id": 12345678901234567890, "text": "Clashes in Kunduz and Helmand.", "score": 1.50, "tags": ["a"],"annotation":{')).toBe(true);
    expect(lines[1]!.startsWith('{"id":"b","text":"Nothing to see.","nested":{"k":[1,2,3]},"annotation":{')).toBe(true);
    const docs = lines.map((l) => JSON.parse(l) as { id?: unknown; annotation: Annotation });
    docs.forEach((d) => expectValidAnnotation(d.annotation));
    expect(docs[0]!.annotation.mentions.map((m) => m.text)).toEqual(['Kunduz', 'Helmand']);
    expect(docs[1]!.annotation.source.path).toBe('b');
    expect(Object.keys(docs[2]!)).toEqual(['id', 'text', 'annotation']);
    expect(docs[2]!.annotation.mentions.map((m) => m.text)).toEqual(['TTP', 'Taliban']);
    expect(docs[3]!.annotation.source.path).toBe('-');
  });

  it('reads record files and folders; output is identical for --jobs 1 and 2 across batches', async () => {
    const dir = join(work, 'records');
    mkdirSync(dir, { recursive: true });
    // More than one batch (128 KB) per file, so that several workers take part.
    for (const name of ['a.jsonl', 'b.jsonl']) {
      const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: `${name}-${i}`, text: article(i, 600), n: i }));
      lines.splice(123, 0, '{"id": broken');
      writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
    }
    const r1 = await runMain(['annotate', '--input', 'jsonl', dir, '--jobs', '1', ...TINY]);
    const r2 = runCli(['annotate', '--input', 'jsonl', dir, '--jobs', '2', ...TINY]);
    expect(r1.status).toBe(1);
    expect(r2.stdout).toBe(r1.stdout);
    expect(r2.stderr).toBe(r1.stderr);
    expect(r1.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^error\[AA602\] .*a\.jsonl:124: not a JSON record/),
      expect.stringMatching(/^error\[AA602\] .*b\.jsonl:124: not a JSON record/),
    ]);
    const docs = r1.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; n: number; annotation: Annotation });
    expect(docs.map((d) => d.id)).toEqual([...Array.from({ length: 400 }, (_, i) => `a.jsonl-${i}`), ...Array.from({ length: 400 }, (_, i) => `b.jsonl-${i}`)]);
    expectValidAnnotation(docs[399]!.annotation);
  });
});

describe('progress on a terminal only', () => {
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  const hasScript = script.status === 0;

  it('prints nothing but errors on stderr when stderr is not a terminal', () => {
    const r = runCli(['annotate', corpus, '-o', join(work, 'quiet-pipe'), ...TINY]);
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('error['))).toEqual([]);
  });

  it.skipIf(!hasScript)('draws a progress line and a one-line summary under a pseudo-terminal (script from util-linux)', () => {
    const out = join(work, 'tty-out');
    const cmd = [process.execPath, binPath, 'annotate', corpus, '-o', out, '--jobs', '2', ...TINY].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qec', `${cmd} >/dev/null`, '/dev/null'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', TERM: 'xterm', XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? '', ...NOW },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.stdout).toMatch(/\r\d+ files {2}[\d.]+ MB\/s|\r\[[#-]{20}\] {2}\d+\/42 files/);
    expect(r.stdout).toMatch(/annotated 40 files, [\d,]+ mentions, 2 errors in [\d.]+ (ms|s)\r?\n/);
    const quiet = spawnSync('script', ['-qec', `${cmd} --quiet >/dev/null`, '/dev/null'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', TERM: 'xterm', XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? '', ...NOW },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(quiet.stdout).not.toMatch(/MB\/s|annotated/);
    expect(quiet.stdout).toMatch(/error\[AA103\]/);
  });
});

describe('lexicon cache', () => {
  it('is written under $XDG_CACHE_HOME, never changes the output, survives a corrupt entry, and --no-lexicon-cache bypasses it', () => {
    const cache = join(work, 'xdg');
    const dir = join(cache, 'afghan-annotator', 'lexicons');
    const env = { XDG_CACHE_HOME: cache };
    const args = ['annotate', join(corpus, 'part-0'), '-f', 'jsonl', ...TINY];
    const off = runCli([...args, '--no-lexicon-cache'], { env });
    expect(off.stderr).toBe('');
    expect(off.status).toBe(0);
    expect(listFiles(dir)).toEqual([]);
    const miss = runCli(args, { env });
    expect(miss.status).toBe(0);
    const entries = listFiles(dir);
    expect(entries).toHaveLength(2); // one per lexicon file, one for the context rules
    const hit = runCli(args, { env });
    expect(hit.status).toBe(0);
    expect(miss.stdout).toBe(off.stdout);
    expect(hit.stdout).toBe(off.stdout);
    for (const e of entries) writeFileSync(join(dir, e), '{"format": 1, "sha256": "');
    const corrupt = runCli(args, { env });
    expect(corrupt.status).toBe(0);
    expect(corrupt.stdout).toBe(off.stdout);
  });
});
