// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (scripts/lib/../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The reference tables beside the checkout. */
export const DEFAULT_REFERENCE_DIR = path.resolve(REPO_ROOT, '../shared/reference');
