/**
 * The worker pool of `annotate --jobs N` (src/batch/pool.ts): a worker still starting gets
 * no task from `hasRoom()` (the main thread goes on annotating meanwhile, instead of
 * queueing inputs behind a thread that is loading wink's model and the lexicons), and a
 * ready worker gives the same outcome as the main thread. The pool runs dist/worker.js
 * (built by test/global-setup.ts), so it is imported from dist/; its types come from src/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tinyLexiconPath } from '../helpers.js';

type PoolModule = typeof import('../../src/node/batch/pool.js');
type TaskModule = typeof import('../../src/node/batch/task.js');
type LoadIndexModule = typeof import('../../src/node/load-index.js');
const dist = (path: string): string => join(repoRoot, 'dist', path);
const { WorkerPool } = (await import(dist('node/batch/pool.js'))) as PoolModule;
const { createRunner } = (await import(dist('node/batch/task.js'))) as TaskModule;
const { loadIndex } = (await import(dist('node/load-index.js'))) as LoadIndexModule;

const dir = mkdtempSync(join(tmpdir(), 'aa-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WorkerPool', () => {
  it('hasRoom() starts the worker but is false until it is ready; then a task gives the same outcome as this thread', async () => {
    const indexOptions = { builtin: false, files: [tinyLexiconPath], cache: false };
    const index = loadIndex(indexOptions);
    const settings = { format: 'json' as const, annotate: {} };
    const pool = new WorkerPool(1, { indexOptions, lexiconHashes: index.lexicons.map((l) => l.sha256), settings }, 2);
    try {
      expect(pool.hasRoom()).toBe(false); // started now, not ready yet
      const began = performance.now();
      while (!pool.hasRoom()) {
        expect(performance.now() - began).toBeLessThan(30_000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const file = join(dir, 'a.txt');
      writeFileSync(file, 'Fighting was reported in Kunduz on Monday.\n');
      const task = { kind: 'file' as const, file, path: 'a.txt', check: false };
      const there = await pool.run(task);
      expect(there).toMatchObject({ kind: 'file', mentions: 1 });
      expect(there).toEqual(createRunner(index, settings)(task));
    } finally {
      await pool.close();
    }
  });
});
