/**
 * brat standoff export (https://brat.nlplab.org/standoff.html): an annotation -> the text
 * of a `.ann` file, to be placed beside a `.txt` file of the same base name. Pure.
 *
 * Offsets. brat reads the `.txt` as UTF-8 with universal newlines (`open_textfile` in
 * brat's server/src/annotation.py) and slices it as a Python string, so its offsets count
 * code points and a CRLF counts as one character (brat issue #853). `toBrat` therefore
 * computes offsets in `bratText(text)`, the text with CRLF and lone CR turned into LF, and
 * the `.txt` to write beside the `.ann` is `bratText(text)`: offsets then slice back to the
 * mention text in code points, in brat and in any Python 3 script, whatever the original
 * line endings. Without a CR in the text, the offsets are the annotation's own.
 *
 * Lines, for mention number n (ids count up from 1 in text order):
 *   Tn  <type> <start> <end>  <text>        text-bound annotation (type: province, place,
 *                                           armed_group or official)
 *   Ak  Entity Tn <entity id>               the lexicon entry's id
 *   Ak  Province Tn <ISO 3166-2 code>       on province and place mentions
 *   Ak  Ambiguous Tn                        binary attribute, when more than one entry matched
 *   Nk  Reference Tn Wikidata:<QID>  <name> when the entity has a Wikidata id
 *   #k  AnnotatorNotes Tn  <notes>          canonical name, alias, candidates
 * A mention that crosses a line break is written as a discontinuous span, one fragment per
 * line, its text the fragments joined by a space (as brat does).
 */
import type { Annotation, EntityRecord } from './contract.js';

/** The text as brat reads it: CRLF and lone CR become LF. Write this as the `.txt`. */
export function bratText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Brat attribute values and types may not contain white space. */
const token = (s: string): string => s.replace(/\s+/g, '_');
/** Free text on one line (notes, reference names). */
const oneLine = (s: string): string => s.replace(/[\t\r\n\u2028\u2029]+/g, ' ');

/**
 * Code points of `text` as an array, and for each original code-point offset the offset
 * in `bratText(text)` (a CR followed by LF is dropped).
 */
function offsetMap(text: string): { chars: string[]; map: (cp: number) => number } {
  const original = Array.from(text);
  const dropped: number[] = [];
  original.forEach((c, i) => {
    if (c === '\r' && original[i + 1] === '\n') dropped.push(i);
  });
  const chars = Array.from(bratText(text));
  const map = (cp: number): number => {
    let lo = 0;
    let hi = dropped.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dropped[mid]! < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp - lo;
  };
  return { chars, map };
}

/** Fragments of [start, end) split at line breaks, line-break characters excluded. */
function fragments(chars: readonly string[], start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || chars[i] === '\n') {
      if (i > from) out.push([from, i]);
      from = i + 1;
    }
  }
  return out.length > 0 ? out : [[start, end]];
}

/** The `.ann` file for an annotation of `text` (the decoded source text, as annotated). */
export function toBrat(annotation: Annotation, text: string): string {
  const { chars, map } = offsetMap(text);
  const entities = new Map<string, EntityRecord>(annotation.entities.map((e) => [e.id, e]));
  const lines: string[] = [];
  let a = 0;
  let n = 0;
  let note = 0;
  annotation.mentions.forEach((m, i) => {
    const t = `T${i + 1}`;
    const parts = fragments(chars, map(m.start), map(m.end));
    const spanText = parts.map(([s, e]) => chars.slice(s, e).join('')).join(' ');
    lines.push(`${t}\t${token(m.type)} ${parts.map(([s, e]) => `${s} ${e}`).join(';')}\t${spanText}`);
    lines.push(`A${++a}\tEntity ${t} ${token(m.entity)}`);
    if (m.province !== undefined) lines.push(`A${++a}\tProvince ${t} ${token(m.province)}`);
    if (m.ambiguous) lines.push(`A${++a}\tAmbiguous ${t}`);
    const e = entities.get(m.entity);
    if (e?.wikidata !== undefined) lines.push(`N${++n}\tReference ${t} Wikidata:${token(e.wikidata)}\t${oneLine(m.name)}`);
    const notes = [`${m.name} (${m.entity})`, `alias ${JSON.stringify(m.alias)}`];
    if (m.candidates !== undefined) notes.push(`candidates: ${m.candidates.map((c) => `${c.type} ${c.entity}`).join(', ')}`);
    lines.push(`#${++note}\tAnnotatorNotes ${t}\t${oneLine(notes.join('; '))}`);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * brat's `annotation.conf` for a set of exported annotations
 * (https://brat.nlplab.org/configuration.html): the four entity types, and the attributes
 * `toBrat` writes: Entity and Province with every value used in these annotations (brat
 * wants an attribute's values listed), and the binary Ambiguous. Written once at the top
 * of the export folder; brat looks for it there from every subfolder.
 */
export function bratAnnotationConf(annotations: Iterable<Annotation>): string {
  const entities = new Set<string>();
  const provinces = new Set<string>();
  for (const a of annotations) {
    for (const m of a.mentions) {
      entities.add(token(m.entity));
      if (m.province !== undefined) provinces.add(token(m.province));
    }
  }
  const sorted = (s: Set<string>): string => [...s].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).join('|');
  const lines = [
    '# Written by afghan-annotator export --format brat: the types and attributes of the .ann files here.',
    '[entities]',
    'province',
    'place',
    'armed_group',
    'official',
    '',
    '[relations]',
    '# none (brat wants the section)',
    '',
    '[events]',
    '',
    '[attributes]',
  ];
  if (entities.size > 0) lines.push(`Entity\tArg:<ENTITY>, Value:${sorted(entities)}`);
  if (provinces.size > 0) lines.push(`Province\tArg:<ENTITY>, Value:${sorted(provinces)}`);
  lines.push('Ambiguous\tArg:<ENTITY>');
  return `${lines.join('\n')}\n`;
}
