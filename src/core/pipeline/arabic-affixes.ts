/**
 * Policy `arabic-affixes.v1` (issue 18): how a Dari or Pashto word that is a name with
 * something attached still matches the name, and how an alias is also found written with
 * or without the space between its words. Used only on Arabic-script text: English text
 * never reaches this module (match.ts tests for an Arabic-script code point first).
 *
 * Spans follow the fa-ps gold conventions: an inflected name is spanned whole (طالبانو,
 * ښرنې, میمنې, کوهستاناتو, چپې درې), an attached particle or noun is left out (د|سرپل,
 * مرکز|اسعداباد).
 * - Endings: Pashto oblique plural -و (طالبانو), oblique -ې for a name in -ه (ښرنې, شبکې),
 *   Persian plural -ها / -های (طالبان‌ها, ولایت‌های), with or without ZWNJ.
 * - Attached before a name: the particles د، په، له، پر، تر، در، از، به and the nouns
 *   مرکز، ولایت، ولسوالی، شهر، ښار (texts where the space is missing), when what is
 *   left (3 letters or more) starts an alias.
 * - Alias forms: a multi-word Arabic-script alias is also indexed with its words run
 *   together (جبهه مقاومتملی, علیمیثم نظری, سیدباقر), and a word ending in الله / الدین /
 *   الرحمن / الحق is also indexed split before that ending (حبیب‌الله ~ حبيب الله).
 */
import { foldKey } from './normalize.js';

export const AFFIX_POLICY = 'arabic-affixes.v1';

const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;

export function isArabicScriptWord(raw: string): boolean {
  return ARABIC_SCRIPT.test(raw);
}

/** Things attached before a name, longest first (raw spellings; both yeh forms). */
const PREFIXES = ['ولسوالی', 'ولسوالۍ', 'ولايت', 'ولایت', 'مرکز', 'ښار', 'شهر', 'په', 'له', 'پر', 'تر', 'در', 'از', 'به', 'د'];
const JOINER = /[\u200c\u200d]/gu;

/** Keys an inflected word may stand for (besides its own key), longest stem first. */
export function endingKeys(raw: string): string[] {
  const w = raw.replace(JOINER, '');
  const out: string[] = [];
  const stem = (n: number, add = ''): void => {
    if (w.length - n + add.length >= 3) out.push(foldKey(w.slice(0, w.length - n) + add));
  };
  if (w.endsWith('های')) stem(3);
  else if (w.endsWith('ها')) stem(2);
  if (w.endsWith('\u0648')) stem(1); // -و
  if (w.endsWith('\u06d0')) {
    stem(1, '\u0647'); // -ې for -ه
    stem(1);
  }
  return out;
}

/** Ways to read a word as something attached + a name: [UTF-16 length of the attachment, rest]. */
export function attachedSplits(raw: string): [number, string][] {
  const out: [number, string][] = [];
  for (const p of PREFIXES) {
    if (raw.startsWith(p) && raw.length - p.length >= 3) {
      let n = p.length;
      while (raw[n] === '\u200c') n++;
      out.push([n, raw.slice(n)]);
    }
  }
  return out;
}

const SPLIT_ENDINGS = ['الله', 'الدین', 'الرحمن', 'الحق'];

/**
 * Extra key sequences an Arabic-script alias is indexed under: its words run together (every
 * way of joining adjacent words, for aliases of up to four words), and compounds in
 * -الله/-الدین/-الرحمن/-الحق split in two. Never the alias's own sequence.
 */
export function aliasKeyVariants(keys: readonly string[]): string[][] {
  if (!keys.some((k) => ARABIC_SCRIPT.test(k))) return [];
  const split: string[] = [];
  for (const k of keys) {
    const e = SPLIT_ENDINGS.map((x) => foldKey(x)).find((x) => k.length > x.length + 1 && k.endsWith(x));
    if (e === undefined) split.push(k);
    else split.push(k.slice(0, k.length - e.length), e);
  }
  const bases = split.length !== keys.length ? [keys, split] : [keys];
  const out = new Map<string, string[]>();
  for (const base of bases) {
    const n = base.length;
    if (n > 5) continue;
    for (let mask = 0; mask < 1 << (n - 1); mask++) {
      const seq: string[] = [base[0]!];
      for (let i = 1; i < n; i++) {
        if (mask & (1 << (i - 1))) seq[seq.length - 1] += base[i]!;
        else seq.push(base[i]!);
      }
      out.set(seq.join('\u0001'), seq);
    }
  }
  out.delete(keys.join('\u0001'));
  return [...out.values()];
}
