/**
 * W3C Web Annotation export (https://www.w3.org/TR/annotation-model/): an annotation ->
 * one `AnnotationCollection` (JSON-LD, context http://www.w3.org/ns/anno.jsonld) whose
 * first page holds one `Annotation` per mention. Pure and deterministic.
 *
 * Each annotation's target is the source text with two selectors:
 * - `TextPositionSelector` {start, end}: the mention's offsets, in Unicode code points as
 *   the Web Annotation model requires (not UTF-16 units, not bytes), counted in the text
 *   as decoded (BOM excluded; a CRLF is two characters);
 * - `TextQuoteSelector` {exact, prefix, suffix}: the mention text and up to 32 code points
 *   on each side, so that tools can re-anchor it if the offsets drift.
 * Bodies: the type (`classifying`), the entity id (`identifying`), the Wikidata item when
 * known (`identifying`, a SpecificResource), and the province code (`tagging`).
 * Ids are `urn:uuid:` name-based UUIDs (version 5) of the source sha256, the span and the
 * entity: the same input gives the same ids.
 */
import { createHash } from 'node:crypto';
import type { Annotation, EntityRecord, MentionRecord } from './contract.js';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Code points of context kept on each side in a TextQuoteSelector. */
export const QUOTE_CONTEXT = 32;
/** Namespace of the name-based UUIDs (fixed for this tool; never change it). */
const UUID_NAMESPACE = 'a7f0c1d2-6b3e-5f48-9a1c-2e4d6f8b0a13';

export interface W3cOptions {
  /** IRI (absolute or relative) of the source text; default: `source.path`, percent-encoded. */
  source?: string;
}

export interface TextualBody {
  type: 'TextualBody';
  purpose: 'classifying' | 'identifying' | 'tagging';
  value: string;
}

export interface ResourceBody {
  type: 'SpecificResource';
  purpose: 'identifying';
  source: string;
}

export interface W3cAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'identifying';
  body: (TextualBody | ResourceBody)[];
  target: {
    source: string;
    selector: [{ type: 'TextPositionSelector'; start: number; end: number }, { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string }];
  };
}

export interface W3cCollection {
  '@context': typeof W3C_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  generator: { type: 'Software'; name: string };
  total: number;
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3cAnnotation[] };
}

/** RFC 4122 version-5 (SHA-1, name-based) UUID. */
export function uuid5(name: string, namespace: string = UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A path as a relative IRI: `/` kept, everything else outside the unreserved set encoded. */
export function pathToIri(path: string): string {
  return path
    .split(/[\\/]/)
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function bodies(m: MentionRecord, e: EntityRecord | undefined): (TextualBody | ResourceBody)[] {
  const out: (TextualBody | ResourceBody)[] = [
    { type: 'TextualBody', purpose: 'classifying', value: m.type },
    { type: 'TextualBody', purpose: 'identifying', value: m.entity },
  ];
  if (e?.wikidata !== undefined) out.push({ type: 'SpecificResource', purpose: 'identifying', source: `http://www.wikidata.org/entity/${encodeURIComponent(e.wikidata)}` });
  if (m.province !== undefined) out.push({ type: 'TextualBody', purpose: 'tagging', value: m.province });
  return out;
}

/** The collection for an annotation of `text` (the decoded source text, as annotated). */
export function toW3c(annotation: Annotation, text: string, options: W3cOptions = {}): W3cCollection {
  const chars = Array.from(text);
  const source = options.source ?? pathToIri(annotation.source.path);
  const entities = new Map(annotation.entities.map((e) => [e.id, e]));
  const sha = annotation.source.sha256;
  const items: W3cAnnotation[] = annotation.mentions.map((m) => ({
    id: `urn:uuid:${uuid5(`${sha}:${m.start}:${m.end}:${m.type}:${m.entity}`)}`,
    type: 'Annotation',
    motivation: 'identifying',
    body: bodies(m, entities.get(m.entity)),
    target: {
      source,
      selector: [
        { type: 'TextPositionSelector', start: m.start, end: m.end },
        {
          type: 'TextQuoteSelector',
          exact: chars.slice(m.start, m.end).join(''),
          prefix: chars.slice(Math.max(0, m.start - QUOTE_CONTEXT), m.start).join(''),
          suffix: chars.slice(m.end, m.end + QUOTE_CONTEXT).join(''),
        },
      ],
    },
  }));
  const collection = uuid5(`${sha}:${annotation.source.path}`);
  return {
    '@context': W3C_CONTEXT,
    id: `urn:uuid:${collection}`,
    type: 'AnnotationCollection',
    label: `afghan-annotator mentions in ${annotation.source.path}`,
    generator: { type: 'Software', name: `afghan-annotator ${annotation.annotator.version}` },
    total: items.length,
    first: { id: `urn:uuid:${uuid5(`${collection}:page:0`)}`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** The collection as a file: indented JSON-LD ending with a newline. */
export function serializeW3c(collection: W3cCollection): string {
  return `${JSON.stringify(collection, null, 2)}\n`;
}
