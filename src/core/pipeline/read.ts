/**
 * Stage 1, read: bytes -> text. Pure (no file access): the caller hands in the bytes.
 *
 * - UTF-8 is decoded strictly: an invalid sequence is an error that names its byte offset.
 * - A leading byte-order mark is not part of the text (offsets start after it).
 * - UTF-16 files that start with a BOM are decoded (LE or BE); without a BOM, UTF-16 text
 *   is caught as binary (it is full of NUL bytes; the message says it looks like UTF-16).
 * - UTF-32 (either byte order, with its BOM) is refused clearly (AA105), not read as UTF-16.
 * - A NUL byte in UTF-8 input, or a U+0000 character in UTF-16 input, marks a binary file:
 *   refused (AA104).
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
  const utf32 = utf32Bom(bytes);
  if (utf32 !== undefined) {
    throw new AnnotatorError('AA105', `${utf32} text is not supported (convert it to UTF-8)`, { file });
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding: SourceEncoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    if ((bytes.length - 2) % 2 !== 0) {
      throw new AnnotatorError('AA105', `${encoding} file with an odd number of bytes`, { file });
    }
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    } catch {
      throw new AnnotatorError('AA105', `invalid ${encoding} text at byte ${2 + firstInvalidUtf16(bytes.subarray(2), encoding === 'utf-16le')}`, { file });
    }
    const nul = text.indexOf('\0');
    if (nul !== -1) {
      throw new AnnotatorError('AA104', `binary file (U+0000 at byte ${2 + 2 * nul})`, { file });
    }
    return { text, sha256, encoding, bom: true };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul !== -1) {
    const hint = bom ? '' : bomlessUtf16(bytes);
    throw new AnnotatorError('AA104', `binary file (NUL byte at byte ${nul + (bom ? 3 : 0)}${hint})`, { file });
  }
  try {
    return { text: utf8.decode(body), sha256, encoding: 'utf-8', bom };
  } catch {
    const offset = firstInvalidUtf8(body) + (bom ? 3 : 0);
    throw new AnnotatorError('AA103', `invalid UTF-8 at byte ${offset}`, { file });
  }
}

/** `UTF-32LE` or `UTF-32BE` when the bytes start with that byte-order mark. */
function utf32Bom(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'UTF-32LE';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'UTF-32BE';
  return undefined;
}

/**
 * A hint for a file with NUL bytes that looks like UTF-16 text without a byte-order mark:
 * an even length, and zeros in most of the odd (LE) or even (BE) bytes of its start.
 */
function bomlessUtf16(bytes: Uint8Array): string {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return '';
  const pairs = Math.min(bytes.length, 512) / 2;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const most = pairs * 0.75;
  const few = pairs * 0.25;
  const order = oddZeros >= most && evenZeros <= few ? 'UTF-16LE' : evenZeros >= most && oddZeros <= few ? 'UTF-16BE' : undefined;
  return order === undefined ? '' : `; it looks like ${order} without a byte-order mark: add one, or convert it to UTF-8`;
}

/** Byte offset of the first code unit that is not part of valid UTF-16 (an unpaired surrogate). */
export function firstInvalidUtf16(bytes: Uint8Array, littleEndian: boolean): number {
  const unit = (i: number): number => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  let i = 0;
  while (i + 1 < bytes.length) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= bytes.length) return i;
      const next = unit(i + 2);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 4;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return i;
    } else {
      i += 2;
    }
  }
  return i;
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
