/**
 * The README's exit-code and error-code tables and its abridged output example are
 * generated (src/docs-tables.ts, `npm run docs:tables`); these tests fail when they drift
 * from src/errors.ts or from the golden output (issue 13, item 9).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXIT_CODES_HELP } from '../../src/cli/command-context.js';
import { documentedCodes, updateGeneratedExample, updateGeneratedTables } from '../../src/core/docs-tables.js';
import { ErrorCodes, ExitCode, ExitCodeDocs, FindingSeverity, exitCodeFor, type ErrorCode } from '../../src/core/errors.js';
import { readSchemaFile, repoRoot } from '../helpers.js';

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const FIX = 'README.md drifted from the code: run `npm run docs:tables` and commit the result';

describe('generated README tables (issue 13 item 9)', () => {
  it('the exit-code and error-code tables are what src/errors.ts renders', () => {
    expect(README).toContain('<!-- generated from src/errors.ts: exit-codes -->');
    expect(updateGeneratedTables(README), FIX).toBe(README);
  });

  it('every error code is in one of the README error tables, AA208 included', () => {
    const documented = documentedCodes(README);
    const missing = (Object.keys(ErrorCodes) as ErrorCode[]).filter((c) => !documented.has(c));
    expect(missing, FIX).toEqual([]);
    expect(README).toMatch(/^\| AA208 \| .* \| 2 \|$/m);
  });

  it('exit 70 is an ExitCode, documented in the README and in --help', () => {
    expect(ExitCode.internal).toBe(70);
    expect(Object.keys(ExitCodeDocs).map(Number).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
    expect(README).toMatch(/^\| 70 \| internal error/m);
    expect(EXIT_CODES_HELP).toMatch(/70 internal error/);
    for (const code of Object.values(ExitCode)) expect(EXIT_CODES_HELP).toContain(`${code} `);
  });

  it('gold-file errors (AA7xx) exit 2', () => {
    expect(exitCodeFor('AA701')).toBe(2);
    expect(exitCodeFor('AA705')).toBe(2);
  });

  it('the abridged output example is the golden output of its sample (lexicon versions included)', () => {
    const read = (path: string): unknown => YAML.parse(readFileSync(join(repoRoot, path), 'utf8'));
    expect(README).toContain('<!-- generated from test/golden/samples/2019-09-kunduz-pul-e-khumri-attacks.ann.yaml: example -->');
    expect(updateGeneratedExample(README, read), FIX).toBe(README);
    const golden = read('test/golden/samples/2019-09-kunduz-pul-e-khumri-attacks.ann.yaml') as { annotator: { lexicons: { name: string; version: string }[] } };
    const first = golden.annotator.lexicons[0]!;
    expect(README).toContain(`- { name: ${first.name}, version: ${first.version},`);
  });
});

describe('README statements that were false (issue 13 item 9)', () => {
  it('does not say that --types is not recorded', () => {
    expect(README).not.toMatch(/`--types` is not recorded/);
    expect(README).toContain('`--types` is recorded in\n  `annotator.options.types`');
  });

  it('does not say that check --update always exits 0', () => {
    expect(README).not.toMatch(/`--update` rewrites[^.]*and exits 0;/);
    expect(README).toMatch(/exits 0, or 1 when it found extra files/);
  });

  it('names every required key of the lexicon format, sources included', () => {
    const schema = readSchemaFile('lexicon') as { required: string[]; definitions: { entry: { required: string[] } } };
    const sentence = /`format`, `lexicon`, `version`, `sources` and `entries` are required at the top; each\nentry needs `id`, `type`, `name`, `aliases` and `sources`/;
    expect(README).toMatch(sentence);
    expect(schema.required).toEqual(['format', 'lexicon', 'version', 'sources', 'entries']);
    expect(schema.definitions.entry.required).toEqual(['id', 'type', 'name', 'aliases', 'sources']);
  });

  it('documents the output name of standard input', () => {
    expect(README).toContain('standard input (`-`) is written to `DIR/stdin.ann.yaml`');
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
