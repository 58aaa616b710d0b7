/**
 * The golden files as a user makes them: the built executable on samples/ (with the default
 * --jobs) writes the bytes of test/golden/samples/. The golden test itself runs the command
 * line in-process from the sources (fast tier); this keeps the executable honest.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers.js';

const out = mkdtempSync(join(tmpdir(), 'aa-golden-bin-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the executable on samples/', () => {
  it('writes the golden files byte for byte, nothing on stderr', () => {
    const r = runCli(['annotate', 'samples', '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const golden = readdirSync(join(repoRoot, 'test', 'golden', 'samples')).sort();
    expect(readdirSync(out).sort()).toEqual(golden);
    for (const name of golden) expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(repoRoot, 'test', 'golden', 'samples', name), 'utf8'));
  });
});
