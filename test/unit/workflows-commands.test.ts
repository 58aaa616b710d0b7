/**
 * The commands check, diff, validate, stats, show and export, run as the command line runs
 * them (src/cli/main.ts `main`, in this process: runMain), with the tiny fixture lexicon, so
 * that growing the shipped lexicons does not change these results. (Until issue 14 these
 * spawned the built executable, about 1 s a run: test/cli/ keeps the tests of the
 * executable itself: exit codes of the process, stdin, signals, terminals.)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Annotation } from '../../src/core/output/contract.js';
import { cpSlice, expectValidAnnotation, runMain, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;

const A_TEXT = 'Fighting in Kunduz 🙂 and Helmand. The Taliban said so.\n';
// CRLF line ends, Pashto script, an emoji.
const B_TEXT = 'Clashes in Lashkar Gah, Helmand, said Zabihullah Mujahid.\r\nISKP and the Taliban fought near کندز 🙂.\r\n';

function makeCorpus(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'a.txt'), A_TEXT);
  writeFileSync(join(dir, 'sub', 'b.txt'), B_TEXT);
  return dir;
}

async function annotateInto(corpus: string, out: string, extra: string[] = []): Promise<void> {
  const r = await runMain(['annotate', corpus, '--out-dir', out, '--jobs', '1', ...TINY, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

function readYaml(path: string): Annotation {
  const doc = YAML.parse(readFileSync(path, 'utf8')) as Annotation;
  expectValidAnnotation(doc);
  return doc;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

/** A lexicon that makes "Kunduz" a place (higher priority than the province). */
let placeFirst: string;
/** The tiny lexicon with another version: the same mentions, another stamp. */
let tinyBumped: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-workflows-'));
  placeFirst = join(work, 'place-first.yaml');
  writeFileSync(
    placeFirst,
    [
      'format: afghan-annotator/lexicon@1',
      'lexicon: place-first',
      'version: 1.0.0',
      'sources:',
      '  - {id: test, title: t, licence: CC0-1.0}',
      'entries:',
      '  - id: AF-KDZ.kunduz-city2',
      '    type: place',
      '    name: Kunduz City',
      '    priority: 90',
      '    aliases: [Kunduz]',
      '    province: AF-KDZ',
      '    sources: [test]',
      '',
    ].join('\n'),
  );
  tinyBumped = join(work, 'tiny-bumped.yaml');
  writeFileSync(tinyBumped, readFileSync(tinyLexiconPath, 'utf8').replace(/^version: 1\.0\.0$/m, 'version: 1.0.1'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('check (CI drift detection)', () => {
  it('exits 0 with a one-line summary on stdout when the annotations are up to date', async () => {
    const corpus = makeCorpus('c-ok');
    const out = join(work, 'c-ok-ann');
    await annotateInto(corpus, out);
    const r = await runMain(['check', corpus, '--out-dir', out, ...TINY]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('check: 2 file(s): 2 up to date\n');
    expect(r.status).toBe(0);
  });

  it('fails on a real drift (the text was edited), naming the gained and lost mentions; --update fixes it', async () => {
    const corpus = makeCorpus('c-edit');
    const out = join(work, 'c-edit-ann');
    await annotateInto(corpus, out);
    const before = readFileSync(join(out, 'a.ann.yaml'), 'utf8');
    // Same length: only Helmand -> NATO changes; the Taliban keeps its offsets.
    writeFileSync(join(corpus, 'a.txt'), 'Fighting in Kunduz 🙂 and NATO HQ. The Taliban said so.\n');
    const r = await runMain(['check', corpus, '--out-dir', out, ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`drift    ${join(out, 'a.ann.yaml')} (${join(corpus, 'a.txt')}): 1 gained, 1 lost, 0 changed; source sha256 changed`);
    expect(lines.slice(1, 3)).toEqual(['  - lost    25-32 "Helmand": province AF-HEL', '  + gained  25-29 "NATO": armed_group group.nato']);
    expect(r.stdout).toContain('\ncheck: 2 file(s): 1 up to date, 1 drifted\n');
    // The check wrote nothing.
    expect(readFileSync(join(out, 'a.ann.yaml'), 'utf8')).toBe(before);

    const u = await runMain(['check', corpus, '--out-dir', out, '--update', ...TINY]);
    expect(u.status).toBe(0);
    expect(u.stdout).toMatch(/^updated {2}.*a\.ann\.yaml/);
    expect(u.stdout).toContain('check: 2 file(s): 1 up to date, 1 updated\n');
    const fixed = readYaml(join(out, 'a.ann.yaml'));
    expect(fixed.mentions.map((m) => m.text)).toEqual(['Kunduz', 'NATO', 'Taliban']);
    // --update writes exactly what annotate writes.
    const fresh = join(work, 'c-edit-fresh');
    await annotateInto(corpus, fresh);
    expect(readFileSync(join(out, 'a.ann.yaml'), 'utf8')).toBe(readFileSync(join(fresh, 'a.ann.yaml'), 'utf8'));
    expect((await runMain(['check', corpus, '--out-dir', out, ...TINY])).status).toBe(0);
  });

  it('fails when a lexicon change retypes a span, and says "changed" with the old and new entity', async () => {
    const corpus = makeCorpus('c-lex');
    const out = join(work, 'c-lex-ann');
    await annotateInto(corpus, out);
    const r = await runMain(['check', corpus, '--out-dir', out, ...TINY, '--lexicon', placeFirst]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('  ~ changed 12-18 "Kunduz": province AF-KDZ -> place AF-KDZ.kunduz-city2 (AF-KDZ)\n');
    expect(r.stdout).toMatch(/^drift {4}.*a\.ann\.yaml .*: 0 gained, 0 lost, 1 changed/m);
    expect(r.stdout).toContain('stamp: lexicon place-first 1.0.0 added');
  });

  it('takes the options of annotate (--types, --date, ...) and names an options mismatch in the stamp', async () => {
    const corpus = makeCorpus('c-opts');
    const out = join(work, 'c-opts-ann');
    const options = ['--types', 'province,armed_group', '--date', '2021-08-15', '--no-variants', '--min-confidence', '0.5'];
    await annotateInto(corpus, out, options);
    const a = readYaml(join(out, 'a.ann.yaml'));
    expectValidAnnotation(a);
    expect(a.annotator.options).toEqual({ types: ['province', 'armed_group'], min_confidence: 0.5, date: '2021-08-15', variants: false });
    const same = await runMain(['check', corpus, '--out-dir', out, ...TINY, ...options]);
    expect(same.stdout).toBe('check: 2 file(s): 2 up to date\n');
    expect(same.status).toBe(0);
    const other = await runMain(['check', corpus, '--out-dir', out, ...TINY, '--types', 'province,armed_group', '--no-variants', '--min-confidence', '0.5']);
    expect(other.status).toBe(1);
    expect(other.stdout).toContain(
      'options {"types":["province","armed_group"],"min_confidence":0.5,"date":"2021-08-15","variants":false} -> {"types":["province","armed_group"],"min_confidence":0.5,"variants":false}',
    );
  });

  it('flags files whose only change is the annotator stamp; --ignore-stamp accepts them', async () => {
    const corpus = makeCorpus('c-stamp');
    const out = join(work, 'c-stamp-ann');
    await annotateInto(corpus, out);
    const bumped = ['--no-builtin-lexicons', '--lexicon', tinyBumped];
    const r = await runMain(['check', corpus, '--out-dir', out, ...bumped]);
    expect(r.status).toBe(1);
    const stampLines = r.stdout.split('\n').filter((l) => l.startsWith('stamp '));
    expect(stampLines).toHaveLength(2);
    expect(stampLines[0]).toMatch(/: only the annotator stamp differs: lexicon tiny 1\.0\.0 -> 1\.0\.1, sha256 [0-9a-f]{8} -> [0-9a-f]{8}$/);
    expect(r.stdout).toContain('check: 2 file(s): 0 up to date, 2 stamp only\n');
    const ok = await runMain(['check', corpus, '--out-dir', out, '--ignore-stamp', ...bumped]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('check: 2 file(s): 2 up to date\n');
  });

  it('reports missing, invalid and extra annotation files; --update creates and repairs but never deletes', async () => {
    const corpus = makeCorpus('c-files');
    const out = join(work, 'c-files-ann');
    await annotateInto(corpus, out);
    rmSync(join(out, 'a.ann.yaml'));
    writeFileSync(join(out, 'sub', 'b.ann.yaml'), 'schema: [broken\n');
    writeFileSync(join(out, 'old.ann.yaml'), 'stale: true\n');
    const r = await runMain(['check', corpus, '--out-dir', out, ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`missing  ${join(out, 'a.ann.yaml')} (${join(corpus, 'a.txt')}): no annotation file; 3 mention(s)\n`);
    expect(r.stdout).toMatch(/^invalid {2}.*sub\/b\.ann\.yaml .*YAML syntax error/m);
    expect(r.stdout).toContain(`extra    ${join(out, 'old.ann.yaml')}: no input writes this file\n`);
    expect(r.stdout).toContain('check: 2 file(s): 0 up to date, 1 missing, 1 invalid, 1 extra\n');

    const u = await runMain(['check', corpus, '--out-dir', out, '--update', ...TINY]);
    expect(u.status).toBe(1); // the extra file is still there
    expect(u.stdout).toContain('created ');
    expect(u.stdout).toContain('(not removed: delete it by hand)');
    readYaml(join(out, 'a.ann.yaml'));
    readYaml(join(out, 'sub', 'b.ann.yaml'));
    expect(existsSync(join(out, 'old.ann.yaml'))).toBe(true);
    rmSync(join(out, 'old.ann.yaml'));
    expect((await runMain(['check', corpus, '--out-dir', out, ...TINY])).status).toBe(0);
  });

  it('--shard K/N checks the inputs annotate --shard K/N wrote: the shards together check every file once, and none reports the others\' files as extra', async () => {
    const corpus = join(work, 'c-shards');
    mkdirSync(corpus, { recursive: true });
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const n of names) writeFileSync(join(corpus, `${n}.txt`), `Fighting in Kunduz and Helmand (${n}).\n`);
    const out = join(work, 'c-shards-ann');
    for (const k of [0, 1]) await annotateInto(corpus, out, ['--shard', `${k}/2`]);
    // One input drifts: exactly one shard says so.
    writeFileSync(join(corpus, 'e.txt'), 'Fighting in Kunduz only.\n');
    const shards = await Promise.all([0, 1].map((k) => runMain(['check', corpus, '--out-dir', out, '--shard', `${k}/2`, ...TINY])));
    const counts = shards.map((r) => Number(/^check: (\d+) file\(s\)/m.exec(r.stdout)?.[1]));
    expect(counts[0]! + counts[1]!).toBe(names.length);
    expect(counts.every((n) => n > 0 && n < names.length)).toBe(true);
    expect(shards.map((r) => r.stdout).join('')).not.toContain('extra');
    expect(shards.filter((r) => r.status === 1 && /^drift +\S+e\.ann\.yaml /m.test(r.stdout))).toHaveLength(1);
    expect(shards.filter((r) => r.status === 0)).toHaveLength(1);
    // Unsharded, the whole folder is checked, and a stale file is extra again.
    writeFileSync(join(out, 'old.ann.yaml'), 'stale: true\n');
    const whole = await runMain(['check', corpus, '--out-dir', out, ...TINY]);
    expect(whole.stdout).toContain(`check: ${names.length} file(s): ${names.length - 1} up to date, 1 drifted, 1 extra\n`);
    expect((await runMain(['check', '--input', 'jsonl', '--shard', '0/2', ...TINY])).stderr).toMatch(/^error\[AA401\] --shard cannot be used with --input jsonl/);
  });

  it('checks JSON annotation files with -f json, and reports unreadable inputs on stderr', async () => {
    const corpus = makeCorpus('c-json');
    const out = join(work, 'c-json-ann');
    await annotateInto(corpus, out, ['-f', 'json']);
    expect((await runMain(['check', corpus, '-o', out, '-f', 'json', ...TINY])).status).toBe(0);
    const r = await runMain(['check', corpus, join(work, 'nope.txt'), '-o', out, '-f', 'json', ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error[AA101] ${join(work, 'nope.txt')}: no such file or directory\n`);
    expect(r.stdout).toContain('1 unreadable input(s)');
  });

  it('requires --out-dir (stdin and record mode: test/cli/check-jobs.cli.test.ts)', async () => {
    const r = await runMain(['check', 'x.txt', ...TINY]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('AA401');
  });
});

describe('diff OLD NEW', () => {
  let before: string;
  let after: string;
  beforeAll(async () => {
    const corpus = makeCorpus('d-corpus');
    before = join(work, 'd-before');
    after = join(work, 'd-after');
    await annotateInto(corpus, before);
    await annotateInto(corpus, after, ['--lexicon', placeFirst, '--types', 'province,place,official']);
  });

  it('prints JSON when piped: totals, per type and per entity', async () => {
    const r = await runMain(['diff', before, after]);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as {
      totals: Record<string, number>;
      by_type: { type: string; gained: number; lost: number; changed: number }[];
      by_entity: { entity: string; gained: number; lost: number; changed: number }[];
      files: { compared: number; changed: number };
      changes: { file: string; change: string; text: string }[];
    };
    // Kunduz (a.txt, 12-18) became a place; the Taliban (a, b) and ISKP (b) are gone; کندز is not an alias of the new place.
    expect(d.totals).toEqual({ gained: 0, lost: 3, changed: 1, unchanged: 5 });
    expect(d.files).toMatchObject({ compared: 2, changed: 2 });
    expect(d.by_type.map((t) => [t.type, t.gained, t.lost, t.changed])).toEqual([
      ['province', 0, 0, 1],
      ['place', 0, 0, 1],
      ['armed_group', 0, 3, 0],
      ['official', 0, 0, 0],
    ]);
    expect(d.by_entity.map((e) => [e.entity, e.lost, e.changed])).toEqual([
      ['AF-KDZ', 0, 1],
      ['AF-KDZ.kunduz-city2', 0, 1],
      ['group.iskp', 1, 0],
      ['group.taliban', 2, 0],
    ]);
    expect(d.changes.map((c) => `${c.file} ${c.change} ${c.text}`)).toEqual(['a changed Kunduz', 'a lost Taliban', 'sub/b lost ISKP', 'sub/b lost Taliban']);
  });

  it('prints tables with --table, and --exit-code exits 1 on differences only', async () => {
    const r = await runMain(['diff', before, after, '--table']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 file(s) compared, 2 with changes');
    expect(r.stdout).toMatch(/^armed_group +0 +3 +0$/m);
    expect(r.stdout).toMatch(/^total +0 +3 +1$/m);
    expect((await runMain(['diff', before, after, '--exit-code'])).status).toBe(1);
    expect((await runMain(['diff', before, before, '--exit-code'])).status).toBe(0);
  });
});

describe('validate', () => {
  let corpus: string;
  let ann: string;
  beforeAll(async () => {
    corpus = makeCorpus('v-corpus');
    ann = join(work, 'v-ann');
    await annotateInto(corpus, ann);
  });

  it('accepts what annotate writes (folders, and a stream on stdin), silently', async () => {
    const r = await runMain(['validate', ann]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    const stream = (await runMain(['annotate', corpus, '-f', 'jsonl', '--jobs', '1', ...TINY])).stdout;
    expect((await runMain(['validate', '-'], { input: stream })).status).toBe(0);
  });

  it('reports schema errors with code, file, line, column and path, and exits 1', async () => {
    const bad = join(work, 'v-bad.ann.yaml');
    const text = readFileSync(join(ann, 'a.ann.yaml'), 'utf8');
    const at = text.indexOf('\nmentions:\n');
    const edited = text.slice(0, at) + text.slice(at).replace('    province: AF-HEL\n', '    province: HELMAND\n');
    expect(edited).not.toBe(text);
    writeFileSync(bad, edited);
    const line = edited.split('\n').indexOf('    province: HELMAND') + 1;
    const r = await runMain(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error[AA502] ${bad}:${line}:15: mentions[1].province: must match pattern "^AF-[A-Z]{3}$"\n`);
  });

  it('checks mention text against the source text (AA503) and the source hash (AA504); --no-source skips', async () => {
    const bad = join(work, 'v-text.ann.yaml');
    writeFileSync(bad, readFileSync(join(ann, 'a.ann.yaml'), 'utf8').replace('text: Helmand', 'text: Helmund'));
    const r = await runMain(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[AA503\] .*v-text\.ann\.yaml:\d+:11: mentions\[1\]\.text: "Helmund" but the source has "Helmand" at 25-32 \(code points\)\n$/);
    expect((await runMain(['validate', '--no-source', bad])).status).toBe(0);

    const corpus2 = makeCorpus('v-corpus2');
    const ann2 = join(work, 'v-ann2');
    await annotateInto(corpus2, ann2);
    writeFileSync(join(corpus2, 'a.txt'), A_TEXT.replace('so.', 'so!'));
    const h = await runMain(['validate', join(ann2, 'a.ann.yaml')]);
    expect(h.status).toBe(1);
    expect(h.stderr).toContain('error[AA504]');
    expect(h.stderr).toContain('has changed since it was annotated');
  });

  it('reports syntax errors (AA501) and inconsistent counts (AA505); a missing source is only a warning', async () => {
    const syntax = join(work, 'v-syntax.ann.json');
    writeFileSync(syntax, '{"schema": {"name": "afghan-annotator/annotation",\n  "version": 1,}}\n');
    const s = await runMain(['validate', syntax]);
    expect(s.status).toBe(1);
    // The words are JSON.parse's (they differ between Node versions); the position is ours.
    expect(s.stderr.startsWith(`error[AA501] ${syntax}:2:16: JSON syntax error: `)).toBe(true);
    expect(s.stderr.split('\n')).toHaveLength(2);

    const doc = readYaml(join(ann, 'a.ann.yaml'));
    doc.summary.mentions = 7;
    doc.source.path = join(work, 'gone.txt');
    const counts = join(work, 'v-counts.ann.json');
    writeFileSync(counts, JSON.stringify(doc, null, 2));
    const c = await runMain(['validate', counts]);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`error[AA505] ${counts}:`);
    expect(c.stderr).toContain('summary.mentions: says 7 but there are 3 mention(s)');
    expect(c.stderr).toContain('warning: ');
    expect(c.stderr).toContain('cannot read the source text');
  });
});

describe('stats', () => {
  let ann: string;
  beforeAll(async () => {
    const corpus = makeCorpus('s-corpus');
    ann = join(work, 's-ann');
    await annotateInto(corpus, ann);
  });

  it('prints JSON when stdout is not a terminal: counts per type, entity, province, file and pairs', async () => {
    const r = await runMain(['stats', ann]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as {
      files: number;
      mentions: number;
      by_entity: { entity: string; mentions: number; files: number }[];
      by_province: { province: string; mentions: number }[];
      cooccurrence: { a: string; b: string; articles: number; sentences: number }[];
    };
    expect([s.files, s.mentions]).toEqual([2, 9]);
    expect(s.by_entity.slice(0, 3).map((e) => [e.entity, e.mentions, e.files])).toEqual([
      ['AF-HEL', 2, 2],
      ['AF-KDZ', 2, 2],
      ['group.taliban', 2, 2],
    ]);
    expect(s.by_province.map((p) => [p.province, p.mentions])).toEqual([
      ['AF-HEL', 3],
      ['AF-KDZ', 2],
    ]);
    expect(s.cooccurrence[0]).toEqual({ a: 'AF-HEL', a_name: 'Helmand', b: 'AF-KDZ', b_name: 'Kunduz', articles: 2, sentences: 1 });
    // Deterministic.
    expect((await runMain(['stats', ann])).stdout).toBe(r.stdout);
  });

  it('prints one section as CSV, and tables with --table', async () => {
    const csv = await runMain(['stats', ann, '--csv', '--by', 'province']);
    expect(csv.stdout).toBe('province,name,mentions,as_province,as_place,files\nAF-HEL,Helmand,3,2,1,2\nAF-KDZ,Kunduz,2,2,0,2\n');
    const t = await runMain(['stats', ann, '--table', '--top', '2']);
    expect(t.stdout).toMatch(/^2 file\(s\), 9 mention\(s\), 6 entities\n/);
    expect(t.stdout).toContain('per entity (most mentioned first) (top 2 of 6; --top 0 for all):');
    expect((await runMain(['stats', ann, '--csv', '--json'])).status).toBe(2);
  });
});

describe('show', () => {
  it('marks mentions with [text|type entity] tags without colour, with a legend', async () => {
    const corpus = makeCorpus('sh-corpus');
    const ann = join(work, 'sh-ann');
    await annotateInto(corpus, ann);
    const r = await runMain(['show', join(ann, 'sub', 'b.ann.yaml')]);
    expect(r.status).toBe(0);
    const [body, legend] = r.stdout.split('\n\n');
    expect(body).toBe(
      'Clashes in [Lashkar Gah|place AF-HEL.lashkar-gah], [Helmand|province AF-HEL], said [Zabihullah Mujahid|official person.zabihullah-mujahid].\r\n' +
        '[ISKP|armed_group group.iskp] and the [Taliban|armed_group group.taliban] fought near [کندز|province AF-KDZ] 🙂.\r',
    );
    expect(legend).toContain('legend: [text|type entity]');
    expect(legend).toContain('  group.iskp                 Islamic State Khorasan Province (armed_group) x1');
    const plain = await runMain(['show', join(ann, 'a.ann.yaml'), '--no-legend']);
    expect(plain.stdout).toBe('Fighting in [Kunduz|province AF-KDZ ?] 🙂 and [Helmand|province AF-HEL]. The [Taliban|armed_group group.taliban] said so.\n');
  });

  it('annotates a text file on the fly, and colours only with --color always', async () => {
    const file = join(work, 'show.txt');
    writeFileSync(file, 'NATO left Helmand.');
    const r = await runMain(['show', file, '--no-legend', ...TINY]);
    expect(r.stdout).toBe('[NATO|armed_group group.nato] left [Helmand|province AF-HEL].\n');
    const c = await runMain(['show', file, '--color', 'always', ...TINY]);
    expect(c.stdout).toContain('\u001b[');
    expect(c.stdout).not.toContain('[NATO|');
  });

  it('refuses an annotation whose source text no longer matches (AA503)', async () => {
    const corpus = makeCorpus('sh-changed');
    const ann = join(work, 'sh-changed-ann');
    await annotateInto(corpus, ann);
    writeFileSync(join(corpus, 'a.txt'), `Some words first. ${A_TEXT}`);
    const r = await runMain(['show', join(ann, 'a.ann.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error\[AA503\] .*a\.ann\.yaml: mentions\[0\]\.text: "Kunduz" but the source has/);
  });
});

describe('export', () => {
  let corpus: string;
  let ann: string;
  beforeAll(async () => {
    corpus = makeCorpus('e-corpus');
    ann = join(work, 'e-ann');
    await annotateInto(corpus, ann);
  });

  it('brat: writes <stem>.ann and <stem>.txt side by side; offsets slice back in code points (emoji, Pashto, CRLF)', async () => {
    const out = join(work, 'e-brat');
    const r = await runMain(['export', '--format', 'brat', ann, '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual(['.afghan-annotator-export', 'a.ann', 'a.txt', 'annotation.conf', 'sub/b.ann', 'sub/b.txt']);
    for (const stem of ['a', 'sub/b']) {
      const txt = readFileSync(join(out, `${stem}.txt`), 'utf8');
      expect(txt).not.toContain('\r');
      const annotation = readYaml(join(ann, `${stem}.ann.yaml`));
      const tLines = readFileSync(join(out, `${stem}.ann`), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('T'));
      expect(tLines).toHaveLength(annotation.mentions.length);
      tLines.forEach((line, i) => {
        const [, data, text] = line.split('\t') as [string, string, string];
        const [type, start, end] = data.split(' ');
        expect(type).toBe(annotation.mentions[i]!.type);
        expect(cpSlice(txt, Number(start), Number(end))).toBe(text);
        expect(text).toBe(annotation.mentions[i]!.text);
      });
    }
    // In b.txt the second line starts after one CRLF: offsets there are one less than the annotation's.
    const b = readFileSync(join(out, 'sub', 'b.ann'), 'utf8');
    const iskp = readYaml(join(ann, 'sub', 'b.ann.yaml')).mentions.find((m) => m.text === 'ISKP')!;
    expect(b).toContain(`\tarmed_group ${iskp.start - 1} ${iskp.end - 1}\tISKP\n`);
  });

  it('w3c: one collection per text; TextPositionSelector slices the original text in code points; the source IRI resolves to the text', async () => {
    const out = join(work, 'e-w3c');
    const r = await runMain(['export', '-f', 'w3c', ann, '-o', out]);
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual(['.afghan-annotator-export', 'a.w3c.jsonld', 'sub/b.w3c.jsonld']);
    const target = join(out, 'sub', 'b.w3c.jsonld');
    const c = JSON.parse(readFileSync(target, 'utf8')) as {
      '@context': string;
      type: string;
      total: number;
      first: { items: { target: { source: string; selector: [{ start: number; end: number }, { exact: string }] } }[] };
    };
    expect([c['@context'], c.type, c.total]).toEqual(['http://www.w3.org/ns/anno.jsonld', 'AnnotationCollection', 6]);
    for (const item of c.first.items) {
      const [pos, quote] = item.target.selector;
      expect(cpSlice(B_TEXT, pos.start, pos.end)).toBe(quote.exact);
      expect(resolve(dirname(target), decodeURIComponent(item.target.source))).toBe(join(corpus, 'sub', 'b.txt'));
    }
    expect(c.first.items.map((i) => i.target.selector[1].exact)).toEqual(['Lashkar Gah', 'Helmand', 'Zabihullah Mujahid', 'ISKP', 'Taliban', 'کندز']);
  });

  it('refuses a text that no longer matches its annotation (AA503) and exports the others', async () => {
    const corpus2 = makeCorpus('e-changed');
    const ann2 = join(work, 'e-changed-ann');
    await annotateInto(corpus2, ann2);
    writeFileSync(join(corpus2, 'a.txt'), `Prefix. ${A_TEXT}`);
    const out = join(work, 'e-changed-out');
    const r = await runMain(['export', '-f', 'brat', ann2, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[AA503\] .*a\.ann\.yaml: mentions\[0\]\.text: "Kunduz" but the source has .*; not exported\n$/);
    expect(listFiles(out)).toEqual(['.afghan-annotator-export', 'annotation.conf', 'sub/b.ann', 'sub/b.txt']);
  });

  it('requires --format', async () => {
    const r = await runMain(['export', ann, '-o', join(work, 'e-none')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});

describe('help', () => {
  it.each(['check', 'diff', 'validate', 'stats', 'show', 'export', 'report'])('%s --help has examples', async (command) => {
    const r = await runMain([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes');
  });
});
