/**
 * Runs every recipe of the jq cookbook (docs/workflows.md, "## jq cookbook") with the real
 * executable and jq, on a small corpus and the tiny fixture lexicon, and checks what each
 * prints. A recipe added to the cookbook without an expectation here fails the test, so
 * every recipe is run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docSection, shBlocks } from '../docs.js';
import { binPath, cpSlice, tinyLexiconPath } from '../helpers.js';

/** The fenced `sh` blocks of the jq cookbook (docs/workflows.md), by their first comment line. */
function cookbookRecipes(): Map<string, string> {
  const recipes = new Map<string, string>();
  for (const block of shBlocks(docSection('docs/workflows.md', '## jq cookbook'))) {
    const title = /^# (.+)\n/.exec(block)?.[1];
    expect(title, `every recipe starts with a "# title" line:\n${block}`).toBeDefined();
    recipes.set(title!, block);
  }
  return recipes;
}

const jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
let work: string;
let shimDir: string;

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-jq-'));
  mkdirSync(join(work, 'corpus', 'helmand'), { recursive: true });
  writeFileSync(join(work, 'corpus', 'a.txt'), 'Fighting in Kunduz and Helmand. The Taliban said so.\n');
  writeFileSync(join(work, 'corpus', 'helmand', 'b.txt'), 'Clashes in Lashkar Gah, Helmand, said Zabihullah Mujahid.\r\nISKP, "the" rivals of the Taliban, fought near کندز 🙂.\r\n');
  writeFileSync(join(work, 'corpus', 'c.txt'), 'Nothing of note.\n');
  // `afghan-annotator` on PATH: the real executable, with the tiny lexicon instead of the shipped ones.
  shimDir = join(work, 'bin');
  mkdirSync(shimDir);
  const shim = join(shimDir, 'afghan-annotator');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${binPath}" "$@" --no-builtin-lexicons --lexicon "${tinyLexiconPath}"\n`);
  chmodSync(shim, 0o755);
});

function run(script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', `set -e\n${script}`], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: `${shimDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, NO_COLOR: '1', XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXPECTED: Record<string, string> = {
  'mentions per province across a corpus': 'AF-HEL\t3\nAF-KDZ\t2\n',
  'files that mention ISKP': 'corpus/helmand/b.txt\n',
  'officials with their roles': 'Zabihullah Mujahid\tSpokesman (Taliban)\n',
  // Folders are walked in sorted order: a.txt, c.txt (no mentions), helmand/b.txt.
  'a CSV of all mentions': [
    '"file","start","end","type","entity","name","province","text"',
    '"corpus/a.txt",12,18,"province","AF-KDZ","Kunduz","AF-KDZ","Kunduz"',
    '"corpus/a.txt",23,30,"province","AF-HEL","Helmand","AF-HEL","Helmand"',
    '"corpus/a.txt",36,43,"armed_group","group.taliban","Taliban",,"Taliban"',
    '"corpus/helmand/b.txt",11,22,"place","AF-HEL.lashkar-gah","Lashkar Gah","AF-HEL","Lashkar Gah"',
    '"corpus/helmand/b.txt",24,31,"province","AF-HEL","Helmand","AF-HEL","Helmand"',
    '"corpus/helmand/b.txt",38,56,"official","person.zabihullah-mujahid","Zabihullah Mujahid",,"Zabihullah Mujahid"',
    '"corpus/helmand/b.txt",59,63,"armed_group","group.iskp","Islamic State Khorasan Province",,"ISKP"',
    '"corpus/helmand/b.txt",85,92,"armed_group","group.taliban","Taliban",,"Taliban"',
    '"corpus/helmand/b.txt",106,110,"province","AF-KDZ","Kunduz","AF-KDZ","کندز"',
    '',
  ].join('\n'),
};

describe('jq cookbook in docs/workflows.md (every recipe run with the real executable and jq)', () => {
  it('jq is installed (CI must install it: apt-get install jq)', () => {
    expect(jq.error, 'jq not found on PATH').toBeUndefined();
    expect(jq.stdout).toMatch(/^jq-1\.(6|[7-9])/);
  });

  it('the cookbook has exactly the recipes this test knows', () => {
    expect([...cookbookRecipes().keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const title of Object.keys(EXPECTED)) {
    it(`recipe: ${title}`, () => {
      const script = cookbookRecipes().get(title);
      expect(script, `cookbook recipe "${title}"`).toBeDefined();
      const r = run(script!);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(EXPECTED[title]);
    });
  }

  it('the CSV offsets slice the source files back to the mention text, in code points', () => {
    const r = run(cookbookRecipes().get('a CSV of all mentions')!);
    const rows = r.stdout.trimEnd().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // No field of this corpus holds a comma, so a split is enough here.
      const [file, start, end, , , , , text] = row.split(',').map((f) => f.replace(/^"|"$/g, ''));
      expect(cpSlice(readFileSync(join(work, file!), 'utf8'), Number(start), Number(end))).toBe(text);
    }
  });
});
