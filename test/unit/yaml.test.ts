import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { annotateText } from '../../src/core/annotate.js';
import { loadIndex } from '../../src/node/load-index.js';
import { YAML_OPTIONS, stringifyYaml, stringifyYamlFast } from '../../src/core/output/yaml.js';

const library = (doc: unknown): string => YAML.stringify(doc, YAML_OPTIONS);

// Strings that exercise the library's quoting: keywords, numbers, dates, indicators,
// comments, leading/trailing space, quotes, escapes, line breaks, non-ASCII, emoji.
const tricky = fc.constantFrom(
  '', ' ', 'true', 'False', 'NULL', '~', 'null', 'yes', 'no', 'on', '0', '-1', '1e3', '0x1F', '.5', '.inf', '-.NaN', '2021-08-15',
  '12:30', 'a: b', 'a #b', '#x', '- x', '-', '? x', ': x', '[x]', '{x}', '*x', '&x', '!x', '|', '>', '%x', '@x', '`x', "'x'", '"x"',
  'x ', ' x', 'a\tb', 'a\nb', 'a\r\nb', '\u0085', '\u2028', '\u00a0', 'Tālibān', 'کندز', '🙂', 'O’Brien', "O'Brien", 'ISKP (IS-K)', 'HQN: Haqqani Network',
  'Kunduz', 'x'.repeat(200), 'a,b', 'a, b', '\\', '\u0000', '\u001b', '\ufeff', 'a\u200db',
);
// The alphabet that yaml.ts writes plain without asking the library (SAFE_PLAIN), with
// YAML 1.1 and 1.2 keywords, numbers and indicators built from it.
const nearPlain = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._/()-]{0,10}$/),
  fc.constantFrom('tRUE', 'True', 'TRUE', 'Null', 'y', 'Y', 'n', 'N', 'Off', 'ON', 'e5', 'E5', 'a-', 'a -', 'a  b', 'x.', 'x/', 'a (b)', 'a)', 'N.A.', 'nan', 'inf', 'Infinity', 'NaN', 'x'.repeat(999), 'x'.repeat(1000), 'x'.repeat(1001)),
);
const str = fc.oneof(tricky, nearPlain, fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ maxLength: 6 }));
const num = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.95, 0.1 + 0.2, 1e21, 1e-7, -0));
const scalar = fc.oneof(str, num, fc.boolean());
const fieldName = fc.oneof(fc.constantFrom('start', 'end', 'text', 'type', 'id', 'mentions', 'xref', 'roles_on_date', 'a1', '_x'), str);
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fieldName, tie('value'), { maxKeys: 5 }),
}));

describe('stringifyYaml: the bytes of the yaml library, faster', () => {
  it('equals YAML.stringify on random documents (quoting, nesting, empty collections, odd keys)', () => {
    fc.assert(
      fc.property(fc.dictionary(fieldName, value.value, { maxKeys: 6 }), (doc) => {
        expect(stringifyYaml(doc)).toBe(library(doc));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals YAML.stringify on annotations of random text with the shipped lexicons', () => {
    const index = loadIndex();
    const words = fc.constantFrom('Kunduz', 'Taliban', 'Lashkar Gah', 'Helmand province', 'Zabihullah Mujahid', 'said', 'the', 'Tālibān', 'کندز', '🙂', '\r\n', '\n', ': ', ' #', '"', "'");
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }), (ws) => {
        const a = annotateText(ws.join(' '), index, { path: 'r.txt', date: '2021-08-15', explain: true });
        expect(stringifyYaml(a as never)).toBe(library(a));
      }),
      { numRuns: 300 },
    );
  });

  it('takes the fast path for every sample article (the library is only the fallback)', () => {
    const index = loadIndex();
    const dir = join(import.meta.dirname, '..', '..', 'samples');
    const names = readdirSync(dir).filter((n) => n.endsWith('.txt'));
    expect(names.length).toBeGreaterThan(3);
    for (const n of names) {
      const a = annotateText(readFileSync(join(dir, n), 'utf8'), index, { path: n });
      const fast = stringifyYamlFast(a as never);
      expect(fast, n).toBeDefined();
      expect(fast).toBe(library(a));
    }
  });

  it('falls back to the library for what it does not lay out: multi-line strings, null, nested arrays', () => {
    for (const doc of [{ text: 'Lashkar\nGah' }, { a: null }, { a: [[1]] }, { a: [{}] }, { 'a b': 1 }, { a: -0 }]) {
      expect(stringifyYamlFast(doc as never)).toBeUndefined();
      expect(stringifyYaml(doc as never)).toBe(library(doc));
    }
  });
});
