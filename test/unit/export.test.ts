import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { bratText, toBrat } from '../../src/core/output/brat.js';
import { pathToIri, QUOTE_CONTEXT, toW3c, uuid5, W3C_CONTEXT } from '../../src/core/output/w3c.js';
import type { Annotation } from '../../src/core/output/contract.js';
import { cpSlice, expectValidAnnotation, tinyIndex } from '../helpers.js';

// Emoji (astral, two UTF-16 units), Pashto/Dari script, CRLF and a name broken across a CRLF.
const TEXT = '🙂🙂 Clashes in Lashkar\r\nGah and Helmand 🙂.\r\nکندز fell; the Taliban’s ISKP rivals 🙂 left Kunduz.\r\n';

function annotate(text: string): Annotation {
  const a = annotateText(text, tinyIndex(), { path: 'corpus/x.txt' });
  expectValidAnnotation(a);
  return a;
}

interface BratSpan {
  id: string;
  type: string;
  spans: [number, number][];
  text: string;
}

function parseBrat(ann: string): { spans: BratSpan[]; lines: string[] } {
  const lines = ann.split('\n').filter((l) => l !== '');
  const spans = lines
    .filter((l) => l.startsWith('T'))
    .map((l) => {
      const [id, data, text] = l.split('\t') as [string, string, string];
      const [type, ...rest] = data.split(' ');
      const spans = rest
        .join(' ')
        .split(';')
        .map((p) => p.split(' ').map(Number) as [number, number]);
      return { id, type: type!, spans, text };
    });
  return { spans, lines };
}

describe('toBrat (brat standoff)', () => {
  const annotation = annotate(TEXT);

  it('offsets are code points into bratText(text) and slice back to the mention text (emoji, Pashto, CRLF)', () => {
    const txt = bratText(TEXT);
    expect(txt).not.toContain('\r');
    const { spans } = parseBrat(toBrat(annotation, TEXT));
    expect(spans).toHaveLength(annotation.mentions.length);
    spans.forEach((s, i) => {
      const m = annotation.mentions[i]!;
      expect(s.type).toBe(m.type);
      // Each fragment slices back (code points, as Python 3 and brat slice); fragments join with a space.
      expect(s.spans.map(([a, b]) => cpSlice(txt, a, b)).join(' ')).toBe(s.text);
      expect(s.text).toBe(m.text.replace(/\r\n|\r|\n/g, ' '));
    });
    expect(spans.map((s) => s.text)).toEqual(['Lashkar Gah', 'Helmand', 'کندز', 'Taliban', 'ISKP', 'Kunduz']);
  });

  it('splits a mention that crosses a line break into fragments, one per line', () => {
    const { spans } = parseBrat(toBrat(annotation, TEXT));
    const lashkar = spans[0]!;
    // "🙂🙂 Clashes in " is 14 code points; "Lashkar" 14-21, LF at 21, "Gah" 22-25.
    expect(lashkar.spans).toEqual([
      [14, 21],
      [22, 25],
    ]);
  });

  it('shifts offsets after each CRLF by one (brat reads universal newlines) and keeps them without CR', () => {
    const { spans } = parseBrat(toBrat(annotation, TEXT));
    const kunduz = annotation.mentions.find((m) => m.text === 'Kunduz')!;
    const crlfBefore = (TEXT.slice(0, TEXT.indexOf('Kunduz')).match(/\r\n/g) ?? []).length;
    expect(crlfBefore).toBe(2);
    expect(spans.at(-1)!.spans).toEqual([[kunduz.start - 2, kunduz.end - 2]]);
    const lf = TEXT.replace(/\r\n/g, '\n');
    const lfAnnotation = annotate(lf);
    expect(parseBrat(toBrat(lfAnnotation, lf)).spans.map((s) => s.spans)).toEqual(lfAnnotation.mentions.map((m) => (m.text.includes('\n') ? [[14, 21], [22, 25]] : [[m.start, m.end]])));
  });

  it('writes Entity, Province and Ambiguous attributes and a note per mention, each pointing at its T line', () => {
    const text = 'Fighting in Kunduz and Helmand.';
    const a = annotate(text);
    const { lines } = parseBrat(toBrat(a, text));
    expect(lines).toEqual([
      'T1\tprovince 12 18\tKunduz',
      'A1\tEntity T1 AF-KDZ',
      'A2\tProvince T1 AF-KDZ',
      'A3\tAmbiguous T1',
      '#1\tAnnotatorNotes T1\tKunduz (AF-KDZ); alias "Kunduz"; candidates: province AF-KDZ, place AF-KDZ.kunduz-city',
      'T2\tprovince 23 30\tHelmand',
      'A4\tEntity T2 AF-HEL',
      'A5\tProvince T2 AF-HEL',
      '#2\tAnnotatorNotes T2\tHelmand (AF-HEL); alias "Helmand"',
    ]);
  });

  it('adds a Wikidata normalization line when the entity has a Wikidata id', () => {
    const text = 'In Helmand.';
    const a = annotate(text);
    a.entities[0]!.wikidata = 'Q171380';
    expect(toBrat(a, text)).toContain('N1\tReference T1 Wikidata:Q171380\tHelmand\n');
  });

  it('is empty for a text without mentions', () => {
    expect(toBrat(annotate('Nothing here.'), 'Nothing here.')).toBe('');
  });
});

describe('toW3c (Web Annotation JSON-LD)', () => {
  const annotation = annotate(TEXT);
  const w3c = toW3c(annotation, TEXT);

  it('is one AnnotationCollection with one Annotation per mention', () => {
    expect(w3c['@context']).toBe(W3C_CONTEXT);
    expect(w3c.type).toBe('AnnotationCollection');
    expect(w3c.total).toBe(annotation.mentions.length);
    expect(w3c.first.type).toBe('AnnotationPage');
    expect(w3c.first.items.map((i) => i.type)).toEqual(annotation.mentions.map(() => 'Annotation'));
  });

  it('TextPositionSelector counts code points in the original text (emoji, Pashto, CRLF) and TextQuoteSelector quotes it', () => {
    w3c.first.items.forEach((item, i) => {
      const m = annotation.mentions[i]!;
      const [pos, quote] = item.target.selector;
      expect(pos).toEqual({ type: 'TextPositionSelector', start: m.start, end: m.end });
      expect(cpSlice(TEXT, pos.start, pos.end)).toBe(m.text);
      expect(quote.exact).toBe(m.text);
      expect(cpSlice(TEXT, pos.start - Array.from(quote.prefix).length, pos.start)).toBe(quote.prefix);
      expect(cpSlice(TEXT, pos.end, pos.end + Array.from(quote.suffix).length)).toBe(quote.suffix);
      expect(Array.from(quote.prefix).length).toBeLessThanOrEqual(QUOTE_CONTEXT);
    });
    // The first mention starts 14 code points in: its prefix is the whole start, emoji included.
    expect(w3c.first.items[0]!.target.selector[1].prefix).toBe('🙂🙂 Clashes in ');
    expect(Array.from(w3c.first.items.at(-1)!.target.selector[1].prefix)).toHaveLength(QUOTE_CONTEXT);
  });

  it('bodies carry the type, the entity id and the province', () => {
    const kunduz = w3c.first.items[annotation.mentions.findIndex((m) => m.text === 'Kunduz')]!;
    expect(kunduz.body).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'province' },
      { type: 'TextualBody', purpose: 'identifying', value: 'AF-KDZ' },
      { type: 'TextualBody', purpose: 'tagging', value: 'AF-KDZ' },
    ]);
    const taliban = w3c.first.items[annotation.mentions.findIndex((m) => m.text === 'Taliban')]!;
    expect(taliban.body.map((b) => (b.type === 'TextualBody' ? b.value : b.source))).toEqual(['armed_group', 'group.taliban']);
  });

  it('links the Wikidata item when the entity has one', () => {
    const text = 'In Helmand.';
    const a = annotate(text);
    a.entities[0]!.wikidata = 'Q171380';
    expect(toW3c(a, text).first.items[0]!.body).toContainEqual({ type: 'SpecificResource', purpose: 'identifying', source: 'http://www.wikidata.org/entity/Q171380' });
  });

  it('ids are deterministic name-based UUIDs, distinct per mention', () => {
    const again = toW3c(annotate(TEXT), TEXT);
    expect(again).toEqual(w3c);
    const ids = [w3c.id, w3c.first.id, ...w3c.first.items.map((i) => i.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uuid5 is RFC 4122 version 5 (the DNS-namespace example that Python uuid.uuid5 gives)', () => {
    expect(uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('the target source is source.path as an IRI unless given', () => {
    expect(w3c.first.items[0]!.target.source).toBe('corpus/x.txt');
    expect(toW3c(annotation, TEXT, { source: '../corpus/x.txt' }).first.items[0]!.target.source).toBe('../corpus/x.txt');
    expect(pathToIri('a dir/ar#ticle 🙂.txt')).toBe('a%20dir/ar%23ticle%20%F0%9F%99%82.txt');
  });
});
