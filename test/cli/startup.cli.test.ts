/**
 * Start-up (issue 5): a command loads the packages it uses and no others. wink-nlp and its
 * model cost ~0.2 s to load, yaml and ajv ~0.1 s; with the lexicon cache warm, `schema`
 * and `lexicon list` need none of them, and `annotate` needs neither ajv nor a YAML parse.
 * Runs the built CLI in a child process and lists the packages in its module cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

const cache = mkdtempSync(join(tmpdir(), 'aa-startup-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const script = `
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
const { main } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'cli', 'main.js')).href)});
const sink = new Writable({ write(_c, _e, cb) { cb(); } });
const code = await main({ argv: process.argv.slice(1), env: { NO_COLOR: '1' }, stdout: sink, stderr: sink, stdin: process.stdin });
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((k) => /node_modules\\/([^/]+)/.exec(k)?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify({ code, packages: [...packages].sort() }));
`;

function packagesLoaded(args: string[]): { code: number; packages: string[] } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', XDG_CACHE_HOME: cache },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { code: number; packages: string[] };
}

describe('start-up loads only what the command uses', () => {
  const article = join(repoRoot, 'samples', '2021-08-kabul-airport-bombing.txt');

  it('annotate, with the cache warm: wink-nlp, but no YAML parse and no schema validation', () => {
    packagesLoaded(['annotate', article, '-f', 'json']); // fills the cache
    const r = packagesLoaded(['annotate', article, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.packages).toContain('wink-nlp');
    expect(r.packages).not.toContain('ajv');
    // JSON output needs no YAML at all; YAML output loads the yaml package for its scalars.
    expect(r.packages).not.toContain('yaml');
    expect(packagesLoaded(['annotate', article]).packages).toContain('yaml');
  });

  it('schema and lexicon list: neither wink-nlp nor ajv', () => {
    packagesLoaded(['lexicon', 'list']); // fills the cache
    for (const args of [['schema'], ['schema', 'lexicon'], ['lexicon', 'list'], ['lexicon', 'list', '--json']]) {
      const r = packagesLoaded(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.packages, args.join(' ')).not.toContain('wink-nlp');
      expect(r.packages, args.join(' ')).not.toContain('wink-eng-lite-web-model');
      expect(r.packages, args.join(' ')).not.toContain('ajv');
    }
    expect(packagesLoaded(['schema']).packages).toEqual(['commander']);
  });

  it('lexicon lookup still loads the tokenizer it needs', () => {
    const r = packagesLoaded(['lexicon', 'lookup', 'Kunduz']);
    expect(r.code).toBe(0);
    expect(r.packages).toContain('wink-nlp');
  });
});
