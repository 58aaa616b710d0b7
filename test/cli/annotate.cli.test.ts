import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { binPath, cpSlice, expectValidAnnotation, readSchemaFile, repoRoot, runCli, tinyLexiconPath } from '../helpers.js';
import type { Annotation } from '../../src/core/output/contract.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;
let corpus: string;

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-cli-'));
  corpus = join(work, 'corpus');
  mkdirSync(join(corpus, 'helmand'), { recursive: true });
  writeFileSync(join(corpus, 'a.txt'), 'KUNDUZ, Oct 3 – The Taliban’s fighters entered Kunduz.\n');
  writeFileSync(join(corpus, 'helmand', 'b.txt'), 'Clashes in Lashkar Gah, Helmand 🙂, said Zabihullah Mujahid.\r\n');
  writeFileSync(join(corpus, 'notes.md'), 'Kunduz in a markdown file');
  writeFileSync(join(corpus, '.hidden.txt'), 'Kunduz hidden');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('afghan-annotator annotate (end to end, real executable)', () => {
  it('writes one annotation per input, mirroring the tree, and nothing on stdout', () => {
    const out = join(work, 'out1');
    const r = runCli(['annotate', corpus, '--out-dir', out, ...TINY]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(listFiles(out)).toEqual(['a.ann.yaml', 'helmand/b.ann.yaml']);
    const b = YAML.parse(readFileSync(join(out, 'helmand', 'b.ann.yaml'), 'utf8')) as Annotation;
    expectValidAnnotation(b);
    expect(b.source.path).toBe(join(corpus, 'helmand', 'b.txt'));
    const text = readFileSync(join(corpus, 'helmand', 'b.txt'), 'utf8');
    expect(b.mentions.map((m) => cpSlice(text, m.start, m.end))).toEqual(['Lashkar Gah', 'Helmand', 'Zabihullah Mujahid']);
  });

  it('is deterministic: two runs give byte-identical files', () => {
    const o1 = join(work, 'det1');
    const o2 = join(work, 'det2');
    runCli(['annotate', corpus, '-o', o1, '-f', 'json', ...TINY]);
    runCli(['annotate', corpus, '-o', o2, '-f', 'json', ...TINY]);
    for (const f of listFiles(o1)) expect(readFileSync(join(o2, f), 'utf8')).toBe(readFileSync(join(o1, f), 'utf8'));
  });

  it('takes other extensions with --ext and globs with --include', () => {
    const r = runCli(['annotate', corpus, '--ext', 'md', '-f', 'jsonl', ...TINY]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Annotation).source.path)).toEqual([join(corpus, 'notes.md')]);
    const g = runCli(['annotate', corpus, '--include', 'helmand/*.txt', '-f', 'jsonl', ...TINY]);
    expect(g.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('-f jsonl writes one compact document per line, in input order', () => {
    const r = runCli(['annotate', corpus, '-f', 'jsonl', ...TINY]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const docs = lines.map((l) => JSON.parse(l) as Annotation);
    docs.forEach(expectValidAnnotation);
    expect(docs.map((d) => d.source.path)).toEqual([join(corpus, 'a.txt'), join(corpus, 'helmand', 'b.txt')]);
  });

  it('YAML on stdout separates documents with ---', () => {
    const r = runCli(['annotate', corpus, ...TINY]);
    expect(r.status).toBe(0);
    const docs = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS() as Annotation);
    expect(docs).toHaveLength(2);
    docs.forEach(expectValidAnnotation);
    expect(r.stdout.startsWith('---\n')).toBe(true);
  });

  it('reads stdin with -', () => {
    const r = runCli(['annotate', '-', '-f', 'json', ...TINY], { input: 'Fighting in Helmand.' });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as Annotation;
    expectValidAnnotation(doc);
    expect(doc.source.path).toBe('-');
    expect(doc.mentions.map((m) => m.entity)).toEqual(['AF-HEL']);
  });

  it('keeps only --types', () => {
    const r = runCli(['annotate', corpus, '-f', 'jsonl', '--types', 'official,place', ...TINY]);
    const types = r.stdout.trim().split('\n').flatMap((l) => (JSON.parse(l) as Annotation).mentions.map((m) => m.type));
    expect(new Set(types)).toEqual(new Set(['official', 'place']));
  });

  it('goes on past bad inputs, reports each on one line with code and file, and exits 1', () => {
    const dir = join(work, 'mixed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '1-good.txt'), 'In Kunduz.');
    writeFileSync(join(dir, '2-bad-utf8.txt'), Buffer.from([0x4b, 0x61, 0xff, 0x62]));
    writeFileSync(join(dir, '3-binary.txt'), Buffer.from([0x4b, 0x00, 0x61]));
    writeFileSync(join(dir, '4-good.txt'), 'In Helmand.');
    const out = join(work, 'mixed-out');
    const r = runCli(['annotate', dir, join(work, 'missing.txt'), '-o', out, ...TINY]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `error[AA103] ${join(dir, '2-bad-utf8.txt')}: invalid UTF-8 at byte 2`,
      `error[AA104] ${join(dir, '3-binary.txt')}: binary file (NUL byte at byte 1)`,
      `error[AA101] ${join(work, 'missing.txt')}: no such file or directory`,
    ]);
    expect(listFiles(out)).toEqual(['1-good.ann.yaml', '4-good.ann.yaml']);
  });

  it('refuses two inputs that would write the same output file (AA107) and writes the first', () => {
    const d1 = join(work, 'c1');
    const d2 = join(work, 'c2');
    mkdirSync(d1, { recursive: true });
    mkdirSync(d2, { recursive: true });
    writeFileSync(join(d1, 'same.txt'), 'Kunduz');
    writeFileSync(join(d2, 'same.txt'), 'Helmand');
    const out = join(work, 'collide');
    const r = runCli(['annotate', join(d1, 'same.txt'), join(d2, 'same.txt'), '-o', out, ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[AA107\] .*c2\/same\.txt: its output/);
    expect((YAML.parse(readFileSync(join(out, 'same.ann.yaml'), 'utf8')) as Annotation).mentions[0]!.text).toBe('Kunduz');
  });

  it('exits 2 and writes nothing on a lexicon error', () => {
    const out = join(work, 'lexerr');
    const r = runCli(['annotate', corpus, '-o', out, '--lexicon', join(repoRoot, 'test/fixtures/lexicons/bad/schema.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[AA203\] .*schema\.yaml:10:15: entries\[0\]\.province: must match pattern/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on a usage error, with the message on stderr only', () => {
    const r = runCli(['annotate', corpus, '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("argument 'xml' is invalid");
    const t = runCli(['annotate', corpus, '--types', 'city', ...TINY]);
    expect(t.status).toBe(2);
    expect(t.stderr).toBe('error[AA401] unknown entity type "city" (expected province, place, armed_group, official)\n');
    const none = runCli(['annotate']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('AA402');
  });

  it('prints help with examples and the exit codes, and the version', () => {
    const h = runCli(['annotate', '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('Examples:');
    expect(h.stdout).toContain('Exit codes:');
    const v = runCli(['--version']);
    expect(v.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('colours stderr only when asked: never with NO_COLOR and no terminal, always with --color always', () => {
    const plain = runCli(['annotate', join(work, 'nope.txt'), ...TINY]);
    expect(plain.stderr).not.toContain('\u001b[');
    const forced = runCli(['annotate', join(work, 'nope.txt'), '--color', 'always', ...TINY]);
    expect(forced.stderr).toContain('\u001b[');
  });

  it('ends quietly with exit 0 when the reader closes the pipe (| head)', () => {
    const many = Array.from({ length: 400 }, () => corpus);
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${binPath}" annotate -f jsonl ${TINY.join(' ')} ${many.map((p) => `"${p}"`).join(' ')} | head -c 100`], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? '' },
    });
    expect(r.stdout).toHaveLength(100);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('afghan-annotator schema', () => {
  it('prints the published annotation schema, and the lexicon schema on request', () => {
    const r = runCli(['schema']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(readSchemaFile('annotation'));
    expect(JSON.parse(runCli(['schema', 'lexicon']).stdout)).toEqual(readSchemaFile('lexicon'));
  });
});
