/**
 * Gold files for `eval`: JSON Lines, one document a line, in the annotation guide's format
 * (`schema/gold.schema.json`). Every line is checked before anything is scored, and each
 * problem is one finding naming the line: a line that is not JSON (AA701), that does not
 * match the schema (AA702: a missing `mentions`, an unknown `type`), a mention whose `text`
 * is not the document's text at its offsets (AA703), a `province` that is no loaded
 * province's id (AA704). Pure apart from reading the schema once.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { AnnotatorError } from '../errors.js';
import { describeSchemaError, pointerSegments, readSchema, yamlPath } from '../lexicon/parse.js';
import { ajvPackage } from '../packages.js';
import type { GoldDocument } from './score.js';

let goldValidator: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (goldValidator === undefined) {
    const { Ajv } = ajvPackage();
    goldValidator = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(readSchema('gold'));
  }
  return goldValidator;
}

/** Every schema error of a line, deepest first, without the noise of the combinators. */
function schemaMessages(errors: readonly ErrorObject[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of errors) {
    const segments = pointerSegments(e.instancePath);
    if (e.keyword === 'additionalProperties') segments.push(String((e.params as Record<string, unknown>)['additionalProperty']));
    const message = `${yamlPath(segments)}: ${describeSchemaError(e)}`;
    if (!seen.has(message)) {
      seen.add(message);
      out.push(message);
    }
  }
  return out;
}

export interface GoldOptions {
  /** The province codes a `province` may give (the ids of the loaded province entries); unchecked when empty. */
  provinceCodes?: ReadonlySet<string>;
}

/**
 * Parse and check one gold file's text. Returns the documents and the findings (one
 * AnnotatorError per problem, `where` = the 1-based line); callers score nothing when
 * there is a finding.
 */
export function parseGold(text: string, file: string, options: GoldOptions = {}): { documents: GoldDocument[]; errors: AnnotatorError[] } {
  const documents: GoldDocument[] = [];
  const errors: AnnotatorError[] = [];
  const validate = validator();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const where = String(i + 1);
    const fail = (code: 'AA701' | 'AA702' | 'AA703' | 'AA704', message: string): void => {
      errors.push(new AnnotatorError(code, message, { file, where }));
    };
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (cause) {
      fail('AA701', `not a JSON document (${cause instanceof Error ? cause.message : String(cause)})`);
      return;
    }
    if (!validate(data)) {
      for (const message of schemaMessages(validate.errors ?? [])) fail('AA702', message);
      return;
    }
    const doc = data as GoldDocument;
    const chars = Array.from(doc.text);
    let ok = true;
    doc.mentions.forEach((m, k) => {
      const at = `mentions[${k}]`;
      if (m.end <= m.start || m.end > chars.length) {
        fail('AA703', `${at}: offsets ${m.start}-${m.end} are not a span of the text (${chars.length} code points)`);
        ok = false;
        return;
      }
      const slice = chars.slice(m.start, m.end).join('');
      if (slice !== m.text) {
        fail('AA703', `${at}.text: ${JSON.stringify(m.text)} is not the text at ${m.start}-${m.end} (${JSON.stringify(slice)})`);
        ok = false;
      }
      const codes = options.provinceCodes;
      if (m.province !== undefined && codes !== undefined && codes.size > 0 && !codes.has(m.province)) {
        fail('AA704', `${at}.province: "${m.province}" is not the id of any province entry loaded`);
        ok = false;
      }
    });
    if (ok) documents.push(doc);
  });
  return { documents, errors };
}
