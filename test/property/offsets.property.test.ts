import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { cpSlice, expectValidAnnotation, tinyIndex } from '../helpers.js';

// Pieces of text that stress offsets: astral emoji, Pashto/Dari script, combining marks,
// CRLF and lone CR, curly punctuation, and names the tiny lexicon knows.
const fragment = fc.oneof(
  fc.constantFrom(
    'Kunduz', 'KUNDUZ', 'Kondoz', 'کندز', 'هلمند', 'Lashkar Gah', 'Lashkar-Gah', 'Taliban', 'Taliban’s', 'pro-Taliban',
    'Pakistani Taliban', 'IS', 'NATO-led', 'Zabihullah Mujahid', 'Sar-e-Pol', 'ذبيح الله مجاهد',
  ),
  fc.constantFrom(' ', '  ', '\r\n', '\n', '\r', '\t', '. ', ', ', '“', '”', '’', '–', '—', '(', ')', '\u00a0', '\u200c', '\ufeff'),
  fc.constantFrom('🙂', '👩🏽‍⚕️', '🇦🇫', '𝐊', 'e\u0301', 'a\u0308\u0323', 'ولایت', 'د', 'ښار'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const article = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

function lineColumnOf(text: string, cpOffset: number): { line: number; column: number } {
  const before = Array.from(text).slice(0, cpOffset).join('');
  const lines = before.split(/\r\n|\n|\r/);
  return { line: lines.length, column: Array.from(lines[lines.length - 1]!).length + 1 };
}

describe('property: offsets are code points that slice back to the mention text', () => {
  it('holds for random text with emoji, Pashto script, combining marks and CRLF', () => {
    fc.assert(
      fc.property(article, (text) => {
        const a = annotateText(text, tinyIndex());
        expect(a.source.length).toBe(Array.from(text).length);
        let previousEnd = 0;
        for (const m of a.mentions) {
          expect(m.start).toBeGreaterThanOrEqual(previousEnd); // text order, no overlap
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(a.source.length);
          expect(cpSlice(text, m.start, m.end)).toBe(m.text);
          const lc = lineColumnOf(text, m.start);
          expect([m.line, m.column]).toEqual([lc.line, lc.column]);
          previousEnd = m.end;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives schema-valid, deterministic output', () => {
    fc.assert(
      fc.property(article, (text) => {
        const a = annotateText(text, tinyIndex(), { path: 'p.txt' });
        expectValidAnnotation(a);
        expect(JSON.stringify(annotateText(text, tinyIndex(), { path: 'p.txt' }))).toBe(JSON.stringify(a));
      }),
      { numRuns: 150 },
    );
  });

  it('finds every lexicon name placed between spaces in random text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Kunduz', 'کندز', 'Lashkar Gah', 'Taliban', 'NATO'), { minLength: 1, maxLength: 8 }), fc.constantFrom(' ', '\r\n', ' 🙂 ', ' ولایت '), (names, glue) => {
        const text = names.join(glue);
        const a = annotateText(text, tinyIndex());
        expect(a.mentions.map((m) => m.text)).toEqual(names);
      }),
      { numRuns: 200 },
    );
  });
});
