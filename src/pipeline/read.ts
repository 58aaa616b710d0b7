/**
 * Stage 1, read: bytes -> text. Pure (no file access): the caller hands in the bytes.
 *
 * - UTF-8 is decoded strictly: an invalid sequence is an error that names its byte offset.
 * - A leading byte-order mark is not part of the text (offsets start after it).
 * - UTF-16 files that start with a BOM are decoded (LE or BE); without a BOM, UTF-16 text
 *   is caught as binary (it is full of NUL bytes).
 * - A NUL byte in UTF-8 input marks a binary file: refused.
 * - `sha256` is always of the bytes as given, BOM included, so it identifies the file.
 */
import { createHash } from 'node:crypto';
import { AnnotatorError } from '../errors.js';

export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedSource {
  text: string;
  sha256: string;
  encoding: SourceEncoding;
  /** Whether a byte-order mark was present (and dropped). */
  bom: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function decodeSource(bytes: Uint8Array, file: string): DecodedSource {
  const sha256 = sha256Hex(bytes);
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding: SourceEncoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    if ((bytes.length - 2) % 2 !== 0) {
      throw new AnnotatorError('AA105', `${encoding} file with an odd number of bytes`, { file });
    }
    try {
      const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
      return { text, sha256, encoding, bom: true };
    } catch {
      throw new AnnotatorError('AA105', `invalid ${encoding} text`, { file });
    }
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul !== -1) {
    throw new AnnotatorError('AA104', `binary file (NUL byte at byte ${nul + (bom ? 3 : 0)})`, { file });
  }
  try {
    return { text: utf8.decode(body), sha256, encoding: 'utf-8', bom };
  } catch {
    const offset = firstInvalidUtf8(body) + (bom ? 3 : 0);
    throw new AnnotatorError('AA103', `invalid UTF-8 at byte ${offset}`, { file });
  }
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
