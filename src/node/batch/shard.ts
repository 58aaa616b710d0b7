/**
 * `--shard K/N`: a deterministic 1/N of the inputs, for array jobs (Slurm, SGE, PBS, GNU
 * parallel across hosts). An input belongs to shard K when
 *
 *     uint32(first 4 bytes of sha256(UTF-8 of its path as recorded in source.path)) mod N == K
 *
 * so the split depends on the paths only (not on the machine, the order of discovery or
 * the other inputs): every shard walks the same folders and keeps its own files, the
 * shards are disjoint and together cover every input. The same test in a shell:
 * `printf %s "$path" | sha256sum | cut -c1-8` read as hexadecimal, modulo N.
 */
import { createHash } from 'node:crypto';
import { AnnotatorError } from '../../core/errors.js';

export interface Shard {
  index: number;
  count: number;
}

/** Parse `K/N` (0 <= K < N). */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count || count > 0xffffffff) {
    throw new AnnotatorError('AA401', `invalid --shard "${value}" (expected K/N with 0 <= K < N, e.g. 0/4)`);
  }
  return { index, count };
}

/** The shard (0..count-1) a path belongs to. */
export function shardOf(path: string, count: number): number {
  return createHash('sha256').update(path, 'utf8').digest().readUInt32BE(0) % count;
}

export function inShard(path: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(path, shard.count) === shard.index;
}
