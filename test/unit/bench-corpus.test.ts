/**
 * The benchmark's corpus recipes (bench/corpus.js, issue 17) at tiny sizes, so that they
 * cannot rot between benchmark runs: dense news (mixed-script and English-only), the mixed
 * archive (Debian prose + 5 % news), the wink baseline script over a built corpus, and the
 * profile-by-stage grouping (bench/profile.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

/** bench/ is plain JavaScript outside the TypeScript projects: imported by URL, untyped. */
const benchModule = (name: string): Promise<any> => import(pathToFileURL(join(repoRoot, 'bench', name)).href);

const tmp = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NAMES = ['Kunduz', 'کندز', 'Taliban', 'طالبان', 'Mazar-i-Sharif', 'Zabihullah Mujahid'];
const ARABIC = /\p{Script=Arabic}/u;

/** Every file below `dir`, relative path -> contents. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('bench corpora (bench/corpus.js)', () => {
  it('dense news: deterministic, about the size asked, mixed-script with every alias and Latin-only with latinOnly', async () => {
    const { makeCorpus } = await benchModule('corpus.js');
    const a = tree(makeCorpus({ dir: join(tmp, 'news-a'), megabytes: 0.03, names: NAMES }));
    const b = tree(makeCorpus({ dir: join(tmp, 'news-b'), megabytes: 0.03, names: NAMES }));
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect([...a.values()]).toEqual([...b.values()]);
    const bytes = [...a.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(bytes).toBeGreaterThanOrEqual(0.03 * 2 ** 20);
    expect(bytes).toBeLessThan(0.03 * 2 ** 20 + 8000);
    expect([...a.keys()].every((k) => /^000\/article-\d{6}\.txt$/.test(k))).toBe(true);
    expect([...a.values()].some((t) => ARABIC.test(t))).toBe(true);

    const en = tree(makeCorpus({ dir: join(tmp, 'news-en'), megabytes: 0.03, names: NAMES, latinOnly: true }));
    expect(en.size).toBeGreaterThan(3);
    for (const [k, t] of en) expect(ARABIC.test(t), k).toBe(false);
    expect([...en.values()].join('\n')).toContain('Kunduz');
  });

  it('a cached corpus is kept as it is, and no temporary folder is left behind', async () => {
    const { makeCorpus } = await benchModule('corpus.js');
    const dir = join(tmp, 'kept');
    makeCorpus({ dir, megabytes: 0.01, names: NAMES });
    writeFileSync(join(dir, 'marker.txt'), 'x');
    makeCorpus({ dir, megabytes: 0.01, names: NAMES, seed: 1 });
    expect(existsSync(join(dir, 'marker.txt'))).toBe(true);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('mixed archive: one file per prose text, one news article (Latin script) in every 20 files, a manifest of sources', async () => {
    const { makeArchive } = await benchModule('corpus.js');
    function* prose(): Generator<{ path: string; text: string }> {
      for (let i = 0; ; i++) yield { path: `/usr/share/doc/pkg${i}/copyright`, text: `Permission is hereby granted to copy text number ${i}.\n`.repeat(20) };
    }
    const dir = makeArchive({ dir: join(tmp, 'archive'), megabytes: 0.05, names: NAMES, prose: prose() });
    const files = tree(dir);
    const texts = [...files.keys()].filter((k) => k.endsWith('.txt'));
    const news = texts.filter((k) => k.includes('/news-'));
    expect(texts.length).toBeGreaterThanOrEqual(40);
    expect(news.length).toBe(Math.floor(texts.length / 20));
    for (const k of news) expect(ARABIC.test(files.get(k)!), k).toBe(false);
    const manifest = files.get('MANIFEST.tsv')!.trim().split('\n');
    expect(manifest).toHaveLength(texts.length + 1);
    expect(manifest[1]).toBe('000/prose-000000.txt\t/usr/share/doc/pkg0/copyright');
    expect(manifest[20]).toBe('000/news-000019.txt\tgenerated (bench/corpus.js)');
  });

  it.skipIf(!existsSync('/usr/share/common-licenses'))('debianProse reads this machine\'s licences and package docs: UTF-8, at most 12 KB, no duplicates', async () => {
    const { debianProse } = await benchModule('corpus.js');
    const seen = new Set<string>();
    let n = 0;
    for (const { path, text } of debianProse()) {
      expect(path.startsWith('/usr/share/')).toBe(true);
      expect(text.length).toBeLessThanOrEqual(12 * 1024);
      expect(seen.has(text)).toBe(false);
      seen.add(text);
      if (++n === 30) break;
    }
    expect(n).toBe(30);
  });

  it('the wink baseline script (bench/measure.js sbd) runs over a built corpus', async () => {
    const { makeCorpus } = await benchModule('corpus.js');
    const dir = makeCorpus({ dir: join(tmp, 'measure'), megabytes: 0.01, names: NAMES });
    const r = spawnSync(process.execPath, [join(repoRoot, 'bench', 'measure.js'), 'sbd', dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ mode: 'sbd', files: readdirSync(join(dir, '000')).length });
    expect(out.tokens).toBeGreaterThan(1000);
  });

  it('profileByStage sums self time by stage, builtins counted for their caller', async () => {
    const { profileByStage } = await benchModule('profile.js');
    const frame = (functionName: string, url: string) => ({ functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: frame('applyContext', 'file:///x/dist/core/context/apply.js'), children: [3] },
        { id: 3, callFrame: frame('RegExp: \\d+', ''), children: [] },
        { id: 4, callFrame: frame('readDoc', 'file:///x/node_modules/wink-nlp/src/wink-nlp.js'), children: [] },
        { id: 5, callFrame: frame('(garbage collector)', ''), children: [4] },
      ],
      samples: [2, 3, 4, 5, 2],
      timeDeltas: [0, 1000, 2000, 3000, 4000],
    };
    const file = join(tmp, 'p.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    const { groups, totalMs } = profileByStage(file);
    const ms = Object.fromEntries(groups.map((g: { group: string; ms: number }) => [g.group, g.ms]));
    expect(totalMs).toBe(10);
    expect(ms['context rules']).toBe(3); // applyContext 1 ms + its RegExp 2 ms (the last sample has no end)
    expect(ms['wink-nlp (tokenizer, sbd, its model)']).toBe(3);
    expect(ms['garbage collection']).toBe(4);
  });
});
