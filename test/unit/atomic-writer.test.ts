/** One atomic writer (issue 14): the caches write through output/write.ts, whose cleanup knows their temporary names. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCacheFile } from '../../src/node/lexicon/cache.js';
import { removeStaleTemporaryFiles, temporaryName } from '../../src/node/output/write.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one atomic writer for outputs and caches', () => {
  it('a cache write leaves the file and no temporary file', () => {
    const folder = join(dir, 'lexicons');
    expect(writeCacheFile(folder, join(folder, 'a.json'), '{"x":1}', '.json', 10)).toBe(true);
    expect(readdirSync(folder)).toEqual(['a.json']);
    expect(readFileSync(join(folder, 'a.json'), 'utf8')).toBe('{"x":1}');
  });

  it('a killed run\'s temporary cache entry or image is removed by the stale-file cleanup; other files are not', () => {
    const folder = join(dir, 'stale');
    writeCacheFile(folder, join(folder, 'keep.json'), '{}', '.json', 10);
    const dead = 99_999_999; // above any pid_max: not running
    const names = [temporaryName('0123abcd.json', dead), temporaryName('0123abcd.v8', dead), temporaryName('doc.ann.yaml', dead)];
    for (const n of names) writeFileSync(join(folder, n), 'partial');
    writeFileSync(join(folder, '.notes.txt.tmp'), 'mine');
    expect(removeStaleTemporaryFiles(folder)).toBe(3);
    expect(readdirSync(folder).sort()).toEqual(['.notes.txt.tmp', 'keep.json']);
  });
});
