import { describe, expect, it } from 'vitest';
import { caseShape, foldKey, Shape, splitPieces } from '../../src/core/pipeline/normalize.js';

const keys = (s: string): string[] => splitPieces(s).map((p) => p.key);

describe('normalize.v1: pieces and match keys', () => {
  it('treats hyphens, en dashes and spaces inside names as the same separator', () => {
    expect(keys('Sar-e-Pol')).toEqual(['sar', 'e', 'pol']);
    expect(keys('Sar-e Pol')).toEqual(['sar', 'e', 'pol']);
    expect(keys('Sar\u2013e\u00a0Pol')).toEqual(['sar', 'e', 'pol']);
  });

  it('folds case, NFKC and diacritics', () => {
    expect(foldKey('Mazār')).toBe('mazar');
    expect(foldKey('ＫＡＢＵＬ')).toBe('kabul');
    expect(foldKey('Hérat')).toBe(foldKey('Herat'));
  });

  it('folds curly and modifier apostrophes to a straight one', () => {
    expect(keys('Taliban’s')).toEqual(keys("Taliban's"));
    expect(keys('Qal‘a')).toEqual(['qal', "'", 'a']);
  });

  it('keeps offsets into the string it split, not into the folded key', () => {
    const pieces = splitPieces('Ｋabul–Jalalabad');
    expect(pieces.map((p) => [p.start, p.end, p.raw])).toEqual([
      [0, 5, 'Ｋabul'],
      [6, 15, 'Jalalabad'],
    ]);
  });

  it('folds Arabic-script letter variants (Arabic yeh/kaf to Persian forms) and drops tatweel and ZWNJ', () => {
    expect(foldKey('ولايت')).toBe(foldKey('ولایت'));
    expect(foldKey('كندز')).toBe(foldKey('کندز'));
    expect(foldKey('کنـدز')).toBe(foldKey('کندز'));
    expect(foldKey('می\u200cشود')).toBe('میشود');
  });

  it('records the case shape of a piece', () => {
    expect(caseShape('Kunduz')).toBe(Shape.initialUpper | Shape.cased);
    expect(caseShape('NATO')).toBe(Shape.initialUpper | Shape.allUpper | Shape.cased);
    expect(caseShape('kunduz')).toBe(Shape.cased);
    expect(caseShape('کندز')).toBe(0);
  });

  it('makes one piece of every punctuation character and none of whitespace', () => {
    expect(splitPieces(' (Kunduz) ').map((p) => p.raw)).toEqual(['(', 'Kunduz', ')']);
  });
});
