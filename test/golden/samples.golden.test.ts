/**
 * Golden files: the whole output of `annotate samples/` with the shipped lexicons, as a user
 * runs it. A change in matching, lexicons or the output format shows up here as a diff.
 * After a deliberate change: `UPDATE_GOLDEN=1 npm test`, then review the diff in git.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Annotation } from '../../src/core/output/contract.js';
import { cpSlice, expectValidAnnotation, repoRoot, runMain } from '../helpers.js';

const goldenDir = join(repoRoot, 'test', 'golden', 'samples');
const samples = readdirSync(join(repoRoot, 'samples')).filter((f) => f.endsWith('.txt')).sort();
const update = process.env['UPDATE_GOLDEN'] === '1';
let out: string;
afterAll(() => rmSync(out, { recursive: true, force: true }));

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'aa-golden-'));
  // In this process from the sources (fast tier, no build); the executable gives the same
  // bytes (test/cli/annotate.cli.test.ts runs it on samples/ too), whatever --jobs.
  const r = await runMain(['annotate', 'samples', '--out-dir', out, '--jobs', '1']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  if (update) {
    mkdirSync(goldenDir, { recursive: true });
    for (const s of samples) {
      const name = s.replace(/\.txt$/, '.ann.yaml');
      writeFileSync(join(goldenDir, name), readFileSync(join(out, name)));
    }
  }
});

describe('golden outputs of samples/', () => {
  it('has at least 6 samples, one with CRLF line ends and one with Arabic-script text', () => {
    expect(samples.length).toBeGreaterThanOrEqual(6);
    const texts = samples.map((s) => readFileSync(join(repoRoot, 'samples', s), 'utf8'));
    expect(texts.some((t) => t.includes('\r\n'))).toBe(true);
    expect(texts.some((t) => /[\u0600-\u06ff]/.test(t))).toBe(true);
  });

  it.each(samples)('%s matches its golden file', (sample) => {
    const name = sample.replace(/\.txt$/, '.ann.yaml');
    const actual = readFileSync(join(out, name), 'utf8');
    expect(existsSync(join(goldenDir, name)), `missing golden file; run UPDATE_GOLDEN=1 npm test`).toBe(true);
    expect(actual).toBe(readFileSync(join(goldenDir, name), 'utf8'));
  });

  it.each(samples)('%s: output is schema-valid and every mention slices back in code points', (sample) => {
    const doc = YAML.parse(readFileSync(join(out, sample.replace(/\.txt$/, '.ann.yaml')), 'utf8')) as Annotation;
    expectValidAnnotation(doc);
    const text = readFileSync(join(repoRoot, 'samples', sample), 'utf8');
    for (const m of doc.mentions) expect(cpSlice(text, m.start, m.end)).toBe(m.text);
  });
});
