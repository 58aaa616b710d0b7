/**
 * Runs before every test file (setupFiles): the temporary XDG_CACHE_HOME of this run (made by
 * test/setup/cache-home.ts), and fixed fast-check seeds (test/README.md).
 */
import fc from 'fast-check';
import { inject } from 'vitest';

process.env['XDG_CACHE_HOME'] = inject('cacheHome');

/** Fixed by default, so that a run is repeatable; AFGHAN_ANNOTATOR_SEED=N tries another one. */
const seed = Number(process.env['AFGHAN_ANNOTATOR_SEED'] ?? 20240611);
fc.configureGlobal({ seed });
