/**
 * Reading untrusted bytes: input text (src/pipeline/read.ts) and lexicon YAML
 * (src/lexicon/load.ts). Every failure must be an AnnotatorError with a stable code and a
 * location; nothing may throw anything else, hang, or touch an object prototype.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { annotateText } from '../../src/core/annotate.js';
import { AnnotatorError } from '../../src/core/errors.js';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { BUILTIN_LEXICON_DIR } from '../../src/node/lexicon/load.js';
import { MAX_ALIAS_COUNT, nestingTooDeep, parseLexicon, parseRules } from '../../src/core/lexicon/parse.js';
import type { LexiconDocument } from '../../src/core/lexicon/types.js';
import { decodeSource, firstInvalidUtf16, firstInvalidUtf8 } from '../../src/core/pipeline/read.js';
import { expectValidAnnotation, tinyLexiconPath, errorOf } from '../helpers.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });


describe('read: hostile bytes', () => {
  it('refuses UTF-32 (either byte order) clearly, instead of reading it as UTF-16 or binary', () => {
    const le = errorOf(() => decodeSource(bytes(0xff, 0xfe, 0, 0, 0x4b, 0, 0, 0), 'a.txt'));
    expect([le.code, le.message]).toEqual(['AA105', 'UTF-32LE text is not supported (convert it to UTF-8)']);
    const be = errorOf(() => decodeSource(bytes(0, 0, 0xfe, 0xff, 0, 0, 0, 0x4b), 'a.txt'));
    expect([be.code, be.message]).toEqual(['AA105', 'UTF-32BE text is not supported (convert it to UTF-8)']);
    // A UTF-16LE file whose first character is U+0000 starts with the same 4 bytes: it is binary anyway.
  });

  it('treats U+0000 in UTF-16 text as binary (AA104), with its byte offset', () => {
    const e = errorOf(() => decodeSource(Uint8Array.from([0xff, 0xfe, ...Buffer.from('ab\0c', 'utf16le')]), 'x.txt'));
    expect([e.code, e.message]).toEqual(['AA104', 'binary file (U+0000 at byte 6)']);
  });

  it('reports the byte offset of an unpaired surrogate in UTF-16 (AA105)', () => {
    expect(errorOf(() => decodeSource(bytes(0xff, 0xfe, 0x41, 0, 0x00, 0xdc), 'x')).message).toBe('invalid utf-16le text at byte 4'); // lone low
    expect(errorOf(() => decodeSource(bytes(0xfe, 0xff, 0, 0x41, 0xd8, 0x00), 'x')).message).toBe('invalid utf-16be text at byte 4'); // high at the end
    expect(firstInvalidUtf16(Buffer.from('a🙂b', 'utf16le'), true)).toBe(8);
  });

  it('says when NUL bytes look like UTF-16 without a BOM, and only then', () => {
    expect(errorOf(() => decodeSource(Buffer.from('Kunduz', 'utf16le'), 'x')).message).toBe(
      'binary file (NUL byte at byte 1; it looks like UTF-16LE without a byte-order mark: add one, or convert it to UTF-8)',
    );
    expect(errorOf(() => decodeSource(Buffer.from('Kunduz', 'utf16le').swap16(), 'x')).message).toMatch(/^binary file \(NUL byte at byte 0; it looks like UTF-16BE/);
    expect(errorOf(() => decodeSource(bytes(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d), 'x')).message).toBe('binary file (NUL byte at byte 4)');
    expect(errorOf(() => decodeSource(bytes(0x4b, 0, 0x61), 'x')).message).toBe('binary file (NUL byte at byte 1)');
  });

  it('property: any bytes either decode losslessly or fail with AA103/AA104/AA105 and a correct offset', () => {
    let tried = 0;
    const outcomes = new Map<string, number>();
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.string({ unit: 'binary', maxLength: 32 }).map((s) => new TextEncoder().encode(s)),
      fc.tuple(fc.string({ unit: 'binary', maxLength: 16 }), fc.uint8Array({ maxLength: 4 }), fc.string({ maxLength: 8 })).map(([a, b, c]) =>
        Uint8Array.from([...new TextEncoder().encode(a), ...b, ...new TextEncoder().encode(c)]),
      ),
      fc.tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0xff, 0xfe, 0, 0]), fc.uint8Array({ maxLength: 32 })).map(([bom, b]) => Uint8Array.from([...bom, ...b])),
    );
    fc.assert(
      fc.property(arb, (input) => {
        tried++;
        let outcome: string;
        try {
          const r = decodeSource(input, 'f');
          outcome = r.encoding;
          const body = input.subarray(r.encoding === 'utf-8' ? (r.bom ? 3 : 0) : 2);
          const again = r.encoding === 'utf-8' ? Buffer.from(r.text, 'utf8') : Buffer.from(r.text, 'utf16le');
          if (r.encoding === 'utf-16be') again.swap16();
          expect(Buffer.from(body).equals(again)).toBe(true);
          expect(r.text.includes('\0')).toBe(false);
        } catch (e) {
          expect(e).toBeInstanceOf(AnnotatorError);
          const err = e as AnnotatorError;
          outcome = err.code;
          expect(['AA103', 'AA104', 'AA105']).toContain(err.code);
          const at = /at byte (\d+)/.exec(err.message);
          if (err.code === 'AA103') {
            const offset = Number(at![1]);
            expect(offset).toBeLessThan(input.length);
            const start = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
            expect(() => fatal.decode(input.subarray(start, offset))).not.toThrow();
            expect(() => fatal.decode(input.subarray(start))).toThrow();
          }
          if (err.code === 'AA104' && at) expect(Number(at[1])).toBeLessThan(input.length);
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
    for (const kind of ['utf-8', 'AA103', 'AA104', 'AA105', 'utf-16le']) expect(outcomes.get(kind) ?? 0, kind).toBeGreaterThan(10);
  });

  it('property: firstInvalidUtf8 finds an error exactly when the strict decoder does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
        let ok = true;
        try {
          fatal.decode(b);
        } catch {
          ok = false;
        }
        expect(firstInvalidUtf8(b) === b.length).toBe(ok);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: any Unicode text round-trips through UTF-8 and UTF-16 (with a BOM) to the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0')), (s) => {
        const u8 = decodeSource(new TextEncoder().encode(s), 'f');
        const le = decodeSource(Uint8Array.from([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]), 'f');
        const be = decodeSource(Uint8Array.from([0xfe, 0xff, ...Buffer.from(s, 'utf16le').swap16()]), 'f');
        // A text starting with U+FEFF read as UTF-8 loses nothing either: only a leading BOM is dropped.
        expect(u8.bom ? `\ufeff${u8.text}` : u8.text).toBe(s);
        expect([le.text, be.text]).toEqual([s, s]);
      }),
      { numRuns: 1000 },
    );
  });
});

const HEAD = 'format: afghan-annotator/lexicon@1\nlexicon: hostile\nversion: 1.0.0\nsources: [{id: s, title: t, licence: CC0-1.0}]\n';
const ENTRY = '  - {id: group.x, type: armed_group, name: Xgroup, aliases: [Xgroup], sources: [s]}\n';

function prototypesClean(): void {
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort());
  expect(typeof ({}).constructor).toBe('function');
}

describe('lexicon YAML: hardened parsing', () => {
  it('fails fast on a "billion laughs" document, with AA202 at the first alias', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 20; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const started = performance.now();
    const e = errorOf(() => parseLexicon(`${HEAD}${levels.join('\n')}\nentries: []\n`, 'laughs.yaml'));
    expect(performance.now() - started).toBeLessThan(2000);
    expect([e.code, e.where, e.message]).toEqual(['AA202', '6:8', `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions: a "billion laughs" document?)`]);
  });

  it('still accepts a plain anchor shared by many entries (valid input keeps working)', () => {
    const entries = Array.from({ length: 300 }, (_, i) => `  - {id: group.g${i}, type: armed_group, name: G${i}group, aliases: [G${i}group], sources: *src}`);
    const doc = parseLexicon(`${HEAD}entries:\n  - {id: group.x, type: armed_group, name: Xgroup, aliases: [Xgroup], sources: &src [s]}\n${entries.join('\n')}\n`, 'anchors.yaml').document;
    expect(doc.entries).toHaveLength(301);
    expect(doc.entries[300]!.sources).toEqual(['s']);
  });

  it('refuses tags beyond the core schema, in values and in keys; accepts core tags', () => {
    for (const [value, tag] of [
      ['!!js/function "function () {}"', '!!js/function'],
      ['!!js/undefined ""', '!!js/undefined'],
      ['!!binary aGVsbG8=', '!!binary'],
      ['!!timestamp 2001-12-14', '!!timestamp'],
      ['!!set {a, b}', '!!set'],
      ['!!omap [a: 1]', '!!omap'],
      ['!!python/object:os.system ls', '!!python/object:os.system'],
      ['!<tag:example.com,2000:x> y', 'tag:example.com,2000:x'],
      ['!custom y', '!custom'],
    ] as const) {
      const e = errorOf(() => parseLexicon(`${HEAD}description: ${value}\nentries:\n${ENTRY}`, 't.yaml'));
      expect([e.code, e.message], value).toEqual(['AA202', `YAML tag ${tag} is not allowed: a lexicon is plain data (strings, numbers, lists and mappings)`]);
      expect(e.where).toMatch(/^5:\d+$/);
    }
    expect(errorOf(() => parseLexicon(`${HEAD}!foo description: x\nentries:\n${ENTRY}`, 't.yaml')).code).toBe('AA202');
    expect(parseLexicon(`${HEAD}description: !!str 12\nentries: !!seq\n${ENTRY}`, 't.yaml').document.description).toBe('12');
  });

  it('uses the YAML 1.2 core schema only: no merge keys, no 1.1 booleans or types, even under a %YAML 1.1 directive', () => {
    const merge = errorOf(() => parseLexicon(`${HEAD}entries:\n  - &e {id: group.x, type: armed_group, name: X, aliases: [Xgroup], sources: [s]}\n  - <<: *e\n    id: group.y\n`, 'm.yaml'));
    expect([merge.code, merge.message]).toEqual(['AA203', 'entries[1].<<: unknown key "<<"']);
    const v11 = `%YAML 1.1\n---\n${HEAD}description: yes\nentries:\n${ENTRY}`;
    expect(parseLexicon(v11, 'v.yaml').document.description).toBe('yes');
    expect(errorOf(() => parseLexicon(v11.replace('description: yes', 'description: !!binary aGVsbG8='), 'v.yaml')).code).toBe('AA202');
  });

  it('refuses keys that are lists, mappings or aliases (no "[object Object]" keys)', () => {
    for (const key of ['? [a, b]\n: 1', '? {a: 1}\n: 1', '*k : 1']) {
      const e = errorOf(() => parseLexicon(`${HEAD}description: &k d\n${key}\nentries:\n${ENTRY}`, 'k.yaml'));
      expect(e.code, key).toBe('AA202');
      expect(e.message).toMatch(/^a mapping key must be a plain value/);
    }
  });

  it('refuses deep nesting before the parser recurses (flow, block, compact), with line and column', () => {
    const flow = errorOf(() => parseLexicon(`${HEAD}entries: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'd.yaml'));
    expect([flow.code, flow.where, flow.message]).toEqual(['AA202', '5:73', 'YAML nested more than 64 levels deep']);
    const block = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(errorOf(() => parseLexicon(`${HEAD}${block} x\n`, 'b.yaml')).where).toBe('69:65');
    const compact = errorOf(() => parseLexicon(`${HEAD}entries:\n  ${'- '.repeat(5000)}x\n`, 'c.yaml'));
    expect([compact.code, compact.where]).toEqual(['AA202', '6:127']);
  });

  it('estimates nesting without false alarms: brackets in quotes, comments, block scalars and plain text do not count', () => {
    const many = '['.repeat(200);
    const text = [
      HEAD.trimEnd(),
      `description: "quoted ${many}"`,
      `attribution: 'single ${many} it''s'`,
      `# a comment ${many}`,
      'entries:',
      `  - {id: group.x, type: armed_group, name: "X ${many}", aliases: [Xgroup], sources: [s]}`,
      `    # ${many}`,
      `  - id: group.y`,
      `    type: armed_group`,
      `    name: Y plain ${many} text`,
      `    note: |`,
      `      ${many}`,
      `      {{{{ ${many}`,
      `    aliases: [Ygroup]`,
      `    sources: [s]`,
      '',
    ].join('\n');
    expect(nestingTooDeep(text)).toBeUndefined();
    expect(parseLexicon(text, 'ok.yaml').document.entries.map((e) => e.id)).toEqual(['group.x', 'group.y']);
  });

  it('estimates the shipped lexicons and rules at 6 levels or fewer (the limit, 64, leaves room)', () => {
    for (const f of readdirSync(BUILTIN_LEXICON_DIR).filter((n) => n.endsWith('.yaml'))) {
      expect(nestingTooDeep(readFileSync(join(BUILTIN_LEXICON_DIR, f), 'utf8'), 6), f).toBeUndefined();
    }
    expect(nestingTooDeep(readFileSync(join(BUILTIN_LEXICON_DIR, 'rules', 'context.yaml'), 'utf8'), 6)).toBeUndefined();
    expect(nestingTooDeep(readFileSync(tinyLexiconPath, 'utf8'), 6)).toBeUndefined();
  });

  it('refuses a second YAML document in the file', () => {
    const e = errorOf(() => parseLexicon(`${HEAD}entries:\n${ENTRY}---\n${HEAD}entries: []\n`, 'two.yaml'));
    expect(e.code).toBe('AA202');
  });

  it('never lets __proto__, constructor or prototype keys reach a prototype, at any level', () => {
    const bodies = [
      `__proto__: {polluted: true}\nentries:\n${ENTRY}`,
      `constructor: {prototype: {polluted: true}}\nentries:\n${ENTRY}`,
      `prototype: {polluted: true}\nentries:\n${ENTRY}`,
      `entries:\n  - {id: group.x, type: armed_group, name: X, aliases: [Xgroup], sources: [s], __proto__: {polluted: true}}\n`,
      `entries:\n  - {id: group.x, type: armed_group, name: X, aliases: [Xgroup], sources: [s], constructor: {prototype: {polluted: true}}}\n`,
      `entries:\n  - {id: group.x, type: armed_group, name: X, aliases: [{form: Xgroup, __proto__: {polluted: true}}], sources: [s]}\n`,
      `entries:\n  - {id: group.x, type: official, name: X, aliases: [Xgroup], sources: [s], roles: [{title: T, __proto__: {polluted: true}}]}\n`,
      `entries:\n  - {id: group.x, type: armed_group, name: X, aliases: [Xgroup], sources: [s], xref: {__proto__: {polluted: true}}}\n`,
      `sources: [{id: s, title: t, licence: x, __proto__: {polluted: true}}]\nentries: []\n`,
    ];
    for (const body of bodies) {
      const text = body.startsWith('sources:') ? `${HEAD.replace(/sources:.*\n/, '')}${body}` : `${HEAD}${body}`;
      const e = errorOf(() => parseLexicon(text, 'p.yaml'));
      expect(e.code, body).toBe('AA203');
      prototypesClean();
    }
  });

  it('keeps "constructor" and "prototype" as plain data where free keys and ids are allowed, through compile and annotate', () => {
    const lexicon = parseLexicon(
      `${HEAD}entries:\n  - {id: constructor, type: armed_group, name: Constructor Group, aliases: [Constructor Group, prototype, __proto__x], sources: [s], xref: {constructor: [a], prototype: b}}\n  - {id: prototype, type: armed_group, name: Prototype Band, aliases: [Prototype Band], sources: [s]}\n`,
      'free.yaml',
    );
    const entry = lexicon.document.entries[0]!;
    expect(Object.getPrototypeOf(entry.xref)).toBe(Object.prototype);
    expect(Object.keys(entry.xref!)).toEqual(['constructor', 'prototype']);
    const a = annotateText('The Constructor Group and the Prototype Band; prototype __proto__x constructor.', compileLexicons([lexicon]), { path: 'p.txt' });
    expectValidAnnotation(a);
    expect(a.mentions.map((m) => [m.text, m.entity])).toEqual([
      ['Constructor Group', 'constructor'],
      ['Prototype Band', 'prototype'],
      ['prototype', 'constructor'],
      ['__proto__x', 'constructor'],
    ]);
    expect(a.entities.find((e) => e.id === 'constructor')!.xref).toEqual({ constructor: ['a'], prototype: 'b' });
    prototypesClean();
  });

  it('hardens the context rules file the same way (AA208)', () => {
    expect(errorOf(() => parseRules('format: x\nrules: !!js/function "f"\n', 'rules.yaml')).code).toBe('AA208');
    expect(errorOf(() => parseRules(`rules: ${'['.repeat(1000)}`, 'rules.yaml')).message).toBe('YAML nested more than 64 levels deep');
  });

  it('gives valid lexicons exactly the document the plain YAML 1.2 parser gives', () => {
    for (const f of readdirSync(BUILTIN_LEXICON_DIR).filter((n) => n.endsWith('.yaml'))) {
      const text = readFileSync(join(BUILTIN_LEXICON_DIR, f), 'utf8');
      const plain = YAML.parse(text, { version: '1.2' }) as LexiconDocument;
      expect(parseLexicon(text, f).document, f).toEqual(plain);
    }
  });
});
