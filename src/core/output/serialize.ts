/**
 * Serialization: annotation -> text. Key order is the order the record was built in
 * (fixed by construction), so the same annotation always gives the same bytes.
 */
import type { Annotation } from './contract.js';
import { stringifyYaml } from './yaml.js';

export const FORMATS = ['yaml', 'json', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

/** File extension of a per-input output file. */
export const OUTPUT_EXTENSION: Record<Format, string> = {
  yaml: '.ann.yaml',
  json: '.ann.json',
  jsonl: '.ann.jsonl',
};

/** One document as a complete file (ends with a newline). */
export function serializeAnnotation(annotation: Annotation, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(annotation, null, 2)}\n`;
    case 'jsonl':
      return `${JSON.stringify(annotation)}\n`;
    case 'yaml':
      return stringifyYaml(annotation as unknown as Record<string, unknown>);
  }
}

/** One document as a part of a stream on stdout: YAML documents start with `---`. */
export function serializeForStream(annotation: Annotation, format: Format): string {
  const body = serializeAnnotation(annotation, format);
  return format === 'yaml' ? `---\n${body}` : body;
}
