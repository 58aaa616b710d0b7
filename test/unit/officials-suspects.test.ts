/**
 * scripts/officials-suspects.mjs (issue 12, re-check after the third officials audit): lists the
 * rows of the curated officials tables whose dates or names are most at risk. Run on a small
 * table in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../helpers.js';

const row = (name: string, role: string, province: string, start: string, end: string, dates: string, source: string[]): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries({ name, role, title: 'governor', affiliation: 'republic', province, start, end, dates, source }).filter(([, v]) => v !== ''));

const dir = mkdtempSync(join(tmpdir(), 'officials-suspects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'officials-test.yaml'),
  YAML.stringify({
    roles: [
      // Predecessor whose end is the successor's start (pattern 1), two URLs.
      row('Alpha One', 'Governor of X Province', 'AF-KAB', '2010-01-05', '2012-03-04', 'exact', ['https://a.example/1', 'https://b.example/1']),
      row('Beta Two', 'Governor of X Province', 'AF-KAB', '2012-03-04', '', 'exact', ['https://a.example/2', 'https://b.example/2']),
      // Same dates in another province: not a handover.
      row('Gamma Three', 'Governor of X Province', 'AF-BAL', '2012-03-04', '', 'exact', ['https://a.example/3', 'https://b.example/3']),
      // Exact with a month only and a single URL; also the person's only source.
      row('Delta Four', 'Governor of Y Province', 'AF-HEL', '2014-03', '', 'exact', ['https://a.example/4']),
      // Approximate: only the name pattern applies.
      row('Epsilon Five', 'Governor of Y Province', 'AF-HEL', '2015', '', 'approximate', ['https://a.example/5']),
    ],
  }),
);

function run(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'officials-suspects.mjs'), '--tables', dir, ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('scripts/officials-suspects.mjs', () => {
  it('flags a handover (end = another person\'s start, same role and province), exact rows without a day, single-URL exact rows and single-source people', () => {
    const r = run('--tsv');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    const reasons = Object.fromEntries(lines.map((c) => [c[3], c[2]]));
    expect(reasons['Alpha One']).toBe('handover(Beta Two)');
    expect(reasons['Delta Four']).toBe('no-day(2014-03) one-url one-source');
    expect(reasons['Epsilon Five']).toBe('one-source');
    // Not suspect: the successor itself, and the same dates in another province.
    expect(reasons['Beta Two']).toBeUndefined();
    expect(reasons['Gamma Three']).toBeUndefined();
    // Highest risk first.
    expect(lines[0]?.[3]).toBe('Alpha One');
  });

  it('prints the counts on stderr, so that stdout stays data', () => {
    const r = run('--tsv');
    expect(r.stderr).toMatch(/rows: 5, dates exact: 4/);
    expect(r.stderr).toMatch(/handover \(end = another person's start, same role\/province\): 1 rows \(1 exact\)/);
    expect(r.stderr).toMatch(/no-day \(exact without a day\): 1/);
    expect(r.stderr).toMatch(/one-url \(exact with a single source URL\): 1/);
    expect(r.stderr).toMatch(/suspect exact rows \(any pattern\): 2/);
    expect(r.stdout).not.toMatch(/rows:/);
  });
});
