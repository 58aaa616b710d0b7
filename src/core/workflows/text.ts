/**
 * Code-point helpers: the output's offsets count Unicode code points, JavaScript strings
 * index UTF-16 units. Pure.
 */

/** UTF-16 index of every code point of `text`, plus `text.length` at the end. */
export function codePointIndex(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    out.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  out.push(text.length);
  return out;
}

/** Slices a text by code-point offsets (what Python's `text[start:end]` and jq do). */
export class CodePointText {
  readonly index: number[];

  constructor(readonly text: string) {
    this.index = codePointIndex(text);
  }

  /** Length in code points. */
  get length(): number {
    return this.index.length - 1;
  }

  /** UTF-16 offset of a code-point offset (clamped to the text). */
  utf16(cp: number): number {
    return this.index[Math.max(0, Math.min(cp, this.length))]!;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.utf16(start), this.utf16(end));
  }
}
