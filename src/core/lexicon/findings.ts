/**
 * Findings of `lexicon validate` as data, and the helpers that need no lexicon checks: a
 * loading error as a finding, the word list, one line per finding. Kept apart from
 * validate.ts, which runs aliases through the real tokenizer (wink-nlp), so that `lexicon`
 * commands load wink only when they validate or look up (issue 5, start-up time).
 */
import type { AnnotatorError, ErrorCode } from '../errors.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  code: ErrorCode;
  severity: Severity;
  /** The lexicon's origin (a path, or `builtin:<file>`). */
  file: string;
  /** YAML path of the offending value, `(document)` for the whole file. */
  path: string;
  /** `line:column` (1-based), when the YAML text is known. */
  where?: string;
  message: string;
}

/** A loading error (AA201-AA203, or any AnnotatorError about a file) as a finding. */
export function findingFromError(error: AnnotatorError, file: string = error.file ?? '(unknown)'): Finding {
  let path = '(document)';
  let message = error.message;
  // Schema errors carry their YAML path at the front of the message: `entries[3].province: ...`.
  const m = error.code === 'AA203' ? /^([^\s:]+): (.*)$/s.exec(error.message) : null;
  if (m) {
    path = m[1]!;
    message = m[2]!;
  }
  return { code: error.code, severity: 'error', file, path, ...(error.where === undefined ? {} : { where: error.where }), message };
}

/**
 * The lower-case words of a word list (one word a line, as in /usr/share/dict/words).
 * Capitalised lines are proper names (Kabul, Khan, Taliban): they are not common words.
 * Possessive forms (`bar's`) are left out.
 */
export function commonWordsFrom(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const w = line.trim();
    if (w === '' || w.includes("'")) continue;
    const first = w[0]!;
    if (first.toLowerCase() !== first || first.toUpperCase() === first) continue; // not a lower-case letter
    out.add(w);
  }
  return out;
}

/** One line per finding: `warning[AA221] FILE:LINE:COL: PATH: message`. */
export function formatFinding(f: Finding): string {
  const location = f.where === undefined ? f.file : `${f.file}:${f.where}`;
  const path = f.path === '(document)' ? '' : `${f.path}: `;
  return `${f.severity}[${f.code}] ${location}: ${path}${f.message}`.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}
