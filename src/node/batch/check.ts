/**
 * `check`'s stage of the per-input job (src/node/batch/task.ts): instead of serializing a
 * fresh annotation, compare it with the one `annotate` wrote before (the annotation file
 * below --out-dir, or a record's `annotation` field in record mode). Reads files, never
 * writes: with --update the driver writes, as for annotate.
 */
import { readFileSync } from 'node:fs';
import { AnnotatorError, displayPath } from '../../core/errors.js';
import type { Annotation } from '../../core/output/contract.js';
import type { Format } from '../../core/output/serialize.js';
import { compareAnnotations } from '../../core/workflows/compare.js';
import { parseAnnotationText } from '../../core/workflows/parse.js';
import { schemaFindings } from '../../core/workflows/validate.js';
import type { CheckSettings, CheckVerdict } from './types.js';

/** What there is to compare with. */
export type Existing = { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; annotation: Annotation };

function validated(data: unknown): Existing {
  const findings = schemaFindings(data);
  if (findings.length > 0) return { kind: 'invalid', reason: `does not match the schema: ${findings[0]!.message}` };
  return { kind: 'ok', annotation: data as Annotation };
}

/** The annotation file `annotate --out-dir` wrote for an input. */
export function readExistingFile(target: string, format: Format): Existing {
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: `cannot read (${code ?? 'error'})` };
  }
  try {
    const docs = parseAnnotationText(text, displayPath(target), format === 'yaml' ? 'yaml' : 'json');
    if (docs.length !== 1) return { kind: 'invalid', reason: `holds ${docs.length} documents, expected one` };
    return validated(docs[0]!.data);
  } catch (error) {
    if (error instanceof AnnotatorError) return { kind: 'invalid', reason: `${error.where === undefined ? '' : `${error.where}: `}${error.message}` };
    throw error;
  }
}

/** The `annotation` field of a record that `annotate --input jsonl` wrote. */
export function existingInRecord(fields: Record<string, unknown>): Existing {
  if (!Object.prototype.hasOwnProperty.call(fields, 'annotation')) return { kind: 'missing' };
  return validated(fields['annotation']);
}

/** The verdict on `existing` against a fresh annotation. */
export function verdictOf(existing: Existing, annotation: Annotation, settings: CheckSettings): CheckVerdict {
  if (existing.kind === 'missing') return { status: 'missing' };
  if (existing.kind === 'invalid') return { status: 'invalid', reason: existing.reason };
  // Compared as the files hold it: plain JSON data (no undefined members).
  const fresh = JSON.parse(JSON.stringify(annotation)) as Annotation;
  const comparison = compareAnnotations(existing.annotation, fresh);
  if (comparison.identical || (comparison.stampOnly && settings.ignoreStamp)) return { status: 'ok' };
  return { status: comparison.stampOnly ? 'stamp' : 'drift', comparison };
}
