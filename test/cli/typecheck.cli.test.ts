/**
 * `npm test` type-checks the sources, the tests and the config (test/tsconfig.json) as one of
 * its test files, side by side with the others, instead of before them all (issue 14: ~10 s
 * of wall on these machines; `npm run typecheck` also checks the build scripts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

it('type-checks the sources and the tests (tsc -p test/tsconfig.json --noEmit)', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'test', 'tsconfig.json'), '--noEmit', '--pretty', 'false'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 180_000);
