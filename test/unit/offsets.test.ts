import { describe, expect, it } from 'vitest';
import { OffsetMap } from '../../src/core/pipeline/offsets.js';

describe('OffsetMap: UTF-16 -> code points, lines and columns', () => {
  it('counts an emoji as one code point', () => {
    const m = new OffsetMap('🙂 Kunduz');
    expect(m.codePoint(3)).toBe(2);
    expect(m.length).toBe(8);
  });

  it('is the identity without astral characters', () => {
    const m = new OffsetMap('کندز Kabul');
    expect(m.codePoint(5)).toBe(5);
  });

  it('ends lines at LF, CRLF and a lone CR, and counts columns from 1 in code points', () => {
    const text = 'a\r\nb\nc\r🙂d';
    const m = new OffsetMap(text);
    expect(m.lineColumn(0)).toEqual({ line: 1, column: 1 });
    expect(m.lineColumn(text.indexOf('b'))).toEqual({ line: 2, column: 1 });
    expect(m.lineColumn(text.indexOf('c'))).toEqual({ line: 3, column: 1 });
    expect(m.lineColumn(text.indexOf('d'))).toEqual({ line: 4, column: 2 });
  });
});
