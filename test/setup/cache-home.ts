import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    cacheHome: string;
  }
}

/**
 * One temporary XDG_CACHE_HOME for the whole run (every project), removed at the end: no test
 * reads or writes the user's ~/.cache. test/setup/env.ts puts it into each test file's
 * process.env; runCli and the other spawning helpers pass it on to the executable.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'aa-test-cache-'));
  project.provide('cacheHome', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
