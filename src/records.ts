/**
 * Record mode input (`annotate --input jsonl`): a stream of bytes -> batches of complete
 * lines, each with the number of its first line. Lines are cut on LF bytes (never inside
 * a UTF-8 sequence); each line is decoded and parsed where it is annotated
 * (src/batch/task.ts), so a bad line is an error for that line only.
 *
 * Memory: one batch (BATCH_BYTES, or one line if a line is longer) plus one chunk of the
 * stream, whatever the size of the input.
 */
import { createReadStream } from 'node:fs';

export const BATCH_BYTES = 128 * 1024;

export interface RecordBatch {
  /** 1-based number of the batch's first line. */
  firstLine: number;
  /** Complete lines (the last one may lack its newline at the end of the input). */
  bytes: Uint8Array;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  let i = bytes.indexOf(10);
  while (i !== -1) {
    n++;
    i = bytes.indexOf(10, i + 1);
  }
  return n;
}

export async function* recordBatches(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, batchBytes: number = BATCH_BYTES): AsyncGenerator<RecordBatch> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    parts.push(buf);
    size += buf.length;
    if (size < batchBytes) continue;
    const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    const cut = all.lastIndexOf(10);
    if (cut === -1) {
      parts = [all]; // one long line so far: keep reading
      continue;
    }
    const bytes = new Uint8Array(all.subarray(0, cut + 1)); // a copy of its own: cloned whole to a worker
    yield { firstLine: line, bytes };
    line += countLines(bytes);
    const rest = all.subarray(cut + 1);
    parts = rest.length > 0 ? [Buffer.from(rest)] : [];
    size = rest.length;
  }
  if (size > 0) {
    const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    yield { firstLine: line, bytes: new Uint8Array(all) };
  }
}

/** A file's bytes as a stream of chunks (opening errors surface on the first read). */
export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1024 * 1024 });
}
