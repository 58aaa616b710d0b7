/**
 * UTF-16 offsets (what JavaScript strings index by) -> code-point offsets (what the output
 * promises, and what Python and jq slice by), plus 1-based line and column.
 * Lines end at LF, CRLF or a lone CR.
 */
const SURROGATE = /[\ud800-\udfff]/;

export class OffsetMap {
  private readonly lineStarts: number[] = [0];
  /** cp[i] = code points before UTF-16 offset i; undefined when the text has no astral characters. */
  private readonly cp: Int32Array | undefined;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.lineStarts.push(i + 1);
      else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) this.lineStarts.push(i + 1);
    }
    if (SURROGATE.test(text)) {
      const cp = new Int32Array(text.length + 1);
      let n = 0;
      for (let i = 0; i < text.length; i++) {
        cp[i] = n;
        const c = text.charCodeAt(i);
        // A trailing surrogate that follows a leading one does not start a code point.
        const continues = c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
        if (!continues) n++;
      }
      cp[text.length] = n;
      this.cp = cp;
    }
  }

  /** Code-point offset of a UTF-16 offset. */
  codePoint(utf16: number): number {
    return this.cp === undefined ? utf16 : this.cp[utf16]!;
  }

  /** Length of the text in code points. */
  get length(): number {
    return this.codePoint(this.text.length);
  }

  /** 1-based line and code-point column of a UTF-16 offset. */
  lineColumn(utf16: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= utf16) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: this.codePoint(utf16) - this.codePoint(starts[lo]!) + 1 };
  }
}
