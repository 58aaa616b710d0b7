/**
 * `eval --gold`: gold files are checked line by line before anything is scored (issue 13,
 * item 3), and a type with nothing to score prints n/a.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, tinyLexiconPath } from '../helpers.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
let work: string;
let env: Record<string, string>;

const TEXT = 'Fighting in Kunduz and Helmand.';
const KUNDUZ = { start: 12, end: 18, text: 'Kunduz', type: 'province', province: 'AF-KDZ', ambiguous: false };
const line = (doc: unknown): string => JSON.stringify(doc);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-eval-'));
  env = { XDG_CACHE_HOME: join(work, 'cache') };
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function gold(name: string, lines: string[]): string {
  const path = join(work, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('eval gold-file validation (issue 13 item 3)', () => {
  it('reports a gold mention with an unknown type, a line without mentions, a wrong text slice and an unknown province, one line each, and scores nothing', async () => {
    const path = gold('bad.gold.jsonl', [
      line({ id: 'a', text: TEXT, mentions: [{ ...KUNDUZ, type: 'provnce' }] }),
      line({ id: 'b', text: TEXT }),
      '',
      'not json',
      line({ id: 'c', text: TEXT, mentions: [{ ...KUNDUZ, text: 'Kundu' }] }),
      line({ id: 'd', text: TEXT, mentions: [{ ...KUNDUZ, province: 'AF-XYZ' }] }),
      line({ id: 'e', text: TEXT, mentions: [{ ...KUNDUZ, start: 40, end: 46 }] }),
    ]);
    const r = await runMain(['eval', '--gold', path, ...TINY], { env });
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `error[AA702] ${path}:1: mentions[0].type: must be one of "province", "place", "armed_group", "official"`,
      `error[AA702] ${path}:2: (document): missing key "mentions"`,
      expect.stringMatching(new RegExp(`^error\\[AA701\\] ${path}:4: not a JSON document`)),
      `error[AA703] ${path}:5: mentions[0].text: "Kundu" is not the text at 12-18 ("Kunduz")`,
      `error[AA704] ${path}:6: mentions[0].province: "AF-XYZ" is not the id of any province entry loaded`,
      `error[AA703] ${path}:7: mentions[0]: offsets 40-46 are not a span of the text (31 code points)`,
    ]);
  });

  it('prints n/a, not 1.000, for a type with no gold mention and no found mention', async () => {
    const path = gold('good.gold.jsonl', [line({ id: 'a', text: TEXT, mentions: [KUNDUZ, { start: 23, end: 30, text: 'Helmand', type: 'province', province: 'AF-HEL', ambiguous: false }] })]);
    const r = await runMain(['eval', '--gold', path, ...TINY], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| province | 1.000 | 1.000 | 1.000 | 2 | 0 | 0 |');
    expect(r.stdout).toContain('| armed_group | n/a | n/a | n/a | 0 | 0 | 0 |');
    const json = JSON.parse((await runMain(['eval', '--gold', path, '--json', ...TINY], { env })).stdout) as { byType: Record<string, { f1: number | null }> };
    expect(json.byType['official']!.f1).toBeNull();
    expect(json.byType['province']!.f1).toBe(1);
  });

  it('documents the gold format in eval --help and ships its schema', async () => {
    const help = await runMain(['eval', '--help'], { env });
    expect(help.stdout).toContain('schema/gold.schema.json');
    expect(help.stdout).toMatch(/"mentions": \[\{"start": 12/);
    const schema = JSON.parse((await runMain(['schema', 'gold'], { env })).stdout) as { required: string[] };
    expect(schema.required).toEqual(['id', 'text', 'mentions']);
  });
});
