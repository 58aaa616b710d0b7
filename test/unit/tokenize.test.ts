import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHUNK_SIZE, MAX_RUN, chunkEnd, longRuns, setTokenizerModel, tokenize } from '../../src/core/pipeline/tokenize.js';

describe('tokenize: wink-nlp tokens with offsets rebuilt', () => {
  it('gives offsets whose slices are the token values, through CRLF, emoji and Pashto', () => {
    const text = 'The Taliban’s attack 🙂 on د کندز ولایت.\r\n\r\nNATO-led forces said so. Next one!';
    const t = tokenize(text);
    expect(t.count).toBeGreaterThan(10);
    for (let i = 0; i < t.count; i++) expect(text.slice(t.start[i], t.end[i])).toBe(t.value[i]);
  });

  it('numbers sentences from 0 in text order', () => {
    const t = tokenize('Kunduz fell. Helmand held. Kabul waited.');
    expect(t.sentences).toBe(3);
    const first = t.value.indexOf('Helmand');
    expect(t.sentence[first]).toBe(1);
    expect(t.sentence[t.value.indexOf('Kabul')]).toBe(2);
  });

  it('handles empty and whitespace-only text', () => {
    expect(tokenize('').count).toBe(0);
    const ws = tokenize(' \r\n\t ');
    for (let i = 0; i < ws.count; i++) expect(ws.value[i]!.trim()).toBe('');
  });
});

describe('tokenize: a text is tokenized the same whatever came before it (tokenizer-memory.v2)', () => {
  const tokensOf = (text: string): string => {
    const t = tokenize(text);
    return Array.from({ length: t.count }, (_, i) => `${t.value[i]}@${t.start[i]}/s${t.sentence[i]}`).join(' ');
  };
  // "S.L." stays one token in a text of its own; wink splits it into "S.L" and "." once it
  // has met "S.L" elsewhere, which moved a sentence boundary (a Debian copyright file of the
  // bench's archive had sentence 12 or 11 depending on the file read before it).
  const B = 'Copyright 2010 Igalia, S.L.\nLicense: LGPL-2+\n\nFiles: m4/x.m4\n';
  const A = 'Made by Igalia S.L, in 2011.';

  it('gives a text read after another the tokens and sentences it has when read first', () => {
    setTokenizerModel(undefined); // a freshly loaded model
    const first = tokensOf(B);
    setTokenizerModel(undefined);
    tokensOf(A);
    expect(tokensOf(B)).toBe(first);
    expect(first).toContain('S.L.@');
  });

  it('gives every text the same tokens in any order of texts (abbreviations with and without their dots)', () => {
    const word = fc.constantFrom('S.L', 'S.L.', 'U.S', 'U.S.', 'e.g', 'e.g.', 'Inc', 'Inc.', 'No', 'No.', 'Dr', 'Dr.', 'St.', 'Gen', 'Gen.', 'Kunduz', 'said', 'the', ',', '.', '\n', '\n\n', 'A.B.C', 'x.y', 'LGPL-2+', 'Files:', '2011');
    const text = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 5 }), (texts) => {
        const forward = texts.map(tokensOf);
        const backward = [...texts].reverse().map(tokensOf).reverse();
        expect(backward).toEqual(forward);
      }),
      { numRuns: 200 },
    );
  });
});

describe('tokenize: long texts in chunks', () => {
  it('cuts at a paragraph break, else a line break, else a space, never inside a surrogate pair', () => {
    const text = `${'a'.repeat(70)}\n\n${'b'.repeat(20)}\n${'c'.repeat(5)} ${'d'.repeat(10)}`;
    expect(chunkEnd(text, 0, 100)).toBe(72);
    expect(chunkEnd(text, 72, 72 + 25)).toBe(93);
    expect(chunkEnd('🙂'.repeat(10), 0, 5)).toBe(4);
  });

  it('gives the same tokens and offsets for a long text as for its chunks, across CRLF, emoji and Pashto', () => {
    const paragraph = 'Taliban fighters 🙂 entered Kunduz. د کندز ولایت.\r\n';
    const text = paragraph.repeat(Math.ceil((CHUNK_SIZE * 2.5) / paragraph.length));
    const t = tokenize(text);
    for (let i = 0; i < t.count; i += 997) expect(text.slice(t.start[i], t.end[i])).toBe(t.value[i]);
    expect(text.slice(t.start[t.count - 1], t.end[t.count - 1])).toBe(t.value[t.count - 1]);
    for (let i = 1; i < t.count; i++) expect(t.sentence[i]).toBeGreaterThanOrEqual(t.sentence[i - 1]!);
    expect(t.sentence[t.count - 1]).toBe(t.sentences - 1);
  });

  it('makes one opaque token of a run without whitespace (a blob), keeping the prose around it', () => {
    const blob = 'x'.repeat(CHUNK_SIZE + 10);
    const text = `In Kunduz. ${blob} In Helmand.`;
    const t = tokenize(text);
    expect(t.value).toContain(blob);
    for (let i = 0; i < t.count; i++) expect(text.slice(t.start[i], t.end[i])).toBe(t.value[i]);
    expect(t.value.at(-2)).toBe('Helmand');
  });
});

describe('longRuns: the blobs that bypass wink', () => {
  const byRegex = (text: string): [number, number][] =>
    [...text.matchAll(new RegExp(`\\S{${MAX_RUN},}`, 'gu'))].map((m) => [m.index, m.index + m[0].length]);

  it('finds exactly the runs of the regular expression \\S{1000,} (u flag), counting code points', () => {
    const piece = fc.oneof(
      fc.constantFrom(' ', '\n', '\r\n', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u200b', '\v'),
      fc.constantFrom('a', '🙂', 'ک', '\ud800', '\udc00', 'x'.repeat(300), '🙂'.repeat(300), 'y'.repeat(999)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(longRuns(text)).toEqual(byRegex(text));
      }),
      { numRuns: 500 },
    );
  });

  it('counts an astral character once: 999 emoji are no blob, 1000 are', () => {
    expect(longRuns(`a ${'🙂'.repeat(999)} b`)).toEqual([]);
    expect(longRuns(`a ${'🙂'.repeat(1000)} b`)).toEqual([[2, 2002]]);
  });
});
