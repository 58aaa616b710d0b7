/**
 * Names of files the tool writes or refuses (issue 7): temporary names always fit in a file
 * name (255 bytes) and stay recognisable as ours; a name that is not UTF-8 is printed with
 * its bad bytes as `\xHH`.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeNameBytes } from '../../src/node/inputs.js';
import { NAME_MAX, removeStaleTemporaryFiles, temporaryName, writeFileAtomic } from '../../src/node/output/write.js';
import { TEMPORARY_FILE } from '../fixtures/nasty/harness.js';

const bytes = (name: string): number => Buffer.byteLength(name);

describe('temporaryName (src/output/write.ts)', () => {
  it('is `.NAME.HOST.PID.RANDOM.tmp` when that fits', () => {
    const name = temporaryName('a.ann.yaml', 1234, '0badf00d');
    expect(name).toMatch(/^\.a\.ann\.yaml\.[A-Za-z0-9-]+\.1234\.0badf00d\.tmp$/);
    expect(name).toMatch(TEMPORARY_FILE);
  });

  it('fits in NAME_MAX bytes for any output name that does, keeps `.ann.EXT` and is told apart by a hash', () => {
    for (const ext of ['.ann.yaml', '.ann.json', '.ann.jsonl']) {
      for (const letter of ['k', 'é', 'ک', '😀']) {
        const stem = letter.repeat(Math.floor((NAME_MAX - bytes(ext)) / bytes(letter)));
        const target = `${stem}${ext}`;
        expect(bytes(target)).toBeLessThanOrEqual(NAME_MAX);
        const name = temporaryName(target, 9_999_999, 'ffffffff');
        expect(bytes(name), target).toBeLessThanOrEqual(NAME_MAX);
        expect(name).toMatch(TEMPORARY_FILE);
        expect(name.includes('\uFFFD')).toBe(false); // cut between letters, never inside one
        expect(name).toMatch(new RegExp(`~[0-9a-f]{8}${ext.replace(/\./g, '\\.')}\\.[A-Za-z0-9-]+\\.9999999\\.ffffffff\\.tmp$`, 'u'));
        expect(name.startsWith(`.${letter}`)).toBe(true);
        // Two long names that share their first bytes get different temporary names.
        expect(temporaryName(`${stem.slice(0, -letter.length)}x${ext}`, 9_999_999, 'ffffffff')).not.toBe(name);
      }
    }
  });

  it('writeFileAtomic writes a 249-byte name, and the stale-file sweep removes a dead run\'s shortened temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-names-'));
    try {
      const target = `${'k'.repeat(240)}.ann.yaml`;
      writeFileAtomic(join(dir, target), 'complete\n');
      const stale = temporaryName(target, 2 ** 22 + 12_345, '0badf00d'); // above the kernel's pid limit: never running
      writeFileSync(join(dir, stale), 'half');
      expect(removeStaleTemporaryFiles(dir)).toBe(1);
      expect(readdirSync(dir)).toEqual([target]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('escapeNameBytes (src/inputs.ts)', () => {
  it('decodes valid UTF-8 and writes every other byte as \\xHH', () => {
    expect(escapeNameBytes(Buffer.from('café.txt'))).toBe('café.txt');
    expect(escapeNameBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74]))).toBe('caf\\xe9.t');
    expect(escapeNameBytes(Buffer.from([0xff, 0xfe]))).toBe('\\xff\\xfe');
    // A sequence cut short, an overlong form, an encoded surrogate: each bad byte on its own.
    expect(escapeNameBytes(Buffer.from([0x61, 0xe2, 0x82]))).toBe('a\\xe2\\x82');
    expect(escapeNameBytes(Buffer.from([0xc0, 0xaf]))).toBe('\\xc0\\xaf');
    expect(escapeNameBytes(Buffer.from([0xed, 0xa0, 0x80, 0x41]))).toBe('\\xed\\xa0\\x80A');
    expect(escapeNameBytes(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xe9]))).toBe('😀\\xe9');
  });
});
