import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../src/node/batch/shard.js';
import { AnnotatorError } from '../../src/core/errors.js';

describe('--shard K/N (src/batch/shard.ts)', () => {
  it('parses K/N with 0 <= K < N', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '-1/4', '1', '1/0', 'a/b', '1.5/4', '']) {
      expect(() => parseShard(bad), bad).toThrow(AnnotatorError);
    }
  });

  it('is the documented formula: first 4 bytes of sha256(path), big-endian, modulo N', () => {
    const path = 'corpus/2019/09/kunduz.txt';
    const expected = parseInt(createHash('sha256').update(path).digest('hex').slice(0, 8), 16) % 7;
    expect(shardOf(path, 7)).toBe(expected);
    // A non-ASCII path hashes its UTF-8 bytes.
    const pashto = 'corpus/کندز.txt';
    expect(shardOf(pashto, 5)).toBe(parseInt(createHash('sha256').update(Buffer.from(pashto, 'utf8')).digest('hex').slice(0, 8), 16) % 5);
  });

  it('puts every path in exactly one shard, with shards of similar size', () => {
    const paths = Array.from({ length: 4000 }, (_, i) => `archive/${i % 37}/article-${i}.txt`);
    const sizes = [0, 0, 0, 0];
    for (const p of paths) {
      const owners = [0, 1, 2, 3].filter((k) => inShard(p, { index: k, count: 4 }));
      expect(owners).toHaveLength(1);
      sizes[owners[0]!]!++;
    }
    for (const size of sizes) expect(size).toBeGreaterThan(900);
    expect(paths.every((p) => inShard(p, { index: 0, count: 1 }))).toBe(true);
  });

});
