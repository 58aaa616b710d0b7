/**
 * The exit-code and error-code tables (docs/errors.md, docs/lexicons.md) and the abridged
 * output example (docs/output.md) are generated (src/docs-tables.ts, `npm run docs:tables`);
 * these tests fail when they drift from src/core/errors.ts or from the golden output (issue 13,
 * item 9). Every page (README.md and docs/*.md) is checked, wherever a table sits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXIT_CODES_HELP } from '../../src/cli/command-context.js';
import { documentedCodes, updateGeneratedExample, updateGeneratedTables } from '../../src/core/docs-tables.js';
import { ErrorCodes, ExitCode, ExitCodeDocs, FindingSeverity, exitCodeFor, type ErrorCode } from '../../src/core/errors.js';
import { allDocs, readDoc } from '../docs.js';
import { readSchemaFile, repoRoot } from '../helpers.js';

const DOCS = allDocs();
const ERRORS = readDoc('docs/errors.md');
const FIX = (path: string): string => `${path} drifted from the code: run \`npm run docs:tables\` and commit the result`;

describe('generated documentation tables (issue 13 item 9)', () => {
  it('the exit-code and error-code tables are what src/core/errors.ts renders', () => {
    expect(ERRORS).toContain('<!-- generated from src/core/errors.ts: exit-codes -->');
    for (const [path, text] of DOCS) expect(updateGeneratedTables(text), FIX(path)).toBe(text);
  });

  it('every error code is in one of the error tables of the documentation, AA208 included', () => {
    const documented = new Set([...DOCS.values()].flatMap((text) => [...documentedCodes(text)]));
    const missing = (Object.keys(ErrorCodes) as ErrorCode[]).filter((c) => !documented.has(c));
    expect(missing, FIX('docs/errors.md')).toEqual([]);
    expect(ERRORS).toMatch(/^\| AA208 \| .* \| 2 \|$/m);
  });

  it('exit 70 is an ExitCode, documented in docs/errors.md and in --help', () => {
    expect(ExitCode.internal).toBe(70);
    expect(Object.keys(ExitCodeDocs).map(Number).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
    expect(ERRORS).toMatch(/^\| 70 \| internal error/m);
    expect(EXIT_CODES_HELP).toMatch(/70 internal error/);
    for (const code of Object.values(ExitCode)) expect(EXIT_CODES_HELP).toContain(`${code} `);
  });

  it('gold-file errors (AA7xx) exit 2', () => {
    expect(exitCodeFor('AA701')).toBe(2);
    expect(exitCodeFor('AA705')).toBe(2);
  });

  it('the abridged output example is the golden output of its sample (lexicon versions included)', () => {
    const read = (path: string): unknown => YAML.parse(readFileSync(join(repoRoot, path), 'utf8'));
    const output = readDoc('docs/output.md');
    expect(output).toContain('<!-- generated from test/golden/samples/2019-09-kunduz-pul-e-khumri-attacks.ann.yaml: example -->');
    for (const [path, text] of DOCS) expect(updateGeneratedExample(text, read), FIX(path)).toBe(text);
    const golden = read('test/golden/samples/2019-09-kunduz-pul-e-khumri-attacks.ann.yaml') as { annotator: { lexicons: { name: string; version: string }[] } };
    const first = golden.annotator.lexicons[0]!;
    expect(output).toContain(`- { name: ${first.name}, version: ${first.version},`);
  });
});

describe('documentation statements that were false (issue 13 item 9)', () => {
  it('does not say that --types is not recorded', () => {
    for (const [path, text] of DOCS) expect(text, path).not.toMatch(/`--types` is not recorded/);
    expect(readDoc('docs/archive-scale.md')).toContain('`--types` is recorded in\n  `annotator.options.types`');
  });

  it('does not say that check --update always exits 0', () => {
    for (const [path, text] of DOCS) expect(text, path).not.toMatch(/`--update` rewrites[^.]*and exits 0;/);
    expect(readDoc('docs/workflows.md')).toMatch(/exits 0, or 1 when it found extra files/);
  });

  it('names every required key of the lexicon format, sources included', () => {
    const schema = readSchemaFile('lexicon') as { required: string[]; definitions: { entry: { required: string[] } } };
    const sentence = /`format`, `lexicon`, `version`, `sources` and `entries` are required at the top; each\nentry needs `id`, `type`, `name`, `aliases` and `sources`/;
    expect(readDoc('docs/lexicons.md')).toMatch(sentence);
    expect(schema.required).toEqual(['format', 'lexicon', 'version', 'sources', 'entries']);
    expect(schema.definitions.entry.required).toEqual(['id', 'type', 'name', 'aliases', 'sources']);
  });

  it('documents the output name of standard input', () => {
    expect(readDoc('docs/cli.md')).toContain('standard input (`-`) is written to `DIR/stdin.ann.yaml`');
  });
});

describe('the severity column of the lexicon findings table', () => {
  it('is the severity src/lexicon/validate.ts gives each finding', () => {
    const source = readFileSync(join(repoRoot, 'src', 'core', 'lexicon', 'validate.ts'), 'utf8');
    const given = new Map<string, Set<string>>();
    for (const m of source.matchAll(/'(AA2\d\d)',\s*'(error|warning)'/g)) {
      if (!given.has(m[1]!)) given.set(m[1]!, new Set());
      given.get(m[1]!)!.add(m[2]!);
    }
    expect(given.size).toBeGreaterThan(10);
    for (const [code, severities] of given) {
      expect([...severities], code).toEqual([FindingSeverity[code as ErrorCode]]);
    }
  });
});
