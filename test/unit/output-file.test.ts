/** One output writer (issue 14): every command writes its files through writeOutputFile, whose errors are the documented ones. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AnnotatorError } from '../../src/core/errors.js';
import { OutputRoot, writeOutputFile } from '../../src/node/output/write.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-output-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(f: () => void): AnnotatorError {
  try {
    f();
  } catch (error) {
    if (error instanceof AnnotatorError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('writeOutputFile', () => {
  it('writes the file atomically inside the root', () => {
    const out = join(dir, 'ok');
    writeOutputFile(join(out, 'a', 'x.ann.yaml'), 'data\n', { root: new OutputRoot(out) });
    expect(readFileSync(join(out, 'a', 'x.ann.yaml'), 'utf8')).toBe('data\n');
    expect(readdirSync(join(out, 'a'))).toEqual(['x.ann.yaml']);
  });

  it('a file system failure is AA301 naming the input (or else the target)', () => {
    const out = join(dir, 'blocked');
    mkdirSync(out);
    writeFileSync(join(out, 'taken'), 'a file, not a folder');
    const target = join(out, 'taken', 'x.ann.yaml');
    const named = failure(() => writeOutputFile(target, 'data', { root: new OutputRoot(out), input: 'in/x.txt' }));
    expect([named.code, named.file, named.message]).toEqual(['AA301', 'in/x.txt', `cannot write ${target} (ENOTDIR)`]);
    const bare = failure(() => writeOutputFile(target, 'data'));
    expect([bare.code, bare.file]).toEqual(['AA301', target]);
  });

  it('a name too long is AA108 (that input skipped) only when asked; AA301 otherwise', () => {
    const target = join(dir, `${'k'.repeat(300)}.ann.yaml`);
    expect(failure(() => writeOutputFile(target, 'data', { input: 'k.txt', skipNameTooLong: true })).code).toBe('AA108');
    expect(failure(() => writeOutputFile(target, 'data', { input: 'k.txt' })).code).toBe('AA301');
  });

  it('a link that leads out of the root is AA110 naming the input', () => {
    const out = join(dir, 'linked');
    mkdirSync(out);
    symlinkSync(dir, join(out, 'away'));
    const error = failure(() => writeOutputFile(join(out, 'away', 'x.ann.yaml'), 'data', { root: new OutputRoot(out), input: 'in/x.txt' }));
    expect([error.code, error.file]).toEqual(['AA110', 'in/x.txt']);
  });

  it('the commands write only through it (no second wrapper around writeFileAtomic)', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const callers = ['cli/check.ts', 'cli/export.ts', 'cli/report.ts', 'node/run.ts'].filter((f) => readFileSync(join(src, f), 'utf8').includes('writeFileAtomic'));
    expect(callers).toEqual([]);
  });
});
