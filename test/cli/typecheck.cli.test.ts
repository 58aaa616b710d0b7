/**
 * The tests' own type-check (`tsc -p test/tsconfig.json --noEmit`), run as one test of the
 * cli tier so that it overlaps the other files instead of holding up the whole run before
 * them (issue 14: npm test under 3 minutes). `npm run typecheck` checks every tsconfig.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('type-check of the tests', () => {
  it('tsc -p test/tsconfig.json --noEmit finds no error', () => {
    const r = spawnSync(process.execPath, [tsc, '-p', 'test/tsconfig.json', '--noEmit'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 180_000);
});
