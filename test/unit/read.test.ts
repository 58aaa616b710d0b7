import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers.js';
import { decodeSource, firstInvalidUtf8 } from '../../src/core/pipeline/read.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);


describe('read: bytes -> text', () => {
  it('drops a leading UTF-8 BOM from the text but hashes the bytes as given', () => {
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('Kunduz')]);
    const r = decodeSource(withBom, 'a.txt');
    expect(r.text).toBe('Kunduz');
    expect(r.bom).toBe(true);
    expect(r.sha256).not.toBe(decodeSource(utf8('Kunduz'), 'b.txt').sha256);
  });

  it('keeps a BOM that is not at the start (it is text, U+FEFF)', () => {
    expect(decodeSource(utf8('a\ufeffb'), 'a.txt').text).toBe('a\ufeffb');
  });

  it('reports invalid UTF-8 with code AA103 and the byte offset', () => {
    const e = errorOf(() => decodeSource(Uint8Array.from([...utf8('Kabul '), 0xc3, 0x28]), 'bad.txt'));
    expect(e.code).toBe('AA103');
    expect(e.format()).toBe('error[AA103] bad.txt: invalid UTF-8 at byte 6');
  });

  it('counts the BOM in the reported byte offset', () => {
    const e = errorOf(() => decodeSource(bytes(0xef, 0xbb, 0xbf, 0x41, 0xff), 'bad.txt'));
    expect(e.message).toBe('invalid UTF-8 at byte 4');
  });

  it('finds the first invalid sequence: overlong, surrogate, truncated', () => {
    expect(firstInvalidUtf8(bytes(0x41, 0xc0, 0x80))).toBe(1); // overlong
    expect(firstInvalidUtf8(bytes(0x41, 0x42, 0xed, 0xa0, 0x80))).toBe(2); // surrogate
    expect(firstInvalidUtf8(bytes(0x41, 0xe2, 0x82))).toBe(1); // truncated
    expect(firstInvalidUtf8(utf8('ok 🙂 کندز'))).toBe(utf8('ok 🙂 کندز').length);
  });

  it('refuses a file with NUL bytes as binary (AA104)', () => {
    expect(errorOf(() => decodeSource(bytes(0x41, 0x00, 0x42), 'x.bin')).code).toBe('AA104');
  });

  it('decodes UTF-16 with a BOM, both byte orders', () => {
    const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from('Herat 🙂', 'utf16le')]);
    const r = decodeSource(le, 'le.txt');
    expect(r.text).toBe('Herat 🙂');
    expect(r.encoding).toBe('utf-16le');
    const be = Buffer.from('Herat', 'utf16le').swap16();
    expect(decodeSource(Uint8Array.from([0xfe, 0xff, ...be]), 'be.txt').text).toBe('Herat');
  });

  it('accepts an empty file', () => {
    expect(decodeSource(new Uint8Array(0), 'empty.txt').text).toBe('');
  });
});
