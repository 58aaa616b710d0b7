/**
 * Packages loaded on first use, not at start-up (issue 5): a run that parses no YAML
 * (every lexicon in the cache, JSON output) and validates nothing never loads them.
 * Both are CommonJS packages, so `require` loads them synchronously and returns the very
 * module objects that an `import` elsewhere does.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let yamlModule: typeof import('yaml') | undefined;
/** The `yaml` package. */
export function yamlPackage(): typeof import('yaml') {
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule;
}

/** The `ajv` package. */
export function ajvPackage(): typeof import('ajv') {
  return require('ajv') as typeof import('ajv');
}
