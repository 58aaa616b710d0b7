/**
 * Issue 18 on the command line: --lang, source.language, stats by language, and eval's
 * per-language tables.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/core/output/contract.js';
import { runMain } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-fa-ps-'));
const env = { XDG_CACHE_HOME: join(dir, 'cache') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DARI = 'طالبان در ولسوالی خان آباد ولایت کندز حمله کردند و سه تن کشته شده است.\n';
const PASHTO = 'وسله والو طالبانو د کندز په خان آباد ولسوالۍ کې برید وکړ او درې کسه یې ووژل.\n';
const ENGLISH = 'Taliban fighters attacked Khan Abad district of Kunduz province on Monday.\n';

describe('source.language on the command line', () => {
  it('detects Dari and Pashto, writes nothing for English, and --lang overrides', async () => {
    const fa = JSON.parse((await runMain(['annotate', '-', '-f', 'json'], { input: DARI, env })).stdout) as Annotation;
    expect(fa.source.language).toBe('fa');
    const ps = JSON.parse((await runMain(['annotate', '-', '-f', 'json'], { input: PASHTO, env })).stdout) as Annotation;
    expect(ps.source.language).toBe('ps');
    const en = JSON.parse((await runMain(['annotate', '-', '-f', 'json'], { input: ENGLISH, env })).stdout) as Annotation;
    expect(en.source.language).toBeUndefined();
    const given = JSON.parse((await runMain(['annotate', '-', '-f', 'json', '--lang', 'ps'], { input: DARI, env })).stdout) as Annotation;
    expect(given.source.language).toBe('ps');
    expect(given.annotator.options).toEqual({ lang: 'ps' });
  });

  it('refuses a language it does not know', async () => {
    const r = await runMain(['annotate', '-', '--lang', 'de'], { input: DARI, env });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
  });

  it('eval prints a table per language when the gold has more than one', async () => {
    const gold = join(dir, 'gold.jsonl');
    const doc = (id: string, text: string, lang?: string): string =>
      JSON.stringify({ id, text, ...(lang === undefined ? {} : { lang }), mentions: [{ start: 0, end: 6, text: text.slice(0, 6), type: 'armed_group', name: 'Taliban' }] });
    writeFileSync(gold, `${doc('a', DARI, 'fa')}\n${doc('b', 'طالبانو د کندز په خان آباد ولسوالۍ کې برید وکړ.', 'ps')}\n${doc('c', 'Taliban fighters attacked.')}\n`);
    const r = await runMain(['eval', '--gold', gold], { env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('language en (1 document(s))');
    expect(r.stdout).toContain('language fa (1 document(s))');
    expect(r.stdout).toContain('language ps (1 document(s))');
    const json = JSON.parse((await runMain(['eval', '--gold', gold, '--json'], { env })).stdout) as { languages: Record<string, unknown> };
    expect(Object.keys(json.languages)).toEqual(['en', 'fa', 'ps']);
  });

  it('stats counts mentions per language', async () => {
    const inDir = join(dir, 'in');
    mkdirSync(inDir, { recursive: true });
    writeFileSync(join(inDir, 'fa.txt'), DARI);
    writeFileSync(join(inDir, 'ps.txt'), PASHTO);
    writeFileSync(join(inDir, 'en.txt'), ENGLISH);
    const out = join(dir, 'out');
    expect((await runMain(['annotate', inDir, '--out-dir', out], { env })).status).toBe(0);
    const r = await runMain(['stats', out, '--json'], { env });
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout) as { by_language: { language: string; files: number; armed_group: number }[] };
    expect(stats.by_language.map((l) => [l.language, l.files, l.armed_group])).toEqual([
      ['en', 1, 1],
      ['fa', 1, 1],
      ['ps', 1, 1],
    ]);
    const csv = await runMain(['stats', out, '--csv', '--by', 'language'], { env });
    expect(csv.stdout.split('\n')[0]).toBe('language,files,mentions,province,place,armed_group,official');
  });
});
