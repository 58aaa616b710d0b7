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

/**
 * The text of a top-level member's value in a JSON object, exactly as written (the last
 * one, as JSON.parse keeps the last), or undefined. `raw` must be valid JSON (it has been
 * parsed already). Used for a numeric record `id`: JSON.parse turns
 * 100000000000000000000000000 into 1e+26 and 1.50 into 1.5, but the annotation's
 * `source.path` must name the record as the record does.
 */
export function rawMemberText(raw: string, key: string): string | undefined {
  let i = raw.indexOf('{');
  if (i < 0) return undefined;
  let found: string | undefined;
  const skipSpace = (): void => {
    while (i < raw.length && ' \t\n\r'.includes(raw[i]!)) i++;
  };
  const skipString = (): string => {
    const start = i;
    i++; // opening quote
    while (raw[i] !== '"') i += raw[i] === '\\' ? 2 : 1;
    i++;
    return raw.slice(start, i);
  };
  const skipValue = (): void => {
    const c = raw[i];
    if (c === '"') {
      skipString();
      return;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < raw.length) {
        const d = raw[i]!;
        if (d === '"') {
          skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        i++;
        if (depth === 0) return;
      }
      return;
    }
    while (i < raw.length && !',}] \t\n\r'.includes(raw[i]!)) i++; // number, true, false, null
  };
  i++; // the object's {
  for (;;) {
    skipSpace();
    if (raw[i] !== '"') return found;
    const name = JSON.parse(skipString()) as string;
    skipSpace();
    i++; // :
    skipSpace();
    const start = i;
    skipValue();
    if (name === key) found = raw.slice(start, i);
    skipSpace();
    if (raw[i] !== ',') return found;
    i++;
  }
}
