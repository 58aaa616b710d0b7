/**
 * Which language an article is written in: `en`, `fa` (Dari/Persian), `ps` (Pashto) or
 * `mixed`. Policy `language.v1`:
 * - Letters are counted by script: Arabic-script (U+0600-06FF, U+0750-077F, U+FB50-FDFF,
 *   U+FE70-FEFF) and Latin. A text with no Arabic-script letter is `en` at once (the fast
 *   path English text takes: one scan for an Arabic-script code point).
 * - If both scripts hold at least 20 % of the letters, the text is `mixed`.
 * - Otherwise an Arabic-script text is Pashto or Dari by its function words and letters:
 *   Pashto-only letters (ټ ډ ړ ښ ږ ځ څ ګ ڼ ې ۍ ې) and words (د، په، کې، چې، ته، دي، وايي
 *   ...) against Dari words (در، از، که، است، را، این، با، می ...). Ties go to `fa`.
 * - A text with Latin letters only, or no letters at all, is `en`.
 */
export const LANGUAGE_POLICY = 'language.v1';

export const LANGUAGES = ['en', 'fa', 'ps', 'mixed'] as const;
export type Language = (typeof LANGUAGES)[number];

const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;

/** Whether a string has any Arabic-script code point (the fast-path test). */
export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}

/** Arabic-script letters: U+0620-064A, U+066E-06D3, U+06D5, U+06FA-06FC, U+06FF, U+0750-077F. */
function isArabicLetter(c: number): boolean {
  return (
    (c >= 0x0620 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3) || c === 0x06d5 || (c >= 0x06fa && c <= 0x06fc) || c === 0x06ff || (c >= 0x0750 && c <= 0x077f)
  );
}

/** Latin letters: A-Z, a-z, U+00C0-024F. */
function isLatinLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x00c0 && c <= 0x024f);
}

/**
 * How many Arabic-script and Latin letters a text has: one pass over its code units
 * (every letter counted is in the Basic Multilingual Plane), without the array of
 * one-letter strings that counting with `match` would build.
 */
function countLetters(text: string): { arabic: number; latin: number } {
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) latin++;
    } else if (isArabicLetter(c)) arabic++;
    else if (isLatinLetter(c)) latin++;
  }
  return { arabic, latin };
}
/** Letters only Pashto uses among the Arabic-script languages of Afghanistan. */
const PASHTO_LETTERS = /[\u067c\u0689\u0693\u069a\u0696\u0681\u0685\u06ab\u06bc\u06d0\u06cd]/gu;

const PASHTO_WORDS = new Set(['د', 'په', 'کې', 'کښې', 'چې', 'ته', 'دي', 'دی', 'وايي', 'وایي', 'وويل', 'وویل', 'شوي', 'شوی', 'سره', 'لخوا', 'پر', 'څخه', 'يې', 'یې', 'هم', 'دا', 'دغه', 'کړي', 'کړی']);
const DARI_WORDS = new Set(['در', 'از', 'که', 'است', 'را', 'این', 'با', 'می', 'شد', 'شده', 'گفت', 'کرد', 'کرده', 'آن', 'برای', 'های', 'ها', 'نیز', 'اند', 'بود', 'میگوید', 'گفته', 'وی']);
const WORD = /[\u0620-\u064a\u066e-\u06d3\u06d5\u0750-\u077f]+/gu;

/** The language of a text (policy `language.v1`). */
export function detectLanguage(text: string): Language {
  if (!hasArabicScript(text)) return 'en';
  const { arabic, latin } = countLetters(text);
  const letters = arabic + latin;
  if (letters === 0 || arabic === 0) return 'en';
  if (latin / letters >= 0.2 && arabic / letters >= 0.2) return 'mixed';
  if (arabic / letters < 0.2) return 'en';
  let ps = (text.match(PASHTO_LETTERS) ?? []).length * 0.5;
  let fa = 0;
  for (const w of text.match(WORD) ?? []) {
    const k = w.replace(/\u064a/gu, '\u06cc').replace(/\u0643/gu, '\u06a9');
    if (PASHTO_WORDS.has(w) || PASHTO_WORDS.has(k)) ps += 1;
    if (DARI_WORDS.has(w) || DARI_WORDS.has(k)) fa += 1;
  }
  return ps > fa ? 'ps' : 'fa';
}
