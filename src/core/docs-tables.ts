/**
 * The README's exit-code and error-code tables, generated from src/core/errors.ts so that they
 * cannot drift. A table sits between two markers:
 *
 *   <!-- generated from src/core/errors.ts: errors AA101-AA219 AA301-AA499 -->
 *   ...
 *   <!-- end generated -->
 *
 * `exit-codes` is the exit-code table; `errors RANGES` is `| code | what | exit |` for the
 * codes in the ranges; `findings RANGES` is `| code | finding | severity |` (lexicon
 * validate). `scripts/docs-tables.mjs` rewrites the README; test/unit/docs-tables.test.ts
 * fails when the README differs from what this renders, or when a code is in no table.
 */
import { ErrorCodes, ErrorDocs, ExitCodeDocs, FindingSeverity, exitCodeFor, type ErrorCode, type ExitCode } from './errors.js';

const ALL_CODES = Object.keys(ErrorCodes) as ErrorCode[];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `AA101-AA219` (inclusive) or a single `AA208`. */
function inRanges(code: string, ranges: readonly string[]): boolean {
  return ranges.some((r) => {
    const [from, to = from] = r.split('-') as [string, string?];
    return code >= from && code <= to;
  });
}

export function codesIn(ranges: readonly string[]): ErrorCode[] {
  return ALL_CODES.filter((c) => inRanges(c, ranges)).sort();
}

export function describeCode(code: ErrorCode): string {
  return ErrorDocs[code] ?? ErrorCodes[code];
}

export function exitCodeTable(): string {
  const rows = (Object.keys(ExitCodeDocs) as unknown as ExitCode[]).map(Number).sort((a, b) => a - b);
  return ['| code | meaning |', '|---|---|', ...rows.map((c) => `| ${c} | ${cell(ExitCodeDocs[c as ExitCode].long)} |`)].join('\n');
}

export function errorTable(ranges: readonly string[]): string {
  return ['| code | what | exit |', '|---|---|---|', ...codesIn(ranges).map((c) => `| ${c} | ${cell(describeCode(c))} | ${exitCodeFor(c)} |`)].join('\n');
}

export function findingTable(ranges: readonly string[]): string {
  return [
    '| code | finding | severity |',
    '|---|---|---|',
    ...codesIn(ranges).map((c) => `| ${c} | ${cell(describeCode(c))} | ${FindingSeverity[c] ?? 'error'} |`),
  ].join('\n');
}

/** The short form for `--help`. */
export function exitCodesHelp(): string {
  const rows = (Object.keys(ExitCodeDocs) as unknown as ExitCode[]).map(Number).sort((a, b) => a - b);
  return rows.map((c) => `${c} ${ExitCodeDocs[c as ExitCode].short}`).join('; ');
}

const BLOCK = /(<!-- generated from src\/core\/errors\.ts: ([a-z-]+)((?: [A-Z0-9-]+)*) -->\n)([\s\S]*?)(<!-- end generated -->)/g;

function render(kind: string, ranges: string[]): string {
  if (kind === 'exit-codes') return exitCodeTable();
  if (kind === 'errors') return errorTable(ranges);
  if (kind === 'findings') return findingTable(ranges);
  throw new Error(`unknown generated table "${kind}"`);
}

/** The README with every generated table rewritten from the code. */
export function updateGeneratedTables(readme: string): string {
  return readme.replace(BLOCK, (_all, open: string, kind: string, ranges: string, _old: string, close: string) => {
    return `${open}${render(kind, ranges.trim() === '' ? [] : ranges.trim().split(' '))}\n${close}`;
  });
}

/** The codes that appear in some `errors` table of the README (each code must be documented there). */
export function documentedCodes(readme: string): Set<ErrorCode> {
  const out = new Set<ErrorCode>();
  for (const m of readme.matchAll(BLOCK)) {
    if (m[2] === 'errors' || m[2] === 'findings') codesIn((m[3] ?? '').trim().split(' ')).forEach((c) => out.add(c));
  }
  return out;
}

/** A YAML plain scalar where it is safe in a flow mapping, else a JSON (double-quoted) string. */
function scalar(v: unknown): string {
  if (typeof v !== 'string') return String(v);
  return /[,{}[\]#"']|: |^[\s\-?:!&*|>%@`]|\s$/.test(v) || v === '' ? JSON.stringify(v) : v;
}

function flow(o: Record<string, unknown>, keys: readonly string[] = Object.keys(o)): string {
  const parts = keys.filter((k) => o[k] !== undefined).map((k) => {
    const v = o[k];
    return `${k}: ${typeof v === 'object' && v !== null && !Array.isArray(v) ? flow(v as Record<string, unknown>) : scalar(v)}`;
  });
  return `{ ${parts.join(', ')} }`;
}

const short = (hash: unknown): string => `${String(hash).slice(0, 8)}…`;
/** The first sentence of an attribution, then `…`. */
const firstSentence = (text: string): string => {
  const cut = text.indexOf('. ');
  return cut < 0 ? text : `${text.slice(0, cut + 1)} …`;
};

/**
 * The README's abridged example of an output, from a real one (the golden output of a
 * sample): the first and last lexicon, the first entity and the first ambiguous mention.
 */
export function abridgedExample(doc: {
  schema: object;
  source: Record<string, unknown>;
  annotator: { name: string; version: string; policies: Record<string, unknown>; lexicons: Record<string, unknown>[] };
  summary: Record<string, unknown>;
  entities: Record<string, unknown>[];
  mentions: Record<string, unknown>[];
}): string {
  const lexicon = (l: Record<string, unknown>): string =>
    `    - ${flow({ ...l, sha256: short(l['sha256']), ...(typeof l['attribution'] === 'string' ? { attribution: firstSentence(l['attribution']) } : {}) })}`;
  const lexicons = doc.annotator.lexicons;
  const middle = lexicons.slice(1, -1).map((l) => String(l['name']));
  const entity = doc.entities[0]!;
  // An ambiguous mention shows the most fields (its candidates).
  const mention = doc.mentions.find((m) => Array.isArray(m['candidates'])) ?? doc.mentions[0]!;
  const lines = [
    '```yaml',
    `schema: ${flow(doc.schema as Record<string, unknown>)}`,
    `source: ${flow({ ...doc.source, sha256: short(doc.source['sha256']) })}`,
    'annotator:',
    `  name: ${doc.annotator.name}`,
    `  version: ${doc.annotator.version}`,
    `  policies: ${flow(doc.annotator.policies)}`,
    '  lexicons:',
    lexicon(lexicons[0]!),
    ...(middle.length > 0 ? [`    # … ${middle.join(', ')}, then:`] : []),
    ...(lexicons.length > 1 ? [lexicon(lexicons[lexicons.length - 1]!)] : []),
    `summary: ${flow(doc.summary)}`,
    'entities:',
    `  - ${flow(entity, ['id', 'type', 'name', 'lexicon', 'province', 'kind', 'category', 'mentions'])}`,
    '  # …',
    'mentions:',
    ...(mention === doc.mentions[0] ? [] : ['  # …']),
    ...Object.entries(mention).map(([k, v], i) => {
      const head = i === 0 ? '  - ' : '    ';
      if (Array.isArray(v)) return `${head}${k}:\n${v.map((c) => `      - ${flow(c as Record<string, unknown>)}`).join('\n')}`;
      return `${head}${k}: ${typeof v === 'object' && v !== null ? flow(v as Record<string, unknown>) : scalar(v)}`;
    }),
    '  # …',
    '```',
  ];
  return lines.join('\n');
}

const EXAMPLE = /(<!-- generated from (test\/golden\/samples\/[^ ]+\.ann\.yaml): example -->\n)([\s\S]*?)(<!-- end generated -->)/g;

/** The README with its abridged example rewritten from the golden output it names (`read` reads a repository file). */
export function updateGeneratedExample(readme: string, read: (path: string) => unknown): string {
  return readme.replace(EXAMPLE, (_all, open: string, path: string, _old: string, close: string) => {
    return `${open}${abridgedExample(read(path) as Parameters<typeof abridgedExample>[0])}\n${close}`;
  });
}
