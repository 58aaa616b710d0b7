import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { annotateText } from '../../src/core/annotate.js';
import { AnnotatorError } from '../../src/core/errors.js';
import type { Annotation, MentionRecord } from '../../src/core/output/contract.js';
import { compareAnnotations, compareMentions, deepEqual } from '../../src/core/workflows/compare.js';
import { diffAnnotations } from '../../src/core/workflows/diff.js';
import { annotationStem, parseAnnotationText } from '../../src/core/workflows/parse.js';
import { mentionTag, renderMentions } from '../../src/cli/render.js';
import { computeStats, formatStatsCsv } from '../../src/core/workflows/stats.js';
import { csvField, formatTable } from '../../src/core/workflows/table.js';
import { CodePointText } from '../../src/core/workflows/text.js';
import { consistencyFindings, schemaFindings, sourceFindings } from '../../src/core/workflows/validate.js';
import { expectValidAnnotation, tinyIndex } from '../helpers.js';

function annotate(text: string, path = 'x.txt'): Annotation {
  const a = JSON.parse(JSON.stringify(annotateText(text, tinyIndex(), { path }))) as Annotation;
  expectValidAnnotation(a);
  return a;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('compareMentions: matched by span', () => {
  const old = annotate('The Taliban entered Kunduz. NATO left.');

  it('finds gained, lost and changed mentions, in text order', () => {
    const next = clone(old);
    next.mentions = next.mentions.filter((m) => m.text !== 'NATO'); // lost
    const kunduz = next.mentions.find((m) => m.text === 'Kunduz')!;
    Object.assign(kunduz, { type: 'place', entity: 'AF-KDZ.kunduz-city' }); // changed
    next.mentions.unshift({ ...kunduz, start: 0, end: 3, text: 'The', type: 'armed_group', entity: 'group.x', name: 'X' } as MentionRecord); // gained
    const cmp = compareMentions(old.mentions, next.mentions);
    expect(cmp.changes.map((c) => [c.change, c.text])).toEqual([
      ['gained', 'The'],
      ['changed', 'Kunduz'],
      ['lost', 'NATO'],
    ]);
    expect([cmp.gained, cmp.lost, cmp.changed, cmp.unchanged]).toEqual([1, 1, 1, 1]);
    expect(cmp.changes[1]!.old).toMatchObject({ type: 'province', entity: 'AF-KDZ' });
    expect(cmp.changes[1]!.new).toMatchObject({ type: 'place', entity: 'AF-KDZ.kunduz-city' });
  });

  it('a different province on the same span and entity is a change; other fields are details', () => {
    const next = clone(old);
    next.mentions.find((m) => m.text === 'Kunduz')!.province = 'AF-BAL';
    next.mentions.find((m) => m.text === 'Taliban')!.sentence = 9;
    const cmp = compareMentions(old.mentions, next.mentions);
    expect(cmp.changes.map((c) => c.change)).toEqual(['changed']);
    expect(cmp.detailFields).toEqual(['sentence']);
  });

  it('a shifted span is lost and gained, not changed', () => {
    const next = annotate('So the Taliban entered Kunduz. NATO left.');
    const cmp = compareMentions(old.mentions, next.mentions);
    expect(cmp.changed).toBe(0);
    expect(cmp.gained).toBe(3);
    expect(cmp.lost).toBe(3);
  });
});

describe('compareAnnotations', () => {
  const a = annotate('The Taliban entered Kunduz.');

  it('is identical to itself, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(clone(a)).reverse()) as unknown as Annotation;
    const cmp = compareAnnotations(a, reordered);
    expect(cmp.identical).toBe(true);
    expect(cmp.stampOnly).toBe(false);
  });

  it('flags a change of the annotator stamp alone, and says what changed', () => {
    const b = clone(a);
    b.annotator.lexicons[0]!.version = '1.0.1';
    b.annotator.lexicons[0]!.sha256 = 'f'.repeat(64);
    const cmp = compareAnnotations(a, b);
    expect(cmp.identical).toBe(false);
    expect(cmp.stampOnly).toBe(true);
    expect(cmp.stamp).toEqual([`lexicon tiny 1.0.0 -> 1.0.1, sha256 ${a.annotator.lexicons[0]!.sha256.slice(0, 8)} -> ffffffff`]);
  });

  it('is not stamp-only when the mentions or the source differ too', () => {
    const b = clone(a);
    b.annotator.version = '9.9.9';
    b.source.sha256 = '0'.repeat(64);
    const cmp = compareAnnotations(a, b);
    expect(cmp.stampOnly).toBe(false);
    expect(cmp.source).toEqual(['sha256']);
    expect(cmp.stamp).toEqual([`annotator ${a.annotator.version} -> 9.9.9`]);
  });

  it('deepEqual ignores undefined keys and key order, not array order', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe('diffAnnotations: per type and entity, with totals', () => {
  it('counts gained, lost and changed; a changed mention counts under both entities and once in the totals', () => {
    const before = annotate('The Taliban entered Kunduz. NATO left.');
    const after = clone(before);
    after.mentions = after.mentions.filter((m) => m.text !== 'NATO');
    Object.assign(after.mentions.find((m) => m.text === 'Kunduz')!, { type: 'place', entity: 'AF-KDZ.kunduz-city' });
    const extra = annotate('Helmand and ISKP.', 'y.txt');
    const r = diffAnnotations([
      { file: 'a', old: before, new: after },
      { file: 'b', new: extra },
      { file: 'c', old: before, new: before },
    ]);
    expect(r.totals).toEqual({ gained: 2, lost: 1, changed: 1, unchanged: 4 });
    expect(r.files).toEqual({ compared: 2, changed: 1, only_old: [], only_new: ['b'] });
    expect(r.by_type).toEqual([
      { type: 'province', gained: 1, lost: 0, changed: 1 },
      { type: 'place', gained: 0, lost: 0, changed: 1 },
      { type: 'armed_group', gained: 1, lost: 1, changed: 0 },
      { type: 'official', gained: 0, lost: 0, changed: 0 },
    ]);
    expect(r.by_entity.map((e) => [e.entity, e.gained, e.lost, e.changed])).toEqual([
      ['AF-HEL', 1, 0, 0],
      ['AF-KDZ', 0, 0, 1],
      ['AF-KDZ.kunduz-city', 0, 0, 1],
      ['group.iskp', 1, 0, 0],
      ['group.nato', 0, 1, 0],
    ]);
    expect(r.by_file.map((f) => f.file)).toEqual(['a', 'b']);
    expect(r.changes.map((c) => `${c.file}:${c.change}:${c.text}`)).toEqual(['a:changed:Kunduz', 'a:lost:NATO', 'b:gained:Helmand', 'b:gained:ISKP']);
  });
});

describe('computeStats', () => {
  const docs = [
    { annotation: 'a.ann.yaml', document: annotate('The Taliban took Kunduz. Helmand was calm.', 'a.txt') },
    { annotation: 'b.ann.yaml', document: annotate('In Lashkar Gah, Helmand, the Taliban and NATO clashed.', 'b.txt') },
  ];
  const s = computeStats(docs);

  it('counts per type, entity, province and file', () => {
    expect([s.files, s.mentions, s.entities]).toEqual([2, 7, 5]);
    expect(s.by_type.find((t) => t.type === 'armed_group')).toEqual({ type: 'armed_group', mentions: 3, entities: 2, files: 2 });
    expect(s.by_entity.slice(0, 2).map((e) => [e.entity, e.mentions, e.files])).toEqual([
      ['AF-HEL', 2, 2],
      ['group.taliban', 2, 2],
    ]);
    expect(s.by_province).toEqual([
      { province: 'AF-HEL', name: 'Helmand', mentions: 3, province_mentions: 2, place_mentions: 1, files: 2 },
      { province: 'AF-KDZ', name: 'Kunduz', mentions: 1, province_mentions: 1, place_mentions: 0, files: 1 },
    ]);
    expect(s.by_file.map((f) => [f.file, f.mentions, f.armed_group])).toEqual([
      ['a.txt', 3, 1],
      ['b.txt', 4, 2],
    ]);
  });

  it('counts pairs of entities per article and per sentence', () => {
    const pair = (a: string, b: string): { articles: number; sentences: number } | undefined => {
      const p = s.cooccurrence.find((x) => x.a === a && x.b === b);
      return p === undefined ? undefined : { articles: p.articles, sentences: p.sentences };
    };
    expect(pair('AF-HEL', 'group.taliban')).toEqual({ articles: 2, sentences: 1 }); // different sentences in a.txt
    expect(pair('AF-KDZ', 'group.taliban')).toEqual({ articles: 1, sentences: 1 });
    expect(pair('group.taliban', 'AF-HEL')).toBeUndefined(); // pairs are ordered by id
    expect(s.cooccurrence[0]).toMatchObject({ a: 'AF-HEL', b: 'group.taliban' });
  });

  it('is deterministic and gives CSV with a header', () => {
    expect(computeStats(docs)).toEqual(s);
    const csv = formatStatsCsv(s, 'province');
    expect(csv).toBe('province,name,mentions,as_province,as_place,files\nAF-HEL,Helmand,3,2,1,2\nAF-KDZ,Kunduz,1,1,0,1\n');
  });
});

describe('renderMentions (show)', () => {
  const text = 'Fighting in Kunduz 🙂, said Zabihullah Mujahid of the Taliban.';
  const a = annotate(text);

  it('marks every mention with a [text|type entity] tag and keeps the rest of the text', () => {
    expect(renderMentions(text, a.mentions)).toBe(
      'Fighting in [Kunduz|province AF-KDZ ?] 🙂, said [Zabihullah Mujahid|official person.zabihullah-mujahid] of the [Taliban|armed_group group.taliban].',
    );
    expect(mentionTag({ ...a.mentions[2]! })).toBe('[Taliban|armed_group group.taliban]');
  });

  it('colours by type instead when chalk has colour, with no tags', () => {
    const out = renderMentions(text, a.mentions, new Chalk({ level: 1 }));
    expect(out).toContain('\u001b[');
    expect(out).not.toContain('[Kunduz|');
    expect(out.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });
});

describe('parseAnnotationText', () => {
  const a = annotate('In Kunduz.');

  it('reads YAML streams, JSON and JSON Lines; indented JSON documents one after another are an error pointing to JSON Lines', () => {
    const yaml = `---\n${YAML.stringify(a)}---\n${YAML.stringify(a)}`;
    expect(parseAnnotationText(yaml, 'x.yaml').map((d) => d.data)).toEqual([a, a]);
    expect(parseAnnotationText(`${JSON.stringify(a)}\n${JSON.stringify(a)}\n`, 'x.jsonl').map((d) => d.line)).toEqual([1, 2]);
    expect(parseAnnotationText(`${JSON.stringify(a)}\n\n${JSON.stringify(a)}\n`, '-').map((d) => d.line)).toEqual([1, 3]);
    const pretty = JSON.stringify(a, null, 2);
    expect(parseAnnotationText(`\n${pretty}\n`, '-').map((d) => [d.data, d.line])).toEqual([[a, 2]]);
    let error: unknown;
    try {
      parseAnnotationText(`${pretty}\n${pretty}\n`, '-');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnnotatorError);
    const e = error as AnnotatorError;
    expect([e.code, e.where]).toEqual(['AA501', `${pretty.split('\n').length + 1}:1`]);
    expect(e.message).toMatch(/more than one JSON document one after another \(write them as JSON Lines, annotate -f jsonl\)$/);
  });

  it('locates a value by its path, in YAML and in JSON', () => {
    const yaml = YAML.stringify(a);
    const [y] = parseAnnotationText(yaml, 'x.yaml');
    const lines = yaml.split('\n');
    const mentionsLine = lines.indexOf('mentions:');
    const provinceLine = lines.findIndex((l, i) => i > mentionsLine && l === '    province: AF-KDZ');
    expect(mentionsLine).toBeGreaterThan(0);
    expect(y!.locate(['mentions', 0, 'province'])).toBe(`${provinceLine + 1}:15`);
    // A path that does not exist is located at its nearest parent.
    expect(y!.locate(['mentions', 0, 'nothing'])).toBe(`${mentionsLine + 2}:5`);
    const json = `\n${JSON.stringify(a, null, 2)}`;
    const [doc] = parseAnnotationText(json, 'x.json');
    const line = json.split('\n').findIndex((l) => l.includes('"mentions": ['));
    expect(doc!.locate(['mentions'])).toBe(`${line + 1}:15`);
    const compact = JSON.stringify(a);
    const second = parseAnnotationText(`${compact}\n${compact}\n`, 'x.jsonl')[1]!;
    expect(second.locate(['mentions'])).toBe(`2:${compact.indexOf('"mentions":[') + '"mentions":['.length}`);
  });

  it('syntax errors are AA501 with line and column', () => {
    const err = (text: string, name: string): AnnotatorError => {
      try {
        parseAnnotationText(text, name);
      } catch (e) {
        return e as AnnotatorError;
      }
      throw new Error('no error');
    };
    const j = err('{"a": 1,\n  "b": }\n', 'x.json');
    expect([j.code, j.where]).toEqual(['AA501', '2:8']);
    // JSON.parse's words (they differ between Node versions), without the text it quotes or an offset.
    expect(j.message).toMatch(/^JSON syntax error: \S/);
    expect(j.message).not.toMatch(/position|not valid JSON/);
    const open = err('{"a": [1, 2', 'x.json');
    expect([open.code, open.where]).toEqual(['AA501', '1:12']);
    const number = err('{"a": 1,\n "b": -x}', 'x.json');
    expect([number.code, number.where]).toEqual(['AA501', '2:8']);
    const line = err('{"a": 1}\n{"a": 2,}\n', 'x.jsonl');
    expect([line.code, line.where]).toEqual(['AA501', '2:9']);
    const y = err('a: [1, 2\nb: 3\n', 'x.yaml');
    expect(y.code).toBe('AA501');
    expect(y.where).toMatch(/^\d+:\d+$/);
    expect(err('  \n', 'x.json').message).toBe('no annotation document in the file');
  });

  it('annotationStem drops .ann.yaml, .ann.json and .ann.jsonl', () => {
    expect(['a/b.ann.yaml', 'b.ann.json', 'c.ann.jsonl', 'd.yaml'].map(annotationStem)).toEqual(['a/b', 'b', 'c', 'd']);
  });
});

describe('validation findings', () => {
  const text = 'The Taliban entered Kunduz 🙂 and Helmand.';
  const a = annotate(text);

  it('schema: one finding per offending value with its path', () => {
    const bad = clone(a) as unknown as Record<string, unknown> & Annotation;
    bad.mentions[1]!.province = 'KDZ';
    (bad.mentions[0] as unknown as Record<string, unknown>)['colour'] = 'red';
    const f = schemaFindings(bad);
    expect(f.map((x) => x.message)).toEqual(['mentions[0].colour: unknown key "colour"', 'mentions[1].province: must match pattern "^AF-[A-Z]{3}$"']);
    expect(f[0]!.path).toEqual(['mentions', 0, 'colour']);
    expect(schemaFindings(a)).toEqual([]);
  });

  it('consistency: counts, order, spans and entities', () => {
    expect(consistencyFindings(a)).toEqual([]);
    const bad = clone(a);
    bad.summary.mentions = 9;
    bad.mentions[0]!.text = 'Talib';
    bad.mentions[2]!.start = 0;
    bad.mentions[1]!.entity = 'AF-NONE';
    expect(consistencyFindings(bad).map((f) => `${f.code} ${f.message}`)).toEqual([
      'AA505 mentions[0].text: text has 5 code point(s) but the span 4-11 has 7',
      'AA505 mentions[1].entity: entity "AF-NONE" is not listed in entities',
      'AA505 mentions[1].candidates[0]: the first candidate must be the chosen entity "AF-NONE"',
      'AA505 mentions[2].start: mention starts at 0, inside or before the previous mention (ends at 26): mentions must be in text order and not overlap',
      'AA505 mentions[2].text: text has 7 code point(s) but the span 0-40 has 40',
      'AA505 entities[1].mentions: says 1 but 0 mention(s) have entity "AF-KDZ"',
      'AA505 summary.mentions: says 9 but there are 3 mention(s)',
    ]);
  });

  it('source: text must equal the code-point slice; sha256 and length must match', () => {
    const sha = a.source.sha256;
    expect(sourceFindings(a, { text, sha256: sha })).toEqual([]);
    const bad = clone(a);
    bad.mentions[2]!.text = 'Helmund';
    const f = sourceFindings(bad, { text: `${text}!`, sha256: '0'.repeat(64) });
    expect(f.map((x) => x.code)).toEqual(['AA504', 'AA504', 'AA503']);
    expect(f[2]!.message).toBe('mentions[2].text: "Helmund" but the source has "Helmand" at 33-40 (code points)');
  });
});

describe('helpers', () => {
  it('CodePointText slices by code points', () => {
    const t = new CodePointText('a🙂bکندز');
    expect(t.length).toBe(7);
    expect(t.slice(1, 3)).toBe('🙂b');
    expect(t.slice(3, 7)).toBe('کندز');
  });

  it('formatTable aligns; csvField quotes when needed', () => {
    expect(formatTable(['a', 'n'], [['x', 1], ['yy', 10]], ['left', 'right'])).toBe('a    n\nx    1\nyy  10\n');
    expect(['a', 'a,b', 'say "hi"', 'two\nlines', 3].map(csvField)).toEqual(['a', '"a,b"', '"say ""hi"""', '"two\nlines"', '3']);
  });
});
