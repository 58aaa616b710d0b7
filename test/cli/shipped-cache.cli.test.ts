/**
 * The read-only lexicon cache that can ship with the package (scripts/prebuild-lexicon-cache.mjs,
 * SHIPPED_CACHE_DIR in src/lexicon/cache.ts; issue 5): built from the built code, it must give
 * a first run the very lexicons, rules and index that parsing and compiling give, without
 * loading a YAML parser or a schema validator, and fill the user's cache as a miss would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'aa-shipped-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dist = (path: string): string => JSON.stringify(pathToFileURL(join(repoRoot, 'dist', path)).href);

/** Reads through the shipped cache at SHIPPED into an empty user cache at USER, then compares with parsing and compiling. */
const script = `
import { createRequire } from 'node:module';
const [shipped, user] = process.argv.slice(1);
const cache = await import(${dist('node/lexicon/cache.js')});
const { compileRules } = await import(${dist('core/context/rules.js')});
const options = { dir: user, shipped };
const rulesDoc = cache.loadRulesCached(undefined, options);
const rules = compileRules(rulesDoc);
const lexicons = cache.loadLexiconsCached({}, options);
const index = cache.loadIndexCached({}, rules, options);
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((k) => /node_modules\\/([^/]+)/.exec(k)?.[1]).filter(Boolean));
const { loadLexicons, loadRules } = await import(${dist('node/lexicon/load.js')});
const { compileLexicons } = await import(${dist('core/lexicon/compile.js')});
const dump = (ix) => JSON.stringify([ix.trie.sections().map((a) => Array.from(a)), ix.entries, [...ix.byId].map(([id, e]) => [id, ix.entries.indexOf(e)]), ix.lexicons, ix.aliasCount, [...ix.variants]]);
const plainLexicons = loadLexicons();
process.stdout.write(JSON.stringify({
  packages: [...packages].sort(),
  sameRules: JSON.stringify(rulesDoc) === JSON.stringify(loadRules()),
  sameLexicons: JSON.stringify(lexicons) === JSON.stringify(plainLexicons),
  sameIndex: dump(index) === dump(compileLexicons(plainLexicons, { rules })),
  rulesAttached: index.rules === rules,
}));
`;

describe('shipped lexicon cache', () => {
  it('is built by scripts/prebuild-lexicon-cache.mjs and gives what parsing and compiling give, without yaml or ajv', () => {
    const shipped = join(tmp, 'shipped');
    const log = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'prebuild-lexicon-cache.mjs'), shipped], { cwd: repoRoot, encoding: 'utf8' });
    expect(log).toMatch(/lexicons, the context rules and their index/);
    const lexiconFiles = readdirSync(join(repoRoot, 'lexicons')).filter((f) => f.endsWith('.yaml'));
    expect(readdirSync(join(shipped, 'lexicons'))).toHaveLength(lexiconFiles.length + 1); // and the rules
    expect(readdirSync(join(shipped, 'indexes'))).toHaveLength(1);

    const user = join(tmp, 'user', 'lexicons');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, shipped, user], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(result).toEqual({ packages: expect.any(Array), sameRules: true, sameLexicons: true, sameIndex: true, rulesAttached: true });
    expect(result['packages']).not.toContain('yaml');
    expect(result['packages']).not.toContain('ajv');
    // The hits were copied into the user's cache, as a miss would have written them.
    expect(readdirSync(user).sort()).toEqual(readdirSync(join(shipped, 'lexicons')).sort());
    expect(readdirSync(join(tmp, 'user', 'indexes'))).toEqual(readdirSync(join(shipped, 'indexes')));
  });
});
