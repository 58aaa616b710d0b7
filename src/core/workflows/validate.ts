/**
 * Checking an annotation document: against the published schema, for internal
 * consistency (counts, order, offsets), and against its source text. Findings are data
 * (`{code, path, message}`); the command turns them into one-line errors. Pure apart from
 * reading the schema file once.
 */
import type { ValidateFunction } from 'ajv';
import { describeSchemaError, pointerSegments, readSchema, yamlPath } from '../lexicon/parse.js';
import { ENTITY_TYPES, type EntityType } from '../lexicon/types.js';
import { ajvPackage } from '../packages.js';
import type { Annotation } from '../output/contract.js';
import type { ErrorCode } from '../errors.js';
import { CodePointText } from './text.js';

export interface Finding {
  code: ErrorCode;
  /** Path of the offending value inside the document (`['mentions', 3, 'province']`). */
  path: (string | number)[];
  message: string;
}

let annotationValidator: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (annotationValidator === undefined) {
    const { Ajv } = ajvPackage();
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    annotationValidator = ajv.compile(readSchema('annotation'));
  }
  return annotationValidator;
}

/**
 * Schema errors, one per offending value (ajv's `if`/`oneOf` wrappers dropped), in
 * document order. Empty when the document is valid.
 */
export function schemaFindings(data: unknown): Finding[] {
  const validate = validator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const out: Finding[] = [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  for (const e of errors.length > 0 ? errors : (validate.errors ?? [])) {
    const path = pointerSegments(e.instancePath);
    if (e.keyword === 'additionalProperties') path.push(String((e.params as Record<string, unknown>)['additionalProperty']));
    const message = `${yamlPath(path)}: ${describeSchemaError(e)}`;
    if (seen.has(message)) continue;
    seen.add(message);
    out.push({ code: 'AA502', path, message });
  }
  return out;
}

/**
 * What the schema cannot say: offsets inside the text and in order, `text` as long as its
 * span, every mention's entity listed with the same type, and the counts in `summary` and
 * `entities[].mentions` agreeing with the mentions. Takes a schema-valid document.
 */
export function consistencyFindings(a: Annotation): Finding[] {
  const out: Finding[] = [];
  const add = (path: (string | number)[], message: string): void => {
    out.push({ code: 'AA505', path, message: `${yamlPath(path)}: ${message}` });
  };
  const entities = new Map(a.entities.map((e, i) => [e.id, { e, i }]));
  const counts = new Map<string, number>();
  const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  let ambiguous = 0;
  let previousEnd = 0;
  a.mentions.forEach((m, i) => {
    if (m.end <= m.start) add(['mentions', i, 'end'], `end ${m.end} is not after start ${m.start}`);
    if (m.end > a.source.length) add(['mentions', i, 'end'], `end ${m.end} is past the end of the text (source.length ${a.source.length})`);
    if (m.start < previousEnd) add(['mentions', i, 'start'], `mention starts at ${m.start}, inside or before the previous mention (ends at ${previousEnd}): mentions must be in text order and not overlap`);
    previousEnd = Math.max(previousEnd, m.end);
    const cps = Array.from(m.text).length;
    if (m.end > m.start && cps !== m.end - m.start) add(['mentions', i, 'text'], `text has ${cps} code point(s) but the span ${m.start}-${m.end} has ${m.end - m.start}`);
    const entity = entities.get(m.entity);
    if (entity === undefined) add(['mentions', i, 'entity'], `entity "${m.entity}" is not listed in entities`);
    else if (entity.e.type !== m.type) add(['mentions', i, 'type'], `type ${m.type} but entity "${m.entity}" has type ${entity.e.type}`);
    counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    byType[m.type]++;
    if (m.ambiguous) ambiguous++;
    if (!m.ambiguous && m.candidates !== undefined) add(['mentions', i, 'candidates'], 'candidates given on a mention that is not ambiguous');
    if (m.candidates !== undefined && m.candidates[0]?.entity !== m.entity) add(['mentions', i, 'candidates', 0], `the first candidate must be the chosen entity "${m.entity}"`);
  });
  a.entities.forEach((e, i) => {
    const n = counts.get(e.id) ?? 0;
    if (n !== e.mentions) add(['entities', i, 'mentions'], `says ${e.mentions} but ${n} mention(s) have entity "${e.id}"`);
  });
  if (entities.size !== a.entities.length) add(['entities'], 'an entity id is listed twice');
  if (a.summary.mentions !== a.mentions.length) add(['summary', 'mentions'], `says ${a.summary.mentions} but there are ${a.mentions.length} mention(s)`);
  if (a.summary.entities !== a.entities.length) add(['summary', 'entities'], `says ${a.summary.entities} but there are ${a.entities.length} entit(ies)`);
  if (a.summary.ambiguous !== ambiguous) add(['summary', 'ambiguous'], `says ${a.summary.ambiguous} but ${ambiguous} mention(s) are ambiguous`);
  for (const t of ENTITY_TYPES) {
    if (a.summary.by_type[t] !== byType[t]) add(['summary', 'by_type', t], `says ${a.summary.by_type[t]} but there are ${byType[t]} ${t} mention(s)`);
  }
  return out;
}

/**
 * Against the source text (decoded as `annotate` decodes it): the sha256 and length in
 * `source`, and every mention's `text` equal to the code-point slice `text[start:end]`.
 */
export function sourceFindings(a: Annotation, source: { text: string; sha256: string }): Finding[] {
  const out: Finding[] = [];
  const text = new CodePointText(source.text);
  if (source.sha256 !== a.source.sha256) {
    out.push({
      code: 'AA504',
      path: ['source', 'sha256'],
      message: `source.sha256: the file ${a.source.path} has changed since it was annotated (sha256 ${source.sha256.slice(0, 12)}…, recorded ${a.source.sha256.slice(0, 12)}…)`,
    });
  }
  if (text.length !== a.source.length) {
    out.push({ code: 'AA504', path: ['source', 'length'], message: `source.length: says ${a.source.length} but the text has ${text.length} code points` });
  }
  a.mentions.forEach((m, i) => {
    const actual = text.slice(m.start, m.end);
    if (actual !== m.text) {
      out.push({
        code: 'AA503',
        path: ['mentions', i, 'text'],
        message: `mentions[${i}].text: ${JSON.stringify(m.text)} but the source has ${JSON.stringify(actual)} at ${m.start}-${m.end} (code points)`,
      });
    }
  });
  return out;
}
