#!/usr/bin/env node
// @ts-check
/**
 * node scripts/prebuild-lexicon-cache.mjs [OUT]   (after `npm run build`; OUT defaults to
 * dist/lexicon-cache)
 *
 * Fills the read-only lexicon cache that ships with the package (SHIPPED_CACHE_DIR in
 * src/lexicon/cache.ts) with the built-in lexicons, the context rules and their compiled
 * index, through the same code and keys as the user's cache. Entries are keyed by the
 * sha256 of the lexicon files and of the built code, so the cache can only ever be used by
 * the very lexicons and build it was made from: run it after every build (a stale one is
 * ignored, which costs the first run its speed, nothing else). The index image is only
 * used by the same V8 version (the Node.js that ran this script).
 *
 * It also writes the image of wink-nlp's built core model into OUT/wink
 * (src/wink-model-cache.ts; keyed on the wink packages' versions, the built code and V8's version).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadIndexCached, loadLexiconsCached, loadRulesCached, SHIPPED_CACHE_DIR } = await import('../dist/node/lexicon/cache.js');
const { compileRules } = await import('../dist/core/context/rules.js');
const { writeWinkCoreCache } = await import('../dist/node/wink-model-cache.js');

const out = process.argv[2] ?? SHIPPED_CACHE_DIR;
rmSync(out, { recursive: true, force: true });
/** @type {import('../dist/node/lexicon/cache.js').CacheOptions} */
const options = { dir: join(out, 'lexicons'), shipped: false };
const rules = compileRules(loadRulesCached(undefined, options));
const lexicons = loadLexiconsCached({}, options);
const index = loadIndexCached({}, rules, options);
const wink = writeWinkCoreCache(join(out, 'wink'));

const files = (/** @type {string} */ dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
const bytes = files(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
console.log(
  `${relative(root, out) || out}: ${lexicons.length} lexicons, the context rules and their index (${index.aliasCount} alias keys)${wink === undefined ? '' : ", wink's core model"}: ${files(out).length} files, ${(bytes / 1024).toFixed(0)} KB`,
);
