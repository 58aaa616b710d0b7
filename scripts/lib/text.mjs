// @ts-check
// Text helpers shared by the build scripts: comparison keys, slugs, script tests. The match
// key (what the annotator's matcher sees) comes from the built package, never a copy.
import process from 'node:process';

/** The built package (dist/index.js): `npm ci` and `npm run build` make it. */
const { aliasPieces } = await import('../../dist/index.js').catch((/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  process.stderr.write(`${err.message.split('\n')[0]}\nthe build scripts use the built package for the match keys: run npm run build first\n`);
  process.exit(2);
});

/** Code-unit order, for sort(). */
export const cmp = (/** @type {string} */ a, /** @type {string} */ b) => (a < b ? -1 : a > b ? 1 : 0);

/** The comparison key: case-folded, diacritics removed, quote and dash variants unified. */
export function fold(/** @type {string} */ s) {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[`\u2018\u2019\u02BC\u02BB\u00B4]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An id slug: folded, apostrophes and full stops dropped, other runs of non-alphanumerics one hyphen. */
export function slug(/** @type {string} */ s) {
  return fold(s)
    .replace(/['.]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The key the matcher sees (normalize.v3, src/pipeline/normalize.ts, through the built
 * package): two forms with the same key match the same text. Pieces are joined by a space.
 */
export function matchKey(/** @type {string} */ form) {
  return aliasPieces(form)
    .map((p) => p.key)
    .join(' ');
}

/** The pieces of a form as written (not folded), joined by a space: "Sar-e Pol" -> "Sar e Pol". */
export function rawPieces(/** @type {string} */ form) {
  return aliasPieces(form)
    .map((p) => p.raw)
    .join(' ');
}

/** True when the string has an Arabic-script letter (Dari, Pashto, Arabic). */
export const isArabicScript = (/** @type {string} */ s) => /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u.test(s);
